import type { z } from 'zod';
import { POS_OPERATIONS } from '../tenancy/pos/operations';
import { SALES_OPERATIONS } from './operations';

/**
 * Every POS operation of the till, declared once each: tenancy's lookups
 * (tenancy/pos/operations.ts) and the selling day's (./operations.ts). The
 * IPC contract, the main-process handlers, the worker's dispatch and the
 * page's types derive from this one object.
 */
export const TILL_OPERATIONS = { ...POS_OPERATIONS, ...SALES_OPERATIONS };

export type TillOperations = typeof TILL_OPERATIONS;
export type TillOperationName = keyof TillOperations;
/** What the page sends: the schema's input type (before trimming). */
export type TillInput<K extends TillOperationName> = z.input<TillOperations[K]['input']>;
export type TillOutput<K extends TillOperationName> = ReturnType<TillOperations[K]['run']>;
