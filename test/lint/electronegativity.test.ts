import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm run lint` runs Doyensec's Electron scanner (scripts/electronegativity.mjs) on electron/ and renderer/:
 * the findings left are each explained (docs/security.md), and a new one fails the lint.
 */
const ROOT = path.resolve(__dirname, '../..');
const probe = path.join(ROOT, 'test-results', `electronegativity-probe-${process.pid}`, 'probe');
afterAll(() => fs.rmSync(path.dirname(probe), { recursive: true, force: true }));

const scan = (...folders: string[]) =>
  spawnSync(process.execPath, ['scripts/electronegativity.mjs', ...folders], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('the Electron security scan in npm run lint', () => {
  it('passes on the app: every finding it still reports is in the explained allow-list', () => {
    const r = scan();
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^electronegativity ok: \d+ findings on electron, renderer \(Electron 45\.[\d.]+\), (\d+) explained, 0 not/);
    expect(r.status).toBe(0);
  }, 120_000);

  it('fails on a finding nobody explained, and names it', () => {
    fs.mkdirSync(probe, { recursive: true });
    fs.writeFileSync(
      path.join(probe, 'window.ts'),
      `import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n`,
    );
    const r = scan('electron', 'renderer', path.relative(ROOT, probe));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/CONTEXT_ISOLATION_JS_CHECK probe\/window\.ts:2 \(HIGH/);
    expect(r.stdout).toMatch(/electronegativity FAILED/);
  }, 120_000);
});
