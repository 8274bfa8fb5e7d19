import { z } from 'zod';
import type { LaunchState } from '../../upgrade/launch-state';
import type { appContract } from '../contracts/app';
import type { DomainHandlers } from './define';

export interface AppHandlerDeps {
  launchState(): Promise<LaunchState>;
  quit(): void;
}

export const appHandlers = (deps: AppHandlerDeps): DomainHandlers<typeof appContract> => ({
  launchState: { input: z.undefined(), handle: () => deps.launchState() },
  quit: {
    input: z.undefined(),
    handle: async () => {
      deps.quit();
    },
  },
});
