import type { Layaway, LayawayPayment } from '../models';
import type { RepoDeps } from './deps';
import { scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const LAYAWAY_COLUMNS = rowColumns('layaways');
const PAYMENT_COLUMNS = rowColumns('layaway_payments');

export const SQL = {
  forCustomer: `SELECT ${LAYAWAY_COLUMNS} FROM layaways WHERE tenant_id = @tenantId AND customer_id = @customerId ORDER BY created_at DESC`,
  byNumber: `SELECT ${LAYAWAY_COLUMNS} FROM layaways WHERE tenant_id = @tenantId AND number = @number`,
  byId: `SELECT ${LAYAWAY_COLUMNS} FROM layaways WHERE +tenant_id = @tenantId AND id = @id`,
  payments: `SELECT ${PAYMENT_COLUMNS} FROM layaway_payments WHERE tenant_id = @tenantId AND layaway_id = @layawayId ORDER BY paid_at`,
} as const;

export function layawaysRepository(deps: RepoDeps) {
  return {
    forCustomer(customerId: string): Layaway[] {
      return scoped(deps.db).all<Layaway>(SQL.forCustomer, { customerId });
    },
    byNumber(number: string): Layaway | undefined {
      return scoped(deps.db).get<Layaway>(SQL.byNumber, { number });
    },
    byId(id: string): Layaway | undefined {
      return scoped(deps.db).get<Layaway>(SQL.byId, { id });
    },
    payments(layawayId: string): LayawayPayment[] {
      return scoped(deps.db).all<LayawayPayment>(SQL.payments, { layawayId });
    },
  };
}
