import { z } from 'zod';
import { diagnosticReport, type DiagnosticContext } from '../../upgrade/diagnostic-report';
import type { UpgradeReport } from '../../upgrade/types';
import type { DbClient } from '../../worker/client';
import type { ErrorInfo } from '../contract';
import type { upgradeContract } from '../contracts/upgrade';
import { toErrorInfo } from '../../errors';
import { NothingToReportError } from '../errors';
import type { DomainHandlers } from './define';
import type { ExclusiveGate } from './gate';

export interface UpgradeHandlerDeps {
  client: Pick<DbClient, 'call'>;
  gate: ExclusiveGate;
  writeClipboard(text: string): void;
  diagnosticContext(): DiagnosticContext;
}

/** The renderer can only start the upgrade and ask for its report; what runs and on which file is fixed here. */
export function upgradeHandlers(deps: UpgradeHandlerDeps): DomainHandlers<typeof upgradeContract> {
  let last: { report: UpgradeReport | null; error: ErrorInfo | null } | null = null;
  return {
    start: {
      input: z.undefined(),
      handle: () =>
        deps.gate.run('the upgrade', async () => {
          try {
            const report = await deps.client.call('upgrade.run');
            last = { report, error: null };
            return report;
          } catch (err) {
            last = { report: null, error: toErrorInfo(err) };
            throw err;
          }
        }),
    },
    copyDiagnosticReport: {
      input: z.undefined(),
      handle: async () => {
        if (!last) throw new NothingToReportError();
        const text = diagnosticReport({ ...deps.diagnosticContext(), ...last, now: new Date() });
        deps.writeClipboard(text);
        return { text };
      },
    },
  };
}
