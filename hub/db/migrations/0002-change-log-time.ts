import type { HubMigration } from '../migration';

/**
 * When each change was logged, so `pos-hub compact --keep-days N` can prune what
 * every till has had the time to pull (frozen: rows logged before this migration
 * take its time, so they expire N days after the upgrade, never before).
 */
export const changeLogTime: HubMigration = {
  name: '0002-change-log-time',
  up: async ({ client }) => {
    await client.query(`ALTER TABLE hub.change_log ADD COLUMN logged_at timestamptz NOT NULL DEFAULT now()`);
  },
};
