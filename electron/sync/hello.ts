import { SYNC_PROTOCOL_VERSION, type TillHello } from '../../contracts/sync/protocol';
import { APP_VERSION } from '../backup/app-version';
import { executedMigrations } from '../db/migrator';
import type { Db } from '../db/open';

/** Who this till is when it speaks to the hub: the protocol, the app's version and the database's newest migration. */
export function tillHello(db: Db): TillHello {
  return { protocolVersion: SYNC_PROTOCOL_VERSION, appVersion: APP_VERSION, schema: executedMigrations(db).at(-1) ?? 'none' };
}
