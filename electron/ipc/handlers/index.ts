import type { DiagnosticContext } from '../../upgrade/diagnostic-report';
import type { LaunchState } from '../../upgrade/launch-state';
import type { DbClient } from '../../worker/client';
import { appContract } from '../contracts/app';
import { backupsContract } from '../contracts/backups';
import { posContract } from '../contracts/pos';
import { receiptsContract } from '../contracts/receipts';
import { syncContract } from '../contracts/sync';
import { upgradeContract } from '../contracts/upgrade';
import { guardBindings, technicianGrant } from '../access';
import { appHandlers } from './app';
import { backupsHandlers } from './backups';
import { bindDomain, type Binding } from './define';
import { posHandlers, sessionKeeper } from './pos';
import { receiptsHandlers, type ReceiptPrinting } from './receipts';
import { exclusiveGate } from './gate';
import { syncHandlers } from './sync';
import { upgradeHandlers } from './upgrade';

export interface IpcDeps {
  client: Pick<DbClient, 'call'>;
  launchState(): Promise<LaunchState>;
  quit(): void;
  writeClipboard(text: string): void;
  diagnosticContext(): DiagnosticContext;
  receipts: ReceiptPrinting;
}

/**
 * Every IPC handler, one domain per file; the gate is shared so an upgrade, a
 * backup and a restore never overlap. Each is guarded by the permission check
 * (../access.ts) before it runs; the technician code ends when a session starts or ends.
 */
export function ipcBindings(deps: IpcDeps): Binding[] {
  const gate = exclusiveGate();
  const grant = technicianGrant();
  // One session per window, shared by the POS screens and the sync header and panel.
  const session = sessionKeeper(() => grant.end());
  const bindings = [
    ...bindDomain(appContract, appHandlers(deps)),
    ...bindDomain(upgradeContract, upgradeHandlers({ ...deps, gate })),
    ...bindDomain(backupsContract, backupsHandlers(deps.client, gate, grant)),
    ...bindDomain(posContract, posHandlers(deps.client, session)),
    ...bindDomain(syncContract, syncHandlers(deps.client, session)),
    ...bindDomain(receiptsContract, receiptsHandlers(deps.receipts)),
  ];
  return guardBindings(bindings, deps.client, session, grant);
}
