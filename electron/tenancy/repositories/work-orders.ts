import { PosRuleError, RecordNotFoundError } from '../errors';
import {
  ACTIVE_WORK_ORDER_STATUSES,
  type WorkOrderDetail,
  type WorkOrderLineDetail,
  type WorkOrderLineKind,
  type WorkOrderListItem,
  type WorkOrderStatus,
} from '../models';
import { recordChange } from './activity';
import type { RepoDeps } from './deps';
import { requireParent, requireVehicleOf } from './references';
import { workOrderTotalCents } from '../work-order-total';
import { scoped, type Scoped } from './scoped';
import { rowColumns } from './columns';

/** Rows as the caller reads them: every column but tenant_id (columns.ts). */
const ORDER_ITEM = `SELECT ${rowColumns('work_orders', 'w')}, c.first_name || ' ' || c.last_name AS customer_name`;
const VEHICLE_COLUMNS = rowColumns('customer_vehicles');
const LINE_COLUMNS = rowColumns('work_order_lines');

export const SQL = {
  listByStatus: `${ORDER_ITEM}
    FROM work_orders w JOIN customers c ON c.tenant_id = @tenantId AND c.id = w.customer_id
    WHERE w.tenant_id = @tenantId AND w.status = @status ORDER BY w.opened_at DESC LIMIT +@limit`,
  forCustomer: `${ORDER_ITEM}
    FROM work_orders w JOIN customers c ON c.tenant_id = @tenantId AND c.id = w.customer_id
    WHERE w.tenant_id = @tenantId AND w.customer_id = @customerId ORDER BY w.opened_at DESC LIMIT +@limit`,
  byNumber: `${ORDER_ITEM}
    FROM work_orders w JOIN customers c ON c.tenant_id = @tenantId AND c.id = w.customer_id
    WHERE w.tenant_id = @tenantId AND w.number = @number`,
  byId: `${ORDER_ITEM}
    FROM work_orders w JOIN customers c ON c.tenant_id = @tenantId AND c.id = w.customer_id
    WHERE +w.tenant_id = @tenantId AND w.id = @id`,
  lines: `SELECT ${rowColumns('work_order_lines', 'l')}, p.sku FROM work_order_lines l LEFT JOIN products p ON p.tenant_id = @tenantId AND p.id = l.product_id
    WHERE l.tenant_id = @tenantId AND l.work_order_id = @workOrderId ORDER BY l.line_no`,
  vehicle: `SELECT ${VEHICLE_COLUMNS} FROM customer_vehicles WHERE tenant_id = @tenantId AND id = @id`,
  /**
   * One count per status (WORK_ORDER_STATUSES, in GROUP BY's order; a test keeps the list equal), each a
   * range of (tenant_id, status) counted from the index: no per-row status read and group compare, as a
   * GROUP BY over the tenant's range needs (docs/performance.md). `LIMIT -1` keeps SQLite from copying
   * the count into the outer WHERE (it would count twice); `n > 0` drops absent statuses, as GROUP BY did.
   */
  countByStatus: `SELECT status, n FROM (SELECT column1 AS status,
      (SELECT count(*) FROM work_orders w WHERE w.tenant_id = @tenantId AND w.status = column1) AS n
    FROM (VALUES ('cancelled'), ('completed'), ('in_progress'), ('invoiced'), ('open'), ('waiting_parts')) LIMIT -1) WHERE n > 0`,
  // The store's greatest work order number, kept by migration 0012's triggers (one row per store, not a seek into every order's key).
  lastNumber: `SELECT number FROM work_orders_last_number WHERE tenant_id = @tenantId`,
  insertOrder: `INSERT INTO work_orders (id, tenant_id, number, customer_id, vehicle_id, technician_id, status, description, odometer, total_cents, opened_at, promised_at, completed_at)
    VALUES (@id, @tenantId, @number, @customerId, @vehicleId, @technicianId, 'open', @description, @odometer, @totalCents, @openedAt, NULL, NULL)`,
  insertLine: `INSERT INTO work_order_lines (id, tenant_id, work_order_id, line_no, kind, product_id, description, quantity, unit_price_cents, technician_id)
    VALUES (@id, @tenantId, @workOrderId, @lineNo, @kind, @productId, @description, @quantity, @unitPriceCents, @technicianId)`,
  setStatus: `UPDATE work_orders SET status = @status,
      completed_at = CASE WHEN @status IN ('completed', 'invoiced') THEN coalesce(completed_at, @now) ELSE completed_at END
    WHERE tenant_id = @tenantId AND id = @id`,
  lineById: `SELECT ${LINE_COLUMNS} FROM work_order_lines WHERE tenant_id = @tenantId AND id = @id`,
  deleteLine: `DELETE FROM work_order_lines WHERE tenant_id = @tenantId AND id = @id`,
  /** What the total is made of: each line's money and taxable flag, and whether the customer is exempt. */
  linesForTotal: `SELECT l.kind, l.quantity, l.unit_price_cents, coalesce(p.taxable, 1) AS taxable, c.tax_exempt
    FROM work_order_lines l
    JOIN work_orders w ON w.tenant_id = @tenantId AND w.id = l.work_order_id
    JOIN customers c ON c.tenant_id = @tenantId AND c.id = w.customer_id
    LEFT JOIN products p ON p.tenant_id = @tenantId AND p.id = l.product_id
    WHERE l.tenant_id = @tenantId AND l.work_order_id = @id ORDER BY l.line_no`,
  setTotal: `UPDATE work_orders SET total_cents = @totalCents WHERE tenant_id = @tenantId AND id = @id`,
  lastLineNo: `SELECT line_no FROM work_order_lines WHERE tenant_id = @tenantId AND work_order_id = @workOrderId ORDER BY line_no DESC LIMIT 1`,
  renumberAfter: `UPDATE work_order_lines SET line_no = line_no - 1 WHERE tenant_id = @tenantId AND work_order_id = @workOrderId AND line_no > @lineNo`,
  forVehicle: `${ORDER_ITEM}
    FROM work_orders w JOIN customers c ON c.tenant_id = @tenantId AND c.id = w.customer_id
    WHERE w.tenant_id = @tenantId AND w.vehicle_id = @vehicleId ORDER BY w.opened_at DESC LIMIT +@limit`,
} as const;

