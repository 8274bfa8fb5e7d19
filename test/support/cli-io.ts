import type { CliIo } from '../../electron/cli/command';

/** A pos-db terminal for tests: not a TTY, every line kept, and every confirmation answered no. */
export function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, isTty: false, out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: () => {}, confirm: async () => false };
}
