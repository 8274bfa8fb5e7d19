import { execFile } from 'node:child_process';
import fs from 'node:fs';

/** How often the copy's progress is read (the size the destination has reached). */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Copies a live database file without opening it in this process. On POSIX
 * systems closing any descriptor of a file releases every fcntl lock the
 * process holds on it, SQLite's included, so the copy runs in a child process
 * (`cp`: copy_file_range or a reflink where the filesystem offers one), whose
 * descriptors and locks are its own. Windows locks belong to the handle, not
 * the process: there the copy runs here. The caller holds SQLite locks that
 * keep the file from changing during the copy (see snapshotDatabase).
 */
export async function copyLiveFile(src: string, dest: string, onBytes?: (done: number) => void): Promise<void> {
  if (process.platform === 'win32') {
    await fs.promises.copyFile(src, dest);
    return;
  }
  let timer: NodeJS.Timeout | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      execFile('/bin/cp', [src, dest], { encoding: 'utf8' }, (err, _stdout, stderr) => {
        if (err) reject(new Error(stderr.trim() || err.message));
        else resolve();
      });
      // The first report as soon as the copy has started, then every interval.
      if (onBytes) {
        onBytes(sizeOf(dest));
        timer = setInterval(() => onBytes(sizeOf(dest)), PROGRESS_INTERVAL_MS);
      }
    });
  } finally {
    if (timer) clearInterval(timer);
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Marks a database copy as a rollback-journal database (header bytes 18 and 19
 * from 2, WAL, to 1). The copy holds every commit in its main file, so it
 * needs no WAL; as a WAL file, every read-only open of it (the backup's check,
 * a restore's verification) would leave a -wal and a -shm beside it, and fail
 * outright in a read-only folder (a backup on a write-protected stick). The
 * app's next open of a restored file switches it back to WAL. Only for a copy
 * no connection has open.
 */
export function markRollbackJournal(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const versions = Buffer.alloc(2);
    fs.readSync(fd, versions, 0, 2, 18);
    if (versions[0] === 2 && versions[1] === 2) fs.writeSync(fd, Buffer.from([1, 1]), 0, 2, 18);
  } finally {
    fs.closeSync(fd);
  }
}
