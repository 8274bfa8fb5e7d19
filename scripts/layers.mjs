// The architecture as data: which folder sits in which layer. Imports only go down: a file may import
// its own layer and the layers below, never one above. eslint.config.js turns this into
// import-x/no-restricted-paths zones, and docs/architecture.md draws the same picture.

/** Lowest first. Within one layer, folders may import each other. */
export const LAYERS = [
  { name: 'contracts and errors', paths: ['contracts', 'electron/errors.ts'] },
  { name: 'db: open, migrator, live catalogue', paths: ['electron/db'] },
  { name: 'migrations (frozen)', paths: ['migrations'] },
  { name: 'services: verify, tenancy', paths: ['electron/verify', 'electron/tenancy', 'electron/security'] },
  { name: 'services: backup, demo, sales', paths: ['electron/backup', 'electron/demo', 'electron/sales'] },
  { name: 'services: upgrade, sync', paths: ['electron/upgrade', 'electron/sync'] },
  { name: 'worker (owns SQLite)', paths: ['electron/worker'] },
  { name: 'ipc (contracts, zod handlers)', paths: ['electron/ipc'] },
  { name: 'app and cli', paths: ['electron/app', 'electron/cli', 'electron/main.ts'] },
];

/** Programs that stand apart: what each may import from outside itself. */
export const APART = [
  // The page: types of the IPC contracts, the error shape, nothing else (no service code in the browser bundle).
  { path: 'renderer', may: ['electron/ipc/contracts', 'electron/ipc/contract.ts', 'electron/errors.ts', 'contracts'] },
  // The sandboxed preload: builds window.pos from the manifest, bundles no contract or service.
  { path: 'electron/preload.ts', may: ['electron/ipc/build-api.ts', 'electron/ipc/contract.ts', 'electron/ipc/contracts', 'electron/errors.ts'] },
  // The sync hub: its own program, sharing only the contracts with the till.
  { path: 'hub', may: ['contracts'] },
];

const EVERYTHING = ['contracts', 'electron', 'migrations', 'renderer', 'hub', 'bench', 'test', 'scripts'];

/** The zones for import-x/no-restricted-paths. */
export function layerZones() {
  const zones = [];
  LAYERS.forEach((layer, i) => {
    const above = LAYERS.slice(i + 1).flatMap((l) => l.paths);
    for (const target of layer.paths) {
      zones.push({
        target: `./${target}`,
        from: [...above, 'renderer', 'hub', 'electron/preload.ts', 'bench', 'test', 'scripts'].map((p) => `./${p}`),
        message: `layer "${layer.name}" may not import from a higher layer or another program (scripts/layers.mjs)`,
      });
    }
  });
  // Shipped migrations are frozen: each carries its own copy of the schema facts, never the live catalogue.
  zones.push({
    target: './migrations',
    from: './electron/db/catalogue.ts',
    message: 'a shipped migration never reads the live catalogue: give it a frozen copy of the facts it needs',
  });
  for (const program of APART) {
    // Every top folder but the program's own; a program that is one file inside a folder (the preload) is
    // fenced off from the rest of that folder too.
    const outside = EVERYTHING.filter((p) => p !== program.path);
    // One zone per outside folder, so each exception is a path inside that folder (what the rule wants).
    for (const from of outside) {
      const except = program.may.filter((m) => m === from || m.startsWith(`${from}/`)).map((m) => (m === from ? '.' : `./${m.slice(from.length + 1)}`));
      if (except.includes('.')) continue;
      if (program.path.startsWith(`${from}/`)) except.push(`./${program.path.slice(from.length + 1)}`);
      zones.push({
        target: `./${program.path}`,
        from: `./${from}`,
        except,
        message: `${program.path} may import only ${program.may.join(', ')} (scripts/layers.mjs)`,
      });
    }
  }
  return zones;
}