/**
 * A work order's total is its lines plus their tax, by the store's rates, the
 * products' taxable flags and the customer's exemption: what its checkout
 * charges before any discount (electron/tenancy/work-order-total.ts).
 */
function retotal(s: Scoped, workOrderId: string): number {
  const rows = s.all<{ kind: WorkOrderLineKind; quantity: number; unit_price_cents: number; taxable: number; tax_exempt: number }>(SQL.linesForTotal, {
    id: workOrderId,
  });
  const lines = rows.map((r) => ({ kind: r.kind, quantity: r.quantity, unitPriceCents: r.unit_price_cents, taxable: r.taxable === 1 }));
  const totalCents = workOrderTotalCents(s.tenantId, lines, rows[0]?.tax_exempt === 1);
  s.run(SQL.setTotal, { id: workOrderId, totalCents });
  return totalCents;
}

export interface NewWorkOrderLine {
  kind: WorkOrderLineKind;
  productId?: string | null;
  description: string;
  quantity: number;
  unitPriceCents: number;
  technicianId?: string | null;
}

export interface NewWorkOrder {
  customerId: string;
  vehicleId?: string | null;
  technicianId?: string | null;
  description: string;
  odometer?: number | null;
  lines: NewWorkOrderLine[];
}

/** Work order numbers run per store: WO-0100000, WO-0100001, ... */
function nextNumber(s: Scoped): string {
  const last = s.get<{ number: string }>(SQL.lastNumber)?.number;
  const n = last && /^WO-(\d+)$/.test(last) ? Number(last.slice(3)) + 1 : 100000;
  return `WO-${String(n).padStart(7, '0')}`;
}

