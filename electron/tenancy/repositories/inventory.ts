import { PosRuleError } from '../errors';
import type { InventoryItem, InventoryTransaction } from '../models';
import { recordChange } from './activity';
import type { RepoDeps } from './deps';
import { requireParent } from './references';
import { scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const ITEM_COLUMNS = rowColumns('inventory');
const MOVE_COLUMNS = rowColumns('inventory_transactions');

export const SQL = {
  onHand: `SELECT ${ITEM_COLUMNS} FROM inventory WHERE tenant_id = @tenantId AND product_id = @productId`,
  transactions: `SELECT ${MOVE_COLUMNS} FROM inventory_transactions WHERE tenant_id = @tenantId AND product_id = @productId
    ORDER BY created_at DESC LIMIT +@limit`,
  insertItem: `INSERT INTO inventory (id, tenant_id, product_id, quantity_on_hand, reorder_point, bin_location, updated_at)
    VALUES (@id, @tenantId, @productId, 0, 0, NULL, @now)`,
  insertTransaction: `INSERT INTO inventory_transactions (id, tenant_id, product_id, kind, quantity, unit_cost_cents, work_order_id, user_id, created_at)
    VALUES (@id, @tenantId, @productId, @kind, @quantity, @unitCostCents, NULL, @userId, @createdAt)`,
} as const;

export function inventoryRepository(deps: RepoDeps) {
  return {
    onHand(productId: string): InventoryItem | undefined {
      return scoped(deps.db).get<InventoryItem>(SQL.onHand, { productId });
    },
    transactions(productId: string, limit = 50): InventoryTransaction[] {
      return scoped(deps.db).all<InventoryTransaction>(SQL.transactions, { productId, limit });
    },
    /**
     * Stock arriving from a supplier. The ledger row moves quantity_on_hand
     * (the legacy trigger trg_inventory_transactions_apply does that); a
     * product that never had stock gets its inventory row first.
     */
    receive(input: { productId: string; quantity: number; unitCostCents: number | null }): InventoryItem {
      const s = scoped(deps.db);
      if (!Number.isInteger(input.quantity) || input.quantity <= 0)
        throw new PosRuleError(`cannot receive ${input.quantity} units`, 'Enter a whole number of units above zero');
      return s.transaction(() => {
        requireParent(s, 'inventory_transactions', 'product_id', 'products', input.productId);
        const now = deps.now().toISOString();
        if (!s.get(SQL.onHand, { productId: input.productId })) s.run(SQL.insertItem, { id: deps.newId(), productId: input.productId, now });
        const id = deps.newId();
        const row = {
          id,
          productId: input.productId,
          kind: 'receive',
          quantity: input.quantity,
          unitCostCents: input.unitCostCents,
          userId: s.userId,
          createdAt: now,
        };
        s.run(SQL.insertTransaction, row);
        recordChange(s, deps, { action: 'inventory.receive', entityType: 'inventory_transaction', entityId: id, operation: 'insert', payload: row });
        return s.get<InventoryItem>(SQL.onHand, { productId: input.productId })!;
      });
    },
  };
}
