import { OperationInProgressError } from '../errors';

/** Upgrade, backup and restore each change the database file: the gate lets one run at a time and refuses the rest at once. */
export function exclusiveGate() {
  let running: string | null = null;
  return {
    async run<T>(label: string, work: () => Promise<T>): Promise<T> {
      if (running !== null) throw new OperationInProgressError(running, label);
      running = label;
      try {
        return await work();
      } finally {
        running = null;
      }
    },
  };
}

export type ExclusiveGate = ReturnType<typeof exclusiveGate>;
