/** Launch options from the command line and environment (a technician or a kiosk image sets these). */
export interface LaunchOptions {
  /** Create the demo store on a fresh install (default on; `--no-demo` or POS_NO_DEMO=1 turns it off). */
  demo: boolean;
}

export function launchOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LaunchOptions {
  const envOff = env.POS_NO_DEMO !== undefined && !/^(0|false|no|)$/i.test(env.POS_NO_DEMO.trim());
  return { demo: !argv.includes('--no-demo') && !envOff };
}
