import type { Command } from '../command';
import { demoCommand } from './demo';
import { statusCommand } from './status';

/** Every pos-db command; each lives in its own file and calls the same services as the app. */
export const COMMANDS: readonly Command[] = [demoCommand, statusCommand];
