import { z } from 'zod';
import { cents, id, time, v1, type OperationKind } from './common';

/**
 * The kinds the till's repositories write outside a sale (electron/tenancy/repositories:
 * work-orders.ts, customers.ts; inventory.ts and gift-cards.ts write kinds listed in sales.ts),
 * which are also the shapes the v1 app queued. Payloads are exactly what recordChange stored.
 */
const workOrderStatus = z.enum(['open', 'in_progress', 'waiting_parts', 'completed', 'invoiced', 'cancelled']);

export const workOrderLineRow = z.strictObject({
  id,
  workOrderId: id,
  lineNo: z.number().int().positive(),
  kind: z.enum(['part', 'labor', 'fee']),
  productId: id.nullable(),
  description: z.string().max(4000),
  quantity: z.number().int().positive(),
  unitPriceCents: cents,
  technicianId: id.nullable(),
});

export const workOrderRow = z.strictObject({
  id,
  number: z.string().min(1).max(32),
  customerId: id,
  vehicleId: id.nullable(),
  technicianId: id.nullable(),
  description: z.string().max(4000),
  odometer: z.number().int().min(0).nullable(),
  totalCents: cents,
  openedAt: time,
});

export const TILL_OPERATION_KINDS: readonly OperationKind[] = [
  {
    kind: 'work_order.opened',
    entityType: 'work_order',
    operation: 'insert',
    payload: z
      .strictObject({ v: v1, order: workOrderRow, lines: z.array(workOrderLineRow).max(500) })
      .refine((p) => p.lines.every((l) => l.workOrderId === p.order.id), { message: 'every line must belong to the work order' }),
    rule: 'insert-only by UUID: the order (status open) with its lines; a second insert of the same id changes nothing',
  },
  {
    kind: 'work_order.status_changed',
    entityType: 'work_order',
    operation: 'update',
    payload: z.strictObject({ v: v1, id, status: workOrderStatus }),
    rule: "the order's status set as sent (completed_at set the first time it becomes completed or invoiced); an order the hub does not hold for the tenant is rejected",
  },
  {
    kind: 'work_order_line.removed',
    entityType: 'work_order_line',
    operation: 'delete',
    payload: z.strictObject({ v: v1, id, work_order_id: id }),
    rule: "the line deleted (a tombstone for the other tills), the order's later lines renumbered down by one, as the till did; a line the hub never had is applied as nothing to do",
  },
  {
    kind: 'vehicle.added',
    entityType: 'customer_vehicle',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      customerId: id,
      vin: z.string().max(32).nullable(),
      make: z.string().min(1).max(64),
      model: z.string().min(1).max(64),
      year: z.number().int().min(1900).max(2100),
      engine: z.string().max(64).nullable(),
      licensePlate: z.string().max(16).nullable(),
      mileage: z.number().int().min(0).nullable(),
      createdAt: time,
    }),
    rule: 'insert-only by UUID, for a customer the hub holds for the tenant (else rejected)',
  },
  {
    kind: 'contact.changed',
    entityType: 'customer',
    operation: 'update',
    payload: z.strictObject({ v: v1, id, phone: z.string().max(32).nullable(), email: z.string().max(254).nullable() }),
    rule: "last writer wins in hub order: the phone and email set as sent; when the hub's value was written by another till after this till's last pull, that losing version is kept in the hub's sync_conflicts and sent to the tills with the winner",
  },
  {
    kind: 'customer.created',
    entityType: 'customer',
    operation: 'insert',
    payload: z.strictObject({
      v: v1,
      id,
      firstName: z.string().min(1).max(64),
      lastName: z.string().min(1).max(64),
      company: z.string().max(128).nullable(),
      phone: z.string().max(32).nullable(),
      email: z.string().max(254).nullable(),
      address: z.string().max(500).nullable(),
      notes: z.string().max(4000).nullable(),
      taxExempt: z.union([z.literal(0), z.literal(1)]),
      priceLevelId: id.nullable(),
      createdAt: time,
      updatedAt: time,
    }),
    rule: 'insert-only by UUID (a v1 till queued new customers; 2.0 tills create them through the catalogue): a second insert of the same id changes nothing',
  },
];
