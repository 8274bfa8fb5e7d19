import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../electron/app/paths';

const ROOT = path.resolve(__dirname, '../..');
const load = () => getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);

/** Packages a module needs at runtime: its lib's bare requires, then their dependencies, transitively. */
function runtimeModules(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const dir = path.join(ROOT, 'node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const libDir = path.join(dir, 'lib');
  const sources = fs.existsSync(libDir)
    ? fs
        .readdirSync(libDir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.js'))
        .map((f) => path.join(libDir, f))
    : [path.join(dir, 'bindings.js')];
  for (const file of sources.filter((f) => fs.existsSync(f))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\(['"]([^'"./][^'"]*)['"]\)/g)) {
      const dep = m[1] as string;
      if (!builtinModules.includes(dep) && (deps.has(dep) || name !== 'better-sqlite3')) runtimeModules(dep, seen);
    }
  }
  // bindings has no lib/: follow its declared dependencies.
  if (!fs.existsSync(libDir)) deps.forEach((d) => runtimeModules(d, seen));
  return seen;
}

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's own schema", async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb, nsis and dmg, for the app id and product name', async () => {
    const c = await load();
    expect(c.appId).toBe('com.capsautomotive.posdesktop');
    expect(c.productName).toBe('POS Desktop');
    expect(c.linux?.target).toEqual(['AppImage', 'deb']);
    expect(c.win?.target).toEqual(['nsis']);
    expect(c.mac?.target).toEqual(['dmg']);
  });

  it("rebuilds better-sqlite3 from source for Electron's ABI", async () => {
    const c = await load();
    expect(c.npmRebuild).toBe(true);
    expect(c.buildDependenciesFromSource).toBe(true);
  });

  it('unpacks from the asar the worker the app starts and every module better-sqlite3 loads at runtime', async () => {
    const unpacked = (await load()).asarUnpack as string[];
    const packaged = appPaths('/u', path.join('/opt/POS Desktop/resources/app.asar', 'dist', 'electron'));
    const workerInApp = path.relative('/opt/POS Desktop/resources/app.asar.unpacked', packaged.worker);
    expect(unpacked).toContain(workerInApp);
    const needed = [...runtimeModules('better-sqlite3')].sort();
    expect(needed).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
    for (const m of needed) expect(unpacked).toContain(`node_modules/${m}/**`);
  });

  it('packs the bundles main.cjs loads (preload, page) and what package.json points at', async () => {
    const c = await load();
    const files = (c.files as { filter: string[] }[]).flatMap((f) => f.filter);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']));
  });
});

describe('electron fuses', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect; load the app only from an integrity-checked asar', async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the worker fingerprint is packed inside app.asar (covered by its integrity check), the worker itself outside', async () => {
    const c = await load();
    const packaged = appPaths('/u', path.join('/opt/POS Desktop/resources/app.asar', 'dist', 'electron'));
    expect(packaged.integrity).toBe(path.join('/opt/POS Desktop/resources/app.asar', 'dist', 'electron', 'integrity.json'));
    expect(c.asarUnpack as string[]).not.toContain('dist/electron/integrity.json');
    expect(JSON.stringify(c.files)).toContain('"dist/electron/**"');
  });
});
