import type { HubMigration } from '../migration';
import { hubSchema } from './0001-hub-schema';
import { changeLogTime } from './0002-change-log-time';
import { holds } from './0003-holds';

/** Every migration this hub knows, in order, by explicit name. */
export const HUB_MIGRATIONS: readonly HubMigration[] = [hubSchema, changeLogTime, holds];
