import type { DomainApi } from '../contract';
import { appContract } from './app';
import { backupsContract } from './backups';
import { posContract } from './pos';
import { upgradeContract } from './upgrade';

/**
 * Every IPC domain. Adding one: write contracts/<domain>.ts and
 * handlers/<domain>.ts, then list both here and in handlers/index.ts; the
 * preload, the handler registration and the renderer's types follow.
 */
export const CONTRACTS = [appContract, upgradeContract, backupsContract, posContract] as const;

type Contracts = (typeof CONTRACTS)[number];

/** `window.pos`: one object per domain, one function per operation, one `onX` per event. */
export type PosApi = { readonly [C in Contracts as C['domain']]: DomainApi<C> };

export type { BackupList } from './backups';
