import { BadInputError } from '../../errors';
import { sideCodePath } from '../../security/technician-code-file';
import {
  assertTechnicianCode,
  clearTechnicianCodeOfFile,
  setTechnicianCodeOfFile,
  technicianCodeStateOfFile,
  unlockTechnicianCodeOfFile,
} from '../../security/technician-code';
import type { CliIo, Command } from '../command';
import { requireString } from '../command';

/**
 * The technician code of a store file, on the machine itself (no session, no
 * app): for someone with access to the computer, who can read the file anyway.
 * It is how a technician sets the code at install. The code is kept in the
 * store (from 0006 on) and in a copy beside it, which is the one that counts
 * where the store cannot hold a code (unreadable, or older than 0006).
 */
/** --code, or the first line of standard input (so the code is not left in the shell's history). */
async function codeFrom(values: Record<string, unknown>, io: CliIo): Promise<string> {
  if (typeof values.code === 'string') return values.code.trim();
  if (!io.readLine) throw new BadInputError('No technician code given', 'Pipe it on standard input or give --code DIGITS');
  const code = (await io.readLine('Technician code (6 to 12 digits): ')).trim();
  if (code === '') throw new BadInputError('No technician code given', 'Pipe it on standard input or give --code DIGITS');
  return code;
}

export const technicianCodeSetCommand: Command = {
  name: 'technician-code set',
  summary: "set the store file's technician code (opens Backups where no one can sign in)",
  usage:
    'pos-db technician-code set --db FILE [--code DIGITS]\n\n' +
    'The code (6 to 12 digits) is read from standard input unless --code is given: `echo 482916 | pos-db technician-code set --db FILE`.\n' +
    'It replaces the previous code and unlocks it; only its scrypt hash is stored.',
  options: { db: { type: 'string' }, code: { type: 'string' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'technician-code set');
    const code = await codeFrom(values, io);
    // Checked before the file is opened for writing: bad input changes nothing.
    assertTechnicianCode(code);
    const { inStore } = setTechnicianCodeOfFile({ code, file, via: 'pos-db' });
    io.out(
      `Technician code set for ${file}${inStore ? '' : ` (only in ${sideCodePath(file)}: the store cannot hold it yet)`}: the Backups screen asks for it when no one is signed in`,
    );
    return 0;
  },
};

export const technicianCodeClearCommand: Command = {
  name: 'technician-code clear',
  summary: "remove the store file's technician code (Backups then need a signed-in technician or admin)",
  usage: 'pos-db technician-code clear --db FILE\n\nExit 0 when a code was removed, 1 when there was none.',
  options: { db: { type: 'string' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'technician-code clear');
    if (!clearTechnicianCodeOfFile({ file, via: 'pos-db' })) {
      io.err(`pos-db technician-code clear: ${file} has no technician code; nothing was changed`);
      return 1;
    }
    io.out(`Technician code removed from ${file}`);
    return 0;
  },
};

export const technicianCodeUnlockCommand: Command = {
  name: 'technician-code unlock',
  summary: 'unlock the technician code after 5 wrong tries (audited)',
  usage: 'pos-db technician-code unlock --db FILE\n\nExit 0 when wrong tries were counted, 1 when there were none.',
  options: { db: { type: 'string' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'technician-code unlock');
    if (!unlockTechnicianCodeOfFile({ file, via: 'pos-db' })) {
      io.err(`pos-db technician-code unlock: ${file} has no wrong technician codes counted; nothing was changed`);
      return 1;
    }
    io.out(`Technician code unlocked for ${file}`);
    return 0;
  },
};

export const technicianCodeStatusCommand: Command = {
  name: 'technician-code status',
  summary: 'whether the store file has a technician code, and its wrong tries (read-only)',
  usage: 'pos-db technician-code status --db FILE [--json]',
  options: { db: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, io) {
    const file = requireString(values, 'db', 'technician-code status');
    const state = technicianCodeStateOfFile(file);
    if (values.json) io.out(JSON.stringify(state));
    else if (!state.set) io.out(`${file} has no technician code: set one with \`pos-db technician-code set --db ${file}\``);
    else io.out(`Technician code set · ${state.locked ? 'LOCKED after 5 wrong tries' : `${state.failures} wrong ${state.failures === 1 ? 'try' : 'tries'}`}`);
    return 0;
  },
};

export const TECHNICIAN_CODE_COMMANDS: readonly Command[] = [
  technicianCodeSetCommand,
  technicianCodeClearCommand,
  technicianCodeUnlockCommand,
  technicianCodeStatusCommand,
];
