import type { LaunchState } from '../../upgrade/launch-state';
import { operation, type Contract } from '../contract';

/** The app itself: which screen to open, and quitting. */
export const appContract = {
  domain: 'app',
  operations: {
    /** Re-reads the database and decides the screen (also after a restore). */
    launchState: operation<void, LaunchState>(),
    quit: operation<void, void>(),
  },
  events: {},
} as const satisfies Contract;
