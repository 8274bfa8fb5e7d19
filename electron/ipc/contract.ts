/**
 * How an IPC contract is written down. A contract is plain data at runtime (a
 * domain name and the names of its operations and events) and carries the
 * input/output types as phantoms. The main process pairs each operation with a
 * zod schema in electron/ipc/handlers/ and hands the preload the names only
 * (ContractManifest).
 */

import type { ErrorInfo } from '../errors';

export type { ErrorInfo };

/** Every operation resolves to an Outcome; errors are values, so their code and hint survive the bridge. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

declare const phantom: unique symbol;

export interface Operation<I, O> {
  readonly kind: 'operation';
  readonly [phantom]?: { input: I; output: O };
}

export interface EventStream<T> {
  readonly kind: 'event';
  readonly [phantom]?: { payload: T };
}

/** An operation the renderer calls. `I = void` means it takes no input. */
export const operation = <I = void, O = void>(): Operation<I, O> => ({ kind: 'operation' });

/** Events the main process pushes to the page (progress). */
export const eventStream = <T>(): EventStream<T> => ({ kind: 'event' });

export interface Contract {
  readonly domain: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly operations: Readonly<Record<string, Operation<any, any>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly events: Readonly<Record<string, EventStream<any>>>;
}

/**
 * A contract as plain data: what the sandboxed preload needs to build
 * `window.pos`. It asks the main process for it once, synchronously, on
 * MANIFEST_CHANNEL, so the preload bundles no contract, no zod and no service
 * code (the POS contract is derived from the service's declarations).
 */
export interface ContractManifest {
  readonly domain: string;
  readonly operations: readonly string[];
  readonly events: readonly string[];
}

export const MANIFEST_CHANNEL = 'pos:manifest';

export const manifestOf = (contracts: readonly Contract[]): ContractManifest[] =>
  contracts.map((c) => ({ domain: c.domain, operations: Object.keys(c.operations), events: Object.keys(c.events) }));

/** The one place a channel name is spelled. */
export const channelOf = (domain: string, name: string): string => `pos:${domain}:${name}`;

export type InputOf<Op> = Op extends Operation<infer I, unknown> ? I : never;
export type OutputOf<Op> = Op extends Operation<unknown, infer O> ? O : never;
export type PayloadOf<Ev> = Ev extends EventStream<infer T> ? T : never;

type OperationFn<I, O> = [I] extends [void] ? () => Promise<Outcome<O>> : (input: I) => Promise<Outcome<O>>;

/** `onProgress(listener)` for an event named `progress`; returns the unsubscribe function. */
export type SubscriberName<E extends string> = `on${Capitalize<E>}`;
export type Subscriber<T> = (listener: (payload: T) => void) => () => void;

export type DomainApi<C extends Contract> = {
  readonly [K in keyof C['operations']]: OperationFn<InputOf<C['operations'][K]>, OutputOf<C['operations'][K]>>;
} & {
  readonly [K in keyof C['events'] & string as SubscriberName<K>]: Subscriber<PayloadOf<C['events'][K]>>;
};

export const subscriberName = <E extends string>(event: E): SubscriberName<E> => `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as SubscriberName<E>;
