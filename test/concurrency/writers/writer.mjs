// A program writing to (or reading) the store while a pos-db tool works on it, in its own process:
//   node writer.mjs per-insert|keep|reader DB LOG STOP PREFIX
// per-insert opens a connection for every insert, as a program that opens per write (it asks for WAL
// like POS Desktop does); keep inserts through one connection that stays open; reader opens, counts, closes.
// Each id is appended to LOG only after its INSERT has returned (committed). Runs until STOP exists;
// then prints {"committed":N,"errors":{...}} on stdout.
import Database from 'better-sqlite3';
import fs from 'node:fs';

const [mode, dbPath, logPath, stopPath, prefix] = process.argv.slice(2);
const INSERT = `INSERT INTO pending_operations (id, entity_type, entity_id, operation, payload, created_at, updated_at)
                VALUES (?, 'sale', ?, 'insert', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`;
const errors = {};
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const open = () => {
  const db = new Database(dbPath, { timeout: 10000, fileMustExist: true });
  if (mode === 'per-insert') db.pragma('journal_mode = WAL');
  return db;
};
let kept = null;
let committed = 0;
for (let i = 1; !fs.existsSync(stopPath); i++) {
  const id = `${prefix}-${i}`;
  let db = null;
  try {
    db = mode === 'keep' ? (kept ??= open()) : open();
    if (mode === 'reader') db.prepare('SELECT count(*) FROM pending_operations').get();
    else {
      db.prepare(INSERT).run(id, `s${i}`);
      fs.appendFileSync(logPath, `${id}\n`);
      committed++;
    }
  } catch (err) {
    const key = `${err.code ?? 'error'}: ${err.message}`;
    errors[key] = (errors[key] ?? 0) + 1;
    if (mode === 'keep' && kept) {
      try {
        kept.close();
      } catch {
        // already unusable: start again with a new connection
      }
      kept = null;
    }
  } finally {
    if (db && mode !== 'keep') db.close();
  }
  pause(5);
}
kept?.close();
process.stdout.write(`${JSON.stringify({ committed, errors })}\n`);
