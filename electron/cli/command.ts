import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BadInputError } from '../errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Where a command writes: injectable so tests capture output without spawning. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (progress bars, confirmation prompts). */
  isTty: boolean;
  /** Asks a yes/no question on the terminal; resolves false when there is no terminal. */
  confirm(question: string): Promise<boolean>;
  /** Rewrites the current terminal line (progress bars). */
  status(line: string): void;
  /** The first line of standard input (a secret piped in, so it is not in the shell's history); absent where there is none. */
  readLine?(prompt: string): Promise<string>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** Resolves to the process exit code. */
  run(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number>;
}

export function parseCommandArgs(command: Command, argv: string[]): Record<string, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
    return values as Record<string, string | boolean | undefined>;
  } catch (err) {
    const msg = (err as Error).message.split(/\.\s|\n/)[0]?.replace(/\.$/, '') ?? 'bad arguments';
    throw new BadInputError(msg, `Run \`pos-db ${command.name} --help\` for usage`);
  }
}

export function requireString(values: Record<string, unknown>, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) {
    throw new BadInputError(`--${name} is required`, `Run \`pos-db ${command} --help\` for usage`);
  }
  return v;
}

export function helpText(command: Command): string {
  return `pos-db ${command.name}: ${command.summary}\n\nUsage: ${command.usage}\n`;
}
