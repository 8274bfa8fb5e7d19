import type { Command } from '../command';
import { backupCommand } from './backup';
import { backupsCommand } from './backups';
import { demoCommand } from './demo';
import { demoSalesCommand } from './demo-sales';
import { demoTenantCommand } from './demo-tenant';
import { restoreCommand } from './restore';
import { statusCommand } from './status';
import { SYNC_COMMANDS } from './sync';
import { TECHNICIAN_CODE_COMMANDS } from './technician-code';
import { upgradeCommand } from './upgrade';
import { USERS_COMMANDS } from './users';
import { verifyCommand } from './verify';

/** Every pos-db command; each lives in its own file and calls the same services as the app. */
export const COMMANDS: readonly Command[] = [
  demoCommand,
  statusCommand,
  backupCommand,
  backupsCommand,
  restoreCommand,
  upgradeCommand,
  verifyCommand,
  demoTenantCommand,
  demoSalesCommand,
  ...SYNC_COMMANDS,
  ...USERS_COMMANDS,
  ...TECHNICIAN_CODE_COMMANDS,
];
