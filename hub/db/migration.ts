import type { PoolClient } from 'pg';

export interface HubMigrationContext {
  /** A connection of the schema owner, inside this migration's transaction. */
  client: PoolClient;
  /** The role the hub serves requests as (granted access, owns nothing). Quoted identifier. */
  appRole: string;
}

export interface HubMigration {
  name: string;
  up(context: HubMigrationContext): Promise<void>;
}
