import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule (scripts/layers.mjs, enforced by `npm run lint`) on probe
 * files placed in the real tree: each upward import must be refused, each
 * downward one allowed. A resolver that silently failed would let everything
 * through, so the allowed cases also prove the imports were resolved.
 */
const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('import-x/')).map((m) => `${m.ruleId}: ${m.message}`);
}

const refused: [string, string, string][] = [
  ['db imports a service', 'electron/db/__probe__.ts', `import { runUpgrade } from '../upgrade/run-upgrade';\nvoid runUpgrade;`],
  ['a migration reads the live catalogue', 'migrations/__probe__.ts', `import { CATALOGUE } from '../electron/db/catalogue';\nvoid CATALOGUE;`],
  ['verify imports upgrade', 'electron/verify/__probe__.ts', `import { runUpgrade } from '../upgrade/run-upgrade';\nvoid runUpgrade;`],
  ['the worker imports ipc', 'electron/worker/__probe__.ts', `import { registerIpc } from '../ipc/register';\nvoid registerIpc;`],
  ['a service imports the worker', 'electron/backup/__probe__.ts', `import { serveOps } from '../worker/serve';\nvoid serveOps;`],
  ['ipc imports the app', 'electron/ipc/__probe__.ts', `import { startApp } from '../app/start';\nvoid startApp;`],
  ['the renderer imports a service', 'renderer/src/__probe__.ts', `import { listBackups } from '../../electron/backup';\nvoid listBackups;`],
  ['the renderer imports the catalogue', 'renderer/src/__probe__.ts', `import { CATALOGUE } from '../../electron/db/catalogue';\nvoid CATALOGUE;`],
  ['the hub imports the till', 'hub/__probe__.ts', `import { CATALOGUE } from '../electron/db/catalogue';\nvoid CATALOGUE;`],
  ['the shared contracts import the till', 'contracts/__probe__.ts', `import { openDatabase } from '../electron/db/open';\nvoid openDatabase;`],
];

const allowed: [string, string, string][] = [
  [
    'upgrade imports backup and verify',
    'electron/upgrade/__probe__.ts',
    `import { createBackup } from '../backup';\nimport { verifyTenantDatabase } from '../verify/verify';\nvoid createBackup; void verifyTenantDatabase;`,
  ],
  ['a migration imports the errors', 'migrations/__probe__.ts', `import { PosError } from '../electron/errors';\nvoid PosError;`],
  [
    'the renderer imports the contract types',
    'renderer/src/__probe__.ts',
    `import type { PosApi } from '../../electron/ipc/contracts';\nexport type X = PosApi;`,
  ],
  ['ipc calls the worker', 'electron/ipc/__probe__.ts', `import { DbClient } from '../worker/client';\nvoid DbClient;`],
  ['the hub imports the shared contracts', 'hub/__probe__.ts', `import { isValidTenantId } from '../contracts/tenant-id';\nvoid isValidTenantId;`],
];

describe('the layer rule of npm run lint', () => {
  it.each(refused)('refuses: %s', async (_what, file, code) => {
    const found = await problems(file, code);
    expect(
      found.some((p) => p.startsWith('import-x/no-restricted-paths')),
      found.join('\n'),
    ).toBe(true);
  });

  it('refuses: the preload imports anything but the API builder and the contract types', async () => {
    // The real preload file's path, so the zone that fences it inside electron/ is the one exercised.
    const found = await problems('electron/preload.ts', `import { POS_OPERATIONS } from './tenancy/pos/operations';\nvoid POS_OPERATIONS;`);
    expect(
      found.some((p) => p.startsWith('import-x/no-restricted-paths')),
      found.join('\n'),
    ).toBe(true);
  });

  it.each(allowed)('allows: %s', async (_what, file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('resolves the imports it judges (an unresolvable one is an error of its own)', async () => {
    const found = await problems('electron/db/__probe__.ts', `import { nothing } from '../no/such/module';\nvoid nothing;`);
    expect(found.some((p) => p.startsWith('import-x/no-unresolved'))).toBe(true);
  });
});
