import path from 'node:path';

export interface AppPaths {
  /** The store database: <userData>/pos.sqlite. */
  database: string;
  /** Verified backups and their manifests: <userData>/backups. */
  backups: string;
  /** Receipts saved as PDF: <userData>/receipts. */
  receipts: string;
  /** Where the app records unexpected errors by support code: <userData>/incidents.log. */
  incidents: string;
  /** The renderer's folder inside the app bundle: all the app:// scheme serves. */
  rendererDir: string;
  /** The renderer's entry page inside the app bundle. */
  page: string;
  preload: string;
  worker: string;
  /**
   * The worker bundle's sha256, written at build time (scripts/build-node.mjs) beside main.cjs,
   * inside app.asar (whose integrity Electron checks): the unpacked worker is outside it.
   */
  integrity: string;
}

/**
 * Where everything lives. `bundleDir` is the folder of the bundled main.cjs
 * (dist/electron); inside a packaged app the worker runs from app.asar.unpacked
 * because a worker thread and better-sqlite3's native module cannot be loaded
 * from inside the asar archive.
 */
export function appPaths(userData: string, bundleDir: string): AppPaths {
  const unpacked = bundleDir.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
  return {
    database: path.join(userData, 'pos.sqlite'),
    backups: path.join(userData, 'backups'),
    receipts: path.join(userData, 'receipts'),
    incidents: path.join(userData, 'incidents.log'),
    rendererDir: path.join(bundleDir, '..', 'renderer'),
    page: path.join(bundleDir, '..', 'renderer', 'index.html'),
    preload: path.join(bundleDir, 'preload.cjs'),
    worker: path.join(unpacked, 'worker.cjs'),
    integrity: path.join(bundleDir, 'integrity.json'),
  };
}
