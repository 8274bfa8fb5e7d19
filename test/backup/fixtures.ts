import fs from 'node:fs';
import path from 'node:path';
import { databaseContentHashes } from '../../electron/db/content-hash';
import { openDatabase } from '../../electron/db/open';
import { copyDatabase, makeDemoDatabase } from '../helpers';

/** One small legacy demo store per test file; each test works on its own copy in its own folder. */
export async function smallStoreFactory(root: string): Promise<(name: string) => string> {
  const template = await makeDemoDatabase(root, 'small');
  let n = 0;
  return (name: string) => {
    const dir = path.join(root, `${name.replace(/\W+/g, '-')}-${n++}`);
    fs.mkdirSync(dir);
    return copyDatabase(template, path.join(dir, 'pos.sqlite'));
  };
}

/** Content hashes of every table in a database file, read-only. */
export function contentHashesOf(file: string): Record<string, string> {
  const db = openDatabase(file, { readonly: true });
  try {
    return databaseContentHashes(db);
  } finally {
    db.close();
  }
}

/** Every file in a folder, sorted; for "nothing else was written" assertions. */
export function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}
