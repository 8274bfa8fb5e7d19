import type { z } from 'zod';
import { permissionKey } from '../../tenancy/permissions';
import { channelOf, type Contract, type InputOf, type OutputOf } from '../contract';

/** What the handler receives: `undefined` for operations that take no input. */
export type HandlerInput<I> = [I] extends [void] ? undefined : I;

export interface OperationHandler<I, O> {
  /** Validates the page's input before anything runs; anything it does not describe is refused. */
  input: z.ZodType<HandlerInput<I>>;
  handle(input: HandlerInput<I>): Promise<O>;
}

/** A handler for every operation of the contract: a missing one is a type error. */
export type DomainHandlers<C extends Contract> = {
  [K in keyof C['operations']]: OperationHandler<InputOf<C['operations'][K]>, OutputOf<C['operations'][K]>>;
};

export interface Binding {
  channel: string;
  /** The permission table's key (electron/tenancy/permissions.ts): `backups.restore`. */
  permission: string;
  input: z.ZodType;
  handle(input: unknown): Promise<unknown>;
}

export function bindDomain<C extends Contract>(contract: C, handlers: DomainHandlers<C>): Binding[] {
  return Object.keys(contract.operations).map((name) => {
    const h = (handlers as Record<string, OperationHandler<unknown, unknown>>)[name];
    if (!h) throw new Error(`no IPC handler for ${channelOf(contract.domain, name)}`);
    return { channel: channelOf(contract.domain, name), permission: permissionKey(contract.domain, name), input: h.input, handle: (input) => h.handle(input) };
  });
}
