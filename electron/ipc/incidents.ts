import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorInfo } from '../errors';

/**
 * An error that is not one of ours (code UNEXPECTED: a bare SQLite or Node
 * error) says nothing useful to staff and may quote the database's internals
 * (table names, SQL, paths). The page gets a generic message with a support
 * code; the raw text goes only to the local incidents log under that code,
 * where a technician or support finds it.
 */
export interface IncidentLog {
  /** Records the raw error and returns its support code. */
  record(channel: string, error: ErrorInfo): string;
}

/** Short enough to read over the phone: POS- and 6 characters without look-alikes (no 0/O, 1/I/L). */
export function newSupportCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(6);
  return `POS-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** One JSON line per incident in `file`; a log that cannot be written never hides the error from the page. */
export function fileIncidentLog(file: string, log: (line: string) => void = () => {}): IncidentLog {
  return {
    record(channel, error) {
      const supportCode = newSupportCode();
      const line = JSON.stringify({ supportCode, at: new Date().toISOString(), channel, name: error.name, message: error.message });
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.appendFileSync(file, `${line}\n`, { mode: 0o600 });
      } catch (err) {
        log(`the incidents log ${file} could not be written: ${(err as Error).message}`);
      }
      return supportCode;
    },
  };
}

/** The incidents log's lines, for the diagnostic report (the newest last). */
export function readIncidents(file: string, limit = 20): string[] {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).slice(-limit);
  } catch {
    return [];
  }
}

/** What the page sees of an unexpected error. */
export function genericError(supportCode: string): ErrorInfo {
  return {
    code: 'UNEXPECTED',
    name: 'UnexpectedError',
    message: `Something went wrong that POS Desktop did not expect (support code ${supportCode})`,
    hint: `Try again. If it happens again, call support and give them the code ${supportCode}`,
    supportCode,
  };
}

/** Errors of ours pass as they are; anything else is recorded and replaced. */
export function forPage(channel: string, error: ErrorInfo, incidents: IncidentLog): ErrorInfo {
  return error.code === 'UNEXPECTED' ? genericError(incidents.record(channel, error)) : error;
}
