import { copyFileSync, mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, findBackup, restoreBackup, restoreImpact, RESTORE_AUDIT_ACTION } from '../../electron/backup';
import { openDatabase } from '../../electron/db/open';
import { MIGRATIONS } from '../../migrations';
import { privateStore, tempDir } from '../helpers';
import { activeGiftCard, till } from '../sales/helpers';
import { CAPS, NORTHSIDE, twoTenantDatabase } from '../tenancy/fixtures';
import { smallStoreFactory } from './fixtures';

/**
 * A restore replaces the whole store file, so it rolls back every tenant in it.
 * Issue 11's reproduction: restoring the backup taken before a gift card was
 * redeemed brings the balance back and silently drops the redemption's queued
 * sync operation; restoring the pre-upgrade backup removes the second store. The
 * impact names all of that before the restore, and the restore audits it.
 */
const dir = tempDir('pos-restore-impact-');
let fixture: string;
let legacyStore: (name: string) => string;

beforeAll(async () => {
  fixture = await twoTenantDatabase(dir);
  legacyStore = await smallStoreFactory(dir);
});

async function backupOf(dbPath: string, reason: 'manual' | 'pre-upgrade' = 'manual') {
  const db = openDatabase(dbPath);
  try {
    return await createBackup(db, { backupDir: defaultBackupDir(dbPath), reason });
  } finally {
    db.close();
  }
}

function impactOf(dbPath: string, id: string) {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return restoreImpact(db, findBackup([defaultBackupDir(dbPath)], id));
  } finally {
    db.close();
  }
}

/** Northside redeems a gift card after the backup: one audit row, one queued operation, the card's balance and its transaction. */
function northsideRedeems(dbPath: string) {
  const db = openDatabase(dbPath);
  try {
    const card = activeGiftCard(db, NORTHSIDE, 500);
    till(db, NORTHSIDE).run((r) => r.giftCards.redeem({ code: card.code, amountCents: 500 }));
    return card;
  } finally {
    db.close();
  }
}

describe('what a restore rolls back, per tenant in the file', () => {
  it('names every tenant, and only the one that worked since the backup loses rows and a queued operation', async () => {
    const store = privateStore(fixture, dir);
    const backup = await backupOf(store.db);
    expect(impactOf(store.db, backup.id).tenants.map((t) => [t.tenantId, t.rowsWritten, t.queuedNotSynced])).toEqual([
      [CAPS, 0, 0],
      [NORTHSIDE, 0, 0],
    ]);

    northsideRedeems(store.db);
    const impact = impactOf(store.db, backup.id);
    expect(impact.backupCreatedAt).toBe(backup.createdAt);
    expect(impact.upgradeRunsAgain).toBe(false);
    const [caps, northside] = impact.tenants;
    expect(caps).toMatchObject({ tenantId: CAPS, name: 'CAPS Automotive', inBackup: true, rowsWritten: 0, queuedNotSynced: 0 });
    expect(northside).toMatchObject({ tenantId: NORTHSIDE, name: 'Northside Tires', inBackup: true, queuedNotSynced: 1, sales: 0 });
    // Its transaction, the audit row and the queued operation (gift_cards keeps no updated_at: its new balance is that transaction).
    expect(northside!.rowsWritten).toBe(3);
  });

  it('an operation the hub confirmed is not counted as lost', async () => {
    const store = privateStore(fixture, dir);
    const backup = await backupOf(store.db);
    northsideRedeems(store.db);
    const db = openDatabase(store.db);
    db.prepare(`UPDATE pending_operations SET status = 'done' WHERE tenant_id = ? AND created_at > ?`).run(NORTHSIDE, backup.createdAt);
    db.close();
    expect(impactOf(store.db, backup.id).tenants[1]).toMatchObject({ tenantId: NORTHSIDE, queuedNotSynced: 0 });
  });

  it('the pre-upgrade backup removes the second store entirely, and the upgrade runs again', async () => {
    const legacy = legacyStore('pre-upgrade');
    const preUpgrade = await backupOf(legacy, 'pre-upgrade');
    // The same store after its upgrade and a second tenant: the fixture stands for it (same data, later schema).
    const store = privateStore(fixture, dir);
    mkdirSync(store.backups, { recursive: true });
    copyFileSync(findBackup([defaultBackupDir(legacy)], preUpgrade.id).file, `${store.backups}/${preUpgrade.fileName}`);
    copyFileSync(`${defaultBackupDir(legacy)}/${preUpgrade.id}.json`, `${store.backups}/${preUpgrade.id}.json`);

    const impact = impactOf(store.db, preUpgrade.id);
    expect(impact.upgradeRunsAgain).toBe(true);
    expect(impact.pendingMigrationsAfter).toEqual(MIGRATIONS.map((m) => m.name).filter((m) => !preUpgrade.executedMigrations.includes(m)));
    const northside = impact.tenants.find((t) => t.tenantId === NORTHSIDE)!;
    const db = openDatabase(store.db, { readonly: true });
    const northsideUsers = db.prepare(`SELECT count(*) FROM users WHERE tenant_id = ?`).pluck().get(NORTHSIDE) as number;
    db.close();
    expect(northside.inBackup).toBe(false);
    // Every one of its rows: at least its users and the rest of its demo data.
    expect(northside.rowsWritten).toBeGreaterThan(northsideUsers);
    expect(impact.tenants.find((t) => t.tenantId === CAPS)!.inBackup).toBe(true);
  });
});

describe('the restore audits what it rolled back', () => {
  it("each tenant's audit trail in the restored file says the store went back, what it lost and what the others lost", async () => {
    const store = privateStore(fixture, dir);
    const backup = await backupOf(store.db);
    const card = northsideRedeems(store.db);
    const result = await restoreBackup({ dbPath: store.db, backupId: backup.id, backupDir: store.backups, requestedBy: 'technician (test)' });

    expect(result.impact?.tenants.find((t) => t.tenantId === NORTHSIDE)?.queuedNotSynced).toBe(1);
    const db = openDatabase(store.db, { readonly: true });
    try {
      // The balance came back: exactly what the confirmation warned about.
      expect(db.prepare(`SELECT balance_cents FROM gift_cards WHERE id = ?`).pluck().get(card.id)).toBe(card.balance_cents);
      const rows = db
        .prepare(`SELECT tenant_id, user_id, entity_type, entity_id, details FROM audit_log WHERE action = ? ORDER BY tenant_id`)
        .all(RESTORE_AUDIT_ACTION) as { tenant_id: string; user_id: string | null; entity_type: string; entity_id: string; details: string }[];
      expect(rows.map((r) => r.tenant_id)).toEqual([CAPS, NORTHSIDE]);
      for (const row of rows) {
        expect(row).toMatchObject({ user_id: null, entity_type: 'restore_jobs', entity_id: result.restoreJobId });
        const details = JSON.parse(row.details);
        expect(details).toMatchObject({ backupId: backup.id, requestedBy: 'technician (test)', upgradeRunsAgain: false });
        expect(details.lost.tenantId).toBe(row.tenant_id);
        expect(details.storeWide.map((t: { tenantId: string }) => t.tenantId)).toEqual([CAPS, NORTHSIDE]);
      }
      expect(JSON.parse(rows[1]!.details).lost).toMatchObject({ removed: false, queuedNotSynced: 1 });
      expect(db.prepare(`SELECT status FROM restore_jobs WHERE id = ?`).pluck().get(result.restoreJobId)).toBe('succeeded');
    } finally {
      db.close();
    }
  });
});