export function workOrdersRepository(deps: RepoDeps) {
  const detail = (s: Scoped, order: WorkOrderListItem | undefined): WorkOrderDetail | undefined => {
    if (!order) return undefined;
    const vehicle = order.vehicle_id ? (s.get<WorkOrderDetail['vehicle']>(SQL.vehicle, { id: order.vehicle_id }) ?? null) : null;
    return { order, vehicle, lines: s.all<WorkOrderLineDetail>(SQL.lines, { workOrderId: order.id }) };
  };
  return {
    /**
     * Newest first; 'active' means open, in progress or waiting for parts. Each
     * status is its own index range read newest first, so 'active' merges three
     * short reads instead of sorting every open order the store ever had.
     */
    list(status: WorkOrderStatus | 'active', limit = 50): WorkOrderListItem[] {
      const s = scoped(deps.db);
      if (status !== 'active') return s.all<WorkOrderListItem>(SQL.listByStatus, { status, limit });
      const merged = ACTIVE_WORK_ORDER_STATUSES.flatMap((st) => s.all<WorkOrderListItem>(SQL.listByStatus, { status: st, limit }));
      return merged.sort((a, b) => (a.opened_at < b.opened_at ? 1 : a.opened_at > b.opened_at ? -1 : 0)).slice(0, limit);
    },
    forCustomer(customerId: string, limit = 20): WorkOrderListItem[] {
      return scoped(deps.db).all<WorkOrderListItem>(SQL.forCustomer, { customerId, limit });
    },
    byNumber(number: string): WorkOrderDetail | undefined {
      const s = scoped(deps.db);
      return detail(s, s.get<WorkOrderListItem>(SQL.byNumber, { number }));
    },
    byId(id: string): WorkOrderDetail | undefined {
      const s = scoped(deps.db);
      return detail(s, s.get<WorkOrderListItem>(SQL.byId, { id }));
    },
    lines(workOrderId: string): WorkOrderLineDetail[] {
      return scoped(deps.db).all<WorkOrderLineDetail>(SQL.lines, { workOrderId });
    },
    countByStatus(): Record<WorkOrderStatus, number> {
      const counts = { open: 0, in_progress: 0, waiting_parts: 0, completed: 0, invoiced: 0, cancelled: 0 };
      for (const r of scoped(deps.db).all<{ status: WorkOrderStatus; n: number }>(SQL.countByStatus)) counts[r.status] = r.n;
      return counts;
    },
    /** A new order, with its first lines or none yet (parts and labour come as the work goes); every customer, vehicle, product and technician must be this store's. */
    create(input: NewWorkOrder): WorkOrderDetail {
      const s = scoped(deps.db);
      return s.transaction(() => {
        requireParent(s, 'work_orders', 'customer_id', 'customers', input.customerId);
        if (input.vehicleId) requireVehicleOf(s, 'work_orders', input.vehicleId, input.customerId);
        if (input.technicianId) requireParent(s, 'work_orders', 'technician_id', 'users', input.technicianId);
        for (const line of input.lines) {
          if (line.productId) requireParent(s, 'work_order_lines', 'product_id', 'products', line.productId);
          if (line.technicianId) requireParent(s, 'work_order_lines', 'technician_id', 'users', line.technicianId);
        }
        const id = deps.newId();
        const number = nextNumber(s);
        const order = {
          id,
          number,
          customerId: input.customerId,
          vehicleId: input.vehicleId ?? null,
          technicianId: input.technicianId ?? null,
          description: input.description,
          odometer: input.odometer ?? null,
          totalCents: 0,
          openedAt: deps.now().toISOString(),
        };
        s.run(SQL.insertOrder, order);
        const lines = input.lines.map((l, i) => ({
          id: deps.newId(),
          workOrderId: id,
          lineNo: i + 1,
          kind: l.kind,
          productId: l.productId ?? null,
          description: l.description,
          quantity: l.quantity,
          unitPriceCents: l.unitPriceCents,
          technicianId: l.technicianId ?? null,
        }));
        for (const line of lines) s.run(SQL.insertLine, line);
        order.totalCents = retotal(s, id);
        recordChange(s, deps, { action: 'work_order.create', entityType: 'work_order', entityId: id, operation: 'insert', payload: { order, lines } });
        return detail(s, s.get<WorkOrderListItem>(SQL.byId, { id }))!;
      });
    },
    setStatus(id: string, status: WorkOrderStatus): WorkOrderDetail {
      const s = scoped(deps.db);
      return s.transaction(() => {
        if (s.run(SQL.setStatus, { id, status, now: deps.now().toISOString() }).changes === 0) throw new RecordNotFoundError('work order', id);
        recordChange(s, deps, { action: 'work_order.update', entityType: 'work_order', entityId: id, operation: 'update', payload: { id, status } });
        return detail(s, s.get<WorkOrderListItem>(SQL.byId, { id }))!;
      });
    },
    forVehicle(vehicleId: string, limit = 20): WorkOrderListItem[] {
      return scoped(deps.db).all<WorkOrderListItem>(SQL.forVehicle, { vehicleId, limit });
    },
    /** One more line, numbered after the last, and the order re-totalled with its tax. Only an order still being worked on takes lines. */
    addLine(workOrderId: string, line: NewWorkOrderLine): WorkOrderDetail {
      const s = scoped(deps.db);
      return s.transaction(() => {
        const order = s.get<WorkOrderListItem>(SQL.byId, { id: workOrderId });
        if (!order) throw new RecordNotFoundError('work order', workOrderId);
        if (!ACTIVE_WORK_ORDER_STATUSES.includes(order.status) && order.status !== 'completed')
          throw new PosRuleError(`work order ${order.number} is ${order.status.replace('_', ' ')}`, 'Only an open order takes new lines');
        if (line.productId) requireParent(s, 'work_order_lines', 'product_id', 'products', line.productId);
        if (line.technicianId) requireParent(s, 'work_order_lines', 'technician_id', 'users', line.technicianId);
        const lineNo = (s.get<{ line_no: number }>(SQL.lastLineNo, { workOrderId })?.line_no ?? 0) + 1;
        const row = {
          id: deps.newId(),
          workOrderId,
          lineNo,
          kind: line.kind,
          productId: line.productId ?? null,
          description: line.description,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
          technicianId: line.technicianId ?? null,
        };
        s.run(SQL.insertLine, row);
        const totalCents = retotal(s, workOrderId);
        recordChange(s, deps, {
          action: 'work_order.add_line',
          entityType: 'work_order_line',
          entityId: row.id,
          operation: 'insert',
          payload: { line: row, totalCents },
        });
        return detail(s, s.get<WorkOrderListItem>(SQL.byId, { id: workOrderId }))!;
      });
    },
    /** Removes one line and re-totals its order; false when the line is not this store's. */
    removeLine(lineId: string): boolean {
      const s = scoped(deps.db);
      return s.transaction(() => {
        const line = s.get<{ work_order_id: string; line_no: number }>(SQL.lineById, { id: lineId });
        if (!line) return false;
        s.run(SQL.deleteLine, { id: lineId });
        // Lines stay numbered 1..n: the ones after it move up.
        s.run(SQL.renumberAfter, { workOrderId: line.work_order_id, lineNo: line.line_no });
        retotal(s, line.work_order_id);
        // The hub applies the same rule (delete, renumber the later lines, re-total): the payload stays the v1 shape.
        recordChange(s, deps, {
          action: 'work_order.update',
          entityType: 'work_order_line',
          entityId: lineId,
          operation: 'delete',
          payload: { id: lineId, work_order_id: line.work_order_id },
        });
        return true;
      });
    },
  };
}
