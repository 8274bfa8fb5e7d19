import fs from 'node:fs';
import path from 'node:path';

/** Forces a file's data to disk: a backup that only sits in the page cache is lost in a power cut. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a create, rename or delete in a folder durable. Windows cannot open folders; NTFS journals the metadata. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `text` to `file` so that readers see either the old file or the whole new one, never a part.
 * A failure (a full disk) leaves no temp file behind: it is removed before the error is rethrown.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.tmp`;
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(file));
}

/** Removes a file if present; true when something was removed. */
export function removeIfExists(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
