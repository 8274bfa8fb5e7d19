/**
 * Migration 0013's own copy of the facts it needs (frozen with it; never the live catalogue).
 *
 * Derived per-store lists (issue 15). Two reads paid a key compare on the equal tenant id at every
 * step where v1 compared nothing: the vehicle pickers skip through the `(tenant_id, make, model,
 * year_from)` fitment index, one seek of about 17 compares per make and per model (1.44 and 1.26 of
 * v1's instructions), and a promotion's use count counts its `(tenant_id, promotion_id)` entries,
 * two fields compared per entry (1.27). `vehicle_models` holds the store's distinct (make, model)
 * pairs (96 rows on the large store against 138k fitment entries), `promotion_use_counts` one row
 * per used promotion: the pickers seek a one-page table, a count is one row read.
 *
 * Kept right by triggers, as 0012's counters: every path that writes fitment or a promotion use (the
 * repositories, a pull from the hub, a resync's sweep, a product's cascade delete, the demo seeding)
 * fires them in the same statement, so in the same transaction; a rollback takes them back with the
 * row. They are not pull-guarded like 0010's ledger triggers: nothing here is synced, each till derives
 * its lists from the rows it holds, so they must follow pulled rows. A pulled row applied twice is an
 * upsert of the same values (an UPDATE that moves nothing), never a second INSERT.
 */

export const VEHICLE_MODELS_TABLE = `CREATE TABLE vehicle_models (
  tenant_id TEXT NOT NULL,
  make TEXT NOT NULL,
  model TEXT NOT NULL,
  PRIMARY KEY (tenant_id, make, model)
) WITHOUT ROWID`;

export const PROMOTION_USE_COUNTS_TABLE = `CREATE TABLE promotion_use_counts (
  tenant_id TEXT NOT NULL,
  promotion_id TEXT NOT NULL,
  uses INTEGER NOT NULL CHECK (uses > 0),
  PRIMARY KEY (tenant_id, promotion_id)
) WITHOUT ROWID`;

/** One walk of the covering `(tenant_id, make, model, year_from)` index, in key order. */
export const FILL_VEHICLE_MODELS = `INSERT INTO vehicle_models (tenant_id, make, model)
  SELECT DISTINCT tenant_id, make, model FROM fitment_data ORDER BY tenant_id, make, model`;

/** One walk of the `(tenant_id, promotion_id)` index, in key order. */
export const FILL_PROMOTION_USE_COUNTS = `INSERT INTO promotion_use_counts (tenant_id, promotion_id, uses)
  SELECT tenant_id, promotion_id, count(*) FROM promotion_usage GROUP BY tenant_id, promotion_id ORDER BY tenant_id, promotion_id`;

const addModel = (row: 'NEW') =>
  `INSERT INTO vehicle_models (tenant_id, make, model) VALUES (${row}.tenant_id, ${row}.make, ${row}.model) ON CONFLICT DO NOTHING`;
// Gone only with the store's last fitment row of that make and model (one probe of the fitment index).
const dropModel = (row: 'OLD') => `DELETE FROM vehicle_models WHERE tenant_id = ${row}.tenant_id AND make = ${row}.make AND model = ${row}.model
    AND NOT EXISTS (SELECT 1 FROM fitment_data WHERE tenant_id = ${row}.tenant_id AND make = ${row}.make AND model = ${row}.model)`;

const countUse = (row: 'NEW') => `INSERT INTO promotion_use_counts (tenant_id, promotion_id, uses) VALUES (${row}.tenant_id, ${row}.promotion_id, 1)
    ON CONFLICT (tenant_id, promotion_id) DO UPDATE SET uses = uses + 1`;
// The last use takes the row (a count is never 0 in the table: no row reads as 0); any other is decremented.
const uncountUse = (row: 'OLD') => `DELETE FROM promotion_use_counts WHERE tenant_id = ${row}.tenant_id AND promotion_id = ${row}.promotion_id AND uses = 1;
    UPDATE promotion_use_counts SET uses = uses - 1 WHERE tenant_id = ${row}.tenant_id AND promotion_id = ${row}.promotion_id`;

export const TRIGGERS = [
  `CREATE TRIGGER trg_fitment_data_vehicle_models_insert AFTER INSERT ON fitment_data
   BEGIN ${addModel('NEW')}; END`,
  `CREATE TRIGGER trg_fitment_data_vehicle_models_delete AFTER DELETE ON fitment_data
   BEGIN ${dropModel('OLD')}; END`,
  `CREATE TRIGGER trg_fitment_data_vehicle_models_update AFTER UPDATE OF tenant_id, make, model ON fitment_data
   WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.make IS NOT NEW.make OR OLD.model IS NOT NEW.model
   BEGIN ${dropModel('OLD')}; ${addModel('NEW')}; END`,
  `CREATE TRIGGER trg_promotion_usage_use_counts_insert AFTER INSERT ON promotion_usage
   BEGIN ${countUse('NEW')}; END`,
  `CREATE TRIGGER trg_promotion_usage_use_counts_delete AFTER DELETE ON promotion_usage
   BEGIN ${uncountUse('OLD')}; END`,
  `CREATE TRIGGER trg_promotion_usage_use_counts_update AFTER UPDATE OF tenant_id, promotion_id ON promotion_usage
   WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.promotion_id IS NOT NEW.promotion_id
   BEGIN ${uncountUse('OLD')}; ${countUse('NEW')}; END`,
];
