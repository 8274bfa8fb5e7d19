import readline from 'node:readline/promises';
import { PosError } from '../errors';
import { helpText, parseCommandArgs, type CliIo } from './command';
import { COMMANDS } from './commands';

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'pos-db: the POS Desktop technician tool (works when the app will not start)',
    '',
    'Usage: pos-db <command> [options]   (pos-db <command> --help for details)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

export function processIo(): CliIo {
  const isTty = Boolean(process.stdout.isTTY);
  return {
    isTty,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    status: (line) => {
      if (isTty) process.stdout.write(`\r\x1b[2K${line}`);
    },
    async readLine(prompt) {
      if (process.stdin.isTTY) {
        const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
        try {
          return await rl.question(prompt);
        } finally {
          rl.close();
        }
      }
      let text = '';
      for await (const chunk of process.stdin) text += String(chunk);
      return text.split(/\r?\n/)[0] ?? '';
    },
    async confirm(question) {
      if (!process.stdin.isTTY) return false;
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}

/** Runs one pos-db invocation and resolves to its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...afterFirst] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    io.out(usage());
    return first ? 0 : 2;
  }
  // A command of two words (`sync push`) takes the second argument too.
  const twoWords = COMMANDS.find((c) => c.name === `${first} ${afterFirst[0]}`);
  const [name, rest] = twoWords ? [twoWords.name, afterFirst.slice(1)] : [first, afterFirst];
  const command = twoWords ?? COMMANDS.find((c) => c.name === name);
  if (!command) {
    const family = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.slice(first.length + 1));
    if (family.length > 0) io.err(`pos-db ${first}: say which one: ${family.join(', ')}. Run \`pos-db --help\` for the list of commands`);
    else io.err(`pos-db: unknown command '${name}'. Run \`pos-db --help\` for the list of commands`);
    return 2;
  }
  try {
    const values = parseCommandArgs(command, rest);
    if (values.help) {
      io.out(helpText(command));
      return 0;
    }
    return await command.run(values, io);
  } catch (err) {
    if (err instanceof PosError) {
      io.err(`pos-db ${command.name}: ${err.oneLine()}`);
      return err.exitCode;
    }
    io.err(`pos-db ${command.name}: unexpected error: ${(err as Error).message}. Nothing was changed unless stated above; report this to support`);
    return 1;
  }
}
