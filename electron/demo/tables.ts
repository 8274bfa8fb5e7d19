import type { RawDemoTable } from './sizes';
import * as P from './pools';
import type { Rng } from './random';
import { DEMO_PIN, hashPin } from '../tenancy/pin';

/** What a row generator can see: the RNG, ids already made for parent tables, and helpers for times. */
export interface RowContext {
  rng: Rng;
  ids(table: RawDemoTable): readonly string[];
  /** An ISO time that grows with i, so older rows really are older. */
  time(i: number, n: number): string;
  /** Picks a parent id, or null with probability pNull. */
  ref(table: RawDemoTable, pNull?: number): string | null;
}

export interface RowGenerator {
  columns: readonly string[];
  row(i: number, n: number, c: RowContext): unknown[];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const name = (c: RowContext) => `${c.rng.pick(P.FIRST_NAMES)} ${c.rng.pick(P.LAST_NAMES)}`;
const phone = (c: RowContext) => `(${c.rng.int(201, 989)}) 555-${pad(c.rng.int(0, 9999), 4)}`;
const bool = (c: RowContext, p: number) => (c.rng.chance(p) ? 1 : 0);
const json = (o: unknown) => JSON.stringify(o);
/** A real scrypt hash of DEMO_PIN; the salt takes 4 RNG draws (as the old fake hash did), so every other column stays as it was. */
const demoPinHash = (c: RowContext) => {
  const salt = Buffer.alloc(16);
  for (let k = 0; k < 4; k++) salt.writeUInt32BE(c.rng.next(), k * 4);
  return hashPin(DEMO_PIN, salt);
};

/**
 * Business keys are derived from the row number, never from the RNG, so two
 * tenants generated with different seeds share SKUs, usernames and codes on
 * purpose: the per-tenant unique keys must allow exactly that.
 */
export const businessKey = {
  username: (i: number) => (i === 0 ? 'admin' : `${['mike', 'sarah', 'jose', 'zoe', 'liam', 'priya', 'tom', 'ana'][i % 8]}.${i}`),
  sku: (i: number) =>
    `${P.BRANDS[i % P.BRANDS.length]!.slice(0, 3)
      .toUpperCase()
      .replace(/[^A-Z]/g, 'X')}-${pad(10000 + i, 6)}`,
  barcode: (i: number) => `0${pad(72000000000 + i * 7, 11)}`,
  giftCardCode: (i: number) => `GC-${pad((i * 7919) % 1000000, 6)}-${pad(i, 4)}`,
  promotionCode: (i: number) => `${['SPRING', 'OILCHANGE', 'BRAKES', 'WINTER', 'LOYAL', 'TIRES'][i % 6]}${10 + i}`,
  workOrderNumber: (i: number) => `WO-${pad(100000 + i, 7)}`,
  layawayNumber: (i: number) => `LAY-${pad(5000 + i, 6)}`,
};

export const ROW_GENERATORS: Record<RawDemoTable, RowGenerator> = {
  users: {
    columns: ['id', 'username', 'display_name', 'role', 'pin_hash', 'email', 'active', 'created_at', 'updated_at'],
    row: (i, n, c) => {
      const t = c.time(i, n);
      const dn = name(c);
      return [
        c.rng.uuid(),
        businessKey.username(i),
        dn,
        i === 0 ? 'admin' : c.rng.pick(['manager', 'cashier', 'technician', 'technician']),
        demoPinHash(c),
        c.rng.chance(0.6) ? `${businessKey.username(i)}@capsauto.example` : null,
        bool(c, 0.9),
        t,
        t,
      ];
    },
  },
  sessions: {
    columns: ['id', 'user_id', 'token', 'terminal_id', 'created_at', 'expires_at', 'revoked_at'],
    row: (i, n, c) => {
      const t = c.time(i, n);
      const exp = new Date(Date.parse(t) + 12 * 3600_000).toISOString();
      return [c.rng.uuid(), c.ref('users'), c.rng.uuid() + c.rng.uuid().slice(0, 8), `TILL-${c.rng.int(1, 4)}`, t, exp, c.rng.chance(0.7) ? exp : null];
    },
  },
  audit_log: {
    columns: ['id', 'user_id', 'action', 'entity_type', 'entity_id', 'details', 'created_at'],
    row: (i, n, c) => {
      const action = c.rng.pick(P.AUDIT_ACTIONS);
      const details = json({
        till: `TILL-${c.rng.int(1, 4)}`,
        amount_cents: c.rng.int(0, 250000),
        note: c.rng.chance(0.3) ? `Customer ${name(c)} asked for a refund, approved by manager` : undefined,
        ip: `10.0.0.${c.rng.int(2, 250)}`,
      });
      return [c.rng.uuid(), c.ref('users', 0.05), action, action.split('.')[0], c.rng.chance(0.9) ? c.rng.uuid() : null, details, c.time(i, n)];
    },
  },
  price_levels: {
    columns: ['id', 'name', 'discount_bp', 'created_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      ['Retail', 'Fleet', 'Wholesale', 'Mechanic', 'Employee'][i] ?? `Level ${i}`,
      [0, 1000, 2000, 1500, 2500][i] ?? 500,
      c.time(i, n),
    ],
  },
  customers: {
    columns: ['id', 'first_name', 'last_name', 'company', 'phone', 'email', 'address', 'notes', 'tax_exempt', 'price_level_id', 'created_at', 'updated_at'],
    row: (i, n, c) => {
      const t = c.time(i, n);
      const first = c.rng.pick(P.FIRST_NAMES);
      const last = c.rng.pick(P.LAST_NAMES);
      return [
        c.rng.uuid(),
        first,
        last,
        c.rng.chance(0.15) ? `${last} Fleet Services` : null,
        c.rng.chance(0.85) ? phone(c) : null,
        c.rng.chance(0.5) ? `${first}.${i}@mail.example`.toLowerCase() : null,
        c.rng.chance(0.7) ? `${c.rng.int(1, 9999)} ${c.rng.pick(P.STREETS)}, ${c.rng.pick(P.CITIES)}` : null,
        c.rng.chance(0.1) ? 'Prefers OEM parts; call before any work over $500' : null,
        bool(c, 0.03),
        c.ref('price_levels', 0.7),
        t,
        t,
      ];
    },
  },
  customer_vehicles: {
    columns: ['id', 'customer_id', 'vin', 'make', 'model', 'year', 'engine', 'license_plate', 'mileage', 'created_at'],
    row: (i, n, c) => {
      const v = c.rng.pick(P.VEHICLES);
      const vin = c.rng.chance(0.7) ? c.rng.uuid().replace(/-/g, '').toUpperCase().slice(0, 17) : null;
      return [
        c.rng.uuid(),
        c.ref('customers'),
        vin,
        v.make,
        c.rng.pick(v.models),
        c.rng.int(1995, 2026),
        c.rng.chance(0.6) ? c.rng.pick(P.ENGINES) : null,
        c.rng.chance(0.8)
          ? `${String.fromCharCode(65 + c.rng.int(0, 25))}${String.fromCharCode(65 + c.rng.int(0, 25))}${c.rng.int(100, 999)}-${c.rng.int(10, 99)}`
          : null,
        c.rng.chance(0.6) ? c.rng.int(1000, 320000) : null,
        c.time(i, n),
      ];
    },
  },
  layaways: {
    columns: ['id', 'number', 'customer_id', 'status', 'total_cents', 'paid_cents', 'due_date', 'created_at', 'updated_at'],
    row: (i, n, c) => {
      const total = c.rng.int(5000, 150000);
      const t = c.time(i, n);
      return [
        c.rng.uuid(),
        businessKey.layawayNumber(i),
        c.ref('customers'),
        c.rng.pick(['open', 'open', 'completed', 'cancelled', 'forfeited']),
        total,
        c.rng.int(0, total),
        c.rng.chance(0.8) ? t.slice(0, 10) : null,
        t,
        t,
      ];
    },
  },
  layaway_payments: {
    columns: ['id', 'layaway_id', 'amount_cents', 'method', 'user_id', 'paid_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      c.ref('layaways'),
      c.rng.int(500, 20000),
      c.rng.pick(['cash', 'card', 'card', 'check', 'gift_card', 'store_credit']),
      c.ref('users', 0.1),
      c.time(i, n),
    ],
  },
  product_categories: {
    columns: ['id', 'name', 'parent_id', 'sort_order'],
    row: (i, _n, c) => [c.rng.uuid(), P.CATEGORIES[i] ?? `Category ${i}`, i > 8 && c.rng.chance(0.5) ? (c.ids('product_categories')[i % 8] ?? null) : null, i],
  },
  products: {
    columns: [
      'id',
      'sku',
      'barcode',
      'name',
      'description',
      'brand',
      'category_id',
      'cost_cents',
      'price_cents',
      'taxable',
      'active',
      'created_at',
      'updated_at',
    ],
    row: (i, n, c) => {
      const cost = c.rng.int(150, 60000);
      const brand = P.BRANDS[i % P.BRANDS.length]!;
      const t = c.time(i, n);
      return [
        c.rng.uuid(),
        businessKey.sku(i),
        c.rng.chance(0.9) ? businessKey.barcode(i) : null,
        `${brand} ${c.rng.pick(P.PART_NOUNS)} ${c.rng.int(100, 999)}`,
        c.rng.chance(0.4) ? 'Direct-fit replacement. Meets or exceeds OE specifications; 2-year warranty.' : null,
        brand,
        c.ref('product_categories', 0.05),
        cost,
        Math.round(cost * (1.3 + c.rng.float())),
        bool(c, 0.95),
        bool(c, 0.97),
        t,
        t,
      ];
    },
  },
  fitment_data: {
    columns: ['id', 'product_id', 'make', 'model', 'year_from', 'year_to', 'engine', 'notes'],
    row: (_i, _n, c) => {
      const v = c.rng.pick(P.VEHICLES);
      const from = c.rng.int(1995, 2024);
      return [
        c.rng.uuid(),
        c.ref('products'),
        v.make,
        c.rng.pick(v.models),
        from,
        Math.min(2026, from + c.rng.int(0, 8)),
        c.rng.chance(0.5) ? c.rng.pick(P.ENGINES) : null,
        c.rng.chance(0.2) ? 'Front axle only; w/o sport package' : null,
      ];
    },
  },
  inventory: {
    // One row per product, in product order.
    columns: ['id', 'product_id', 'quantity_on_hand', 'reorder_point', 'bin_location', 'updated_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      c.ids('products')[i % c.ids('products').length],
      c.rng.int(20, 200),
      c.rng.int(0, 10),
      c.rng.chance(0.8) ? `${String.fromCharCode(65 + c.rng.int(0, 11))}-${c.rng.int(1, 40)}-${c.rng.int(1, 6)}` : null,
      c.time(i, n),
    ],
  },
  work_orders: {
    columns: [
      'id',
      'number',
      'customer_id',
      'vehicle_id',
      'technician_id',
      'status',
      'description',
      'odometer',
      'total_cents',
      'opened_at',
      'promised_at',
      'completed_at',
    ],
    row: (i, n, c) => {
      const t = c.time(i, n);
      const status =
        i > n * 0.97 ? c.rng.pick(['open', 'in_progress', 'waiting_parts']) : c.rng.pick(['completed', 'invoiced', 'invoiced', 'cancelled', 'open']);
      const done = status === 'completed' || status === 'invoiced' ? new Date(Date.parse(t) + c.rng.int(1, 72) * 3600_000).toISOString() : null;
      return [
        c.rng.uuid(),
        businessKey.workOrderNumber(i),
        c.ref('customers'),
        c.ref('customer_vehicles', 0.1),
        c.ref('users', 0.2),
        status,
        c.rng.pick(P.LABOR),
        c.rng.chance(0.7) ? c.rng.int(1000, 300000) : null,
        // Drawn and dropped so every later value stays as it was; settleWorkOrderTotals writes the real total once the lines exist.
        (c.rng.int(0, 400000), 0),
        t,
        c.rng.chance(0.6) ? new Date(Date.parse(t) + 86400_000).toISOString() : null,
        done,
      ];
    },
  },
  work_order_lines: {
    columns: ['id', 'work_order_id', 'line_no', 'kind', 'product_id', 'description', 'quantity', 'unit_price_cents', 'technician_id'],
    // Every order gets its share of the lines, numbered 1..n in order (n is 3 or 4): line i belongs to order floor(i * W / n).
    row: (i, n, c) => {
      const kind = c.rng.pick(['part', 'part', 'labor', 'fee']);
      const wos = c.ids('work_orders');
      const order = Math.floor((i * wos.length) / n);
      return [
        c.rng.uuid(),
        wos[order],
        i - Math.ceil((order * n) / wos.length) + 1,
        kind,
        kind === 'part' ? c.ref('products') : null,
        kind === 'part' ? c.rng.pick(P.PART_NOUNS) : kind === 'labor' ? c.rng.pick(P.LABOR) : 'Shop supplies',
        c.rng.int(1, 4),
        c.rng.int(100, 90000),
        kind === 'labor' ? c.ref('users', 0.3) : null,
      ];
    },
  },
  commission_rules: {
    columns: ['id', 'name', 'applies_to', 'rate_bp', 'active', 'created_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      ['Parts standard', 'Labor standard', 'Tire promo', 'Senior tech', 'Fleet', 'Legacy 2022'][i] ?? `Rule ${i}`,
      (['parts', 'labor', 'all'] as const)[i % 3],
      c.rng.int(100, 1500),
      i < 5 ? 1 : 0,
      c.time(i, n),
    ],
  },
  commissions: {
    columns: ['id', 'user_id', 'work_order_id', 'rule_id', 'amount_cents', 'paid', 'earned_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      c.ref('users'),
      c.ref('work_orders', 0.05),
      c.ref('commission_rules', 0.1),
      c.rng.int(100, 30000),
      bool(c, 0.8),
      c.time(i, n),
    ],
  },
  loyalty_accounts: {
    // At most one account per customer: take customers in order.
    columns: ['id', 'customer_id', 'points_balance', 'tier', 'enrolled_at'],
    row: (i, n, c) => [c.rng.uuid(), c.ids('customers')[i], c.rng.int(0, 20000), c.rng.pick(['bronze', 'bronze', 'silver', 'gold']), c.time(i, n)],
  },
  loyalty_transactions: {
    columns: ['id', 'account_id', 'points', 'reason', 'work_order_id', 'created_at'],
    row: (i, n, c) => {
      const reason = c.rng.pick(['earn', 'earn', 'earn', 'redeem', 'adjust', 'expire']);
      const pts = c.rng.int(5, 500) * (reason === 'earn' || reason === 'adjust' ? 1 : -1);
      return [c.rng.uuid(), c.ref('loyalty_accounts'), pts, reason, c.ref('work_orders', 0.4), c.time(i, n)];
    },
  },
  credit_accounts: {
    columns: ['id', 'customer_id', 'credit_limit_cents', 'balance_cents', 'status', 'opened_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      c.ref('customers'),
      c.rng.int(50, 500) * 1000,
      c.rng.int(-5000, 200000),
      c.rng.pick(['active', 'active', 'suspended', 'closed']),
      c.time(i, n),
    ],
  },
  credit_transactions: {
    columns: ['id', 'account_id', 'kind', 'amount_cents', 'reference', 'created_at'],
    row: (i, n, c) => {
      const kind = c.rng.pick(['charge', 'charge', 'payment', 'adjustment']);
      return [
        c.rng.uuid(),
        c.ref('credit_accounts'),
        kind,
        c.rng.int(100, 90000) * (kind === 'payment' ? -1 : 1),
        c.rng.chance(0.6) ? `INV-${c.rng.int(10000, 99999)}` : null,
        c.time(i, n),
      ];
    },
  },
  gift_cards: {
    columns: ['id', 'code', 'initial_cents', 'balance_cents', 'status', 'customer_id', 'issued_at', 'expires_at'],
    row: (i, n, c) => {
      const initial = c.rng.pick([2500, 5000, 10000, 20000]);
      const t = c.time(i, n);
      return [
        c.rng.uuid(),
        businessKey.giftCardCode(i),
        initial,
        initial,
        'active',
        c.ref('customers', 0.5),
        t,
        c.rng.chance(0.3) ? `${Number(t.slice(0, 4)) + 3}${t.slice(4)}` : null,
      ];
    },
  },
  gift_card_transactions: {
    // Redemptions are small enough that no card goes below zero (the trigger keeps the balance).
    columns: ['id', 'gift_card_id', 'kind', 'amount_cents', 'work_order_id', 'created_at'],
    row: (i, n, c) => {
      const card = c.ref('gift_cards');
      const kind = c.rng.pick(['redeem', 'redeem', 'reload']);
      return [
        c.rng.uuid(),
        card,
        kind,
        kind === 'redeem' ? -c.rng.int(1, 250) : c.rng.int(500, 5000),
        kind === 'redeem' ? c.ref('work_orders', 0.5) : null,
        c.time(i, n),
      ];
    },
  },
  promotions: {
    columns: ['id', 'code', 'name', 'kind', 'value', 'starts_at', 'ends_at', 'max_uses', 'active'],
    row: (i, n, c) => {
      const t = c.time(i, n);
      return [
        c.rng.uuid(),
        businessKey.promotionCode(i),
        `${['Spring', 'Oil change', 'Brake', 'Winter', 'Loyalty', 'Tire'][i % 6]} special #${i + 1}`,
        c.rng.pick(['percent', 'amount', 'bogo']),
        c.rng.int(5, 50),
        t,
        c.rng.chance(0.7) ? new Date(Date.parse(t) + 30 * 86400_000).toISOString() : null,
        c.rng.chance(0.5) ? c.rng.int(50, 1000) : null,
        bool(c, 0.4),
      ];
    },
  },
  promotion_usage: {
    columns: ['id', 'promotion_id', 'customer_id', 'work_order_id', 'discount_cents', 'used_at'],
    row: (i, n, c) => [c.rng.uuid(), c.ref('promotions'), c.ref('customers', 0.3), c.ref('work_orders', 0.2), c.rng.int(100, 5000), c.time(i, n)],
  },
  sync_log: {
    columns: ['id', 'entity_type', 'entity_id', 'operation', 'direction', 'status', 'terminal_id', 'synced_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      c.rng.pick(['customer', 'work_order', 'product', 'inventory', 'gift_card']),
      c.rng.uuid(),
      c.rng.pick(['insert', 'update', 'update', 'delete']),
      c.rng.pick(['push', 'pull']),
      c.rng.chance(0.97) ? 'ok' : c.rng.pick(['failed', 'conflict']),
      `TILL-${c.rng.int(1, 4)}`,
      c.time(i, n),
    ],
  },
  sync_conflicts: {
    columns: ['id', 'sync_log_id', 'entity_type', 'entity_id', 'local_data', 'remote_data', 'resolution', 'detected_at', 'resolved_at'],
    row: (i, n, c) => {
      const t = c.time(i, n);
      const resolved = c.rng.chance(0.8);
      return [
        c.rng.uuid(),
        c.ref('sync_log', 0.1),
        'customer',
        c.rng.uuid(),
        json({ phone: phone(c), last_name: c.rng.pick(P.LAST_NAMES) }),
        json({ phone: phone(c), last_name: c.rng.pick(P.LAST_NAMES) }),
        resolved ? c.rng.pick(['local', 'remote', 'merged']) : null,
        t,
        resolved ? t : null,
      ];
    },
  },
  pending_operations: {
    // The newest operations were queued offline and are still waiting for the sync server. What each one
    // changed is filled in once the store's rows exist (v1-queue.ts); the draws here stay as they were.
    columns: ['id', 'entity_type', 'entity_id', 'operation', 'payload', 'status', 'attempts', 'last_error', 'created_at', 'updated_at'],
    row: (i, n, c) => {
      const status = i > n * 0.8 ? 'pending' : c.rng.pick(['done', 'done', 'done', 'failed', 'in_flight']);
      const t = c.time(i, n);
      return [
        c.rng.uuid(),
        c.rng.pick(['customer', 'work_order', 'inventory_transaction', 'gift_card_transaction']),
        c.rng.uuid(),
        c.rng.pick(['insert', 'update', 'delete']),
        json({ v: 1, changes: { quantity_on_hand: c.rng.int(0, 50), note: 'queued while offline' } }),
        status,
        status === 'pending' ? 0 : c.rng.int(1, 5),
        status === 'failed' ? 'ECONNREFUSED sync.capsauto.example:443' : null,
        t,
        t,
      ];
    },
  },
  inventory_transactions: {
    columns: ['id', 'product_id', 'kind', 'quantity', 'unit_cost_cents', 'work_order_id', 'user_id', 'created_at'],
    row: (i, n, c) => {
      const kind = c.rng.pick(['receive', 'receive', 'receive', 'sale', 'sale', 'return', 'adjust']);
      const q = kind === 'sale' ? -c.rng.int(1, 2) : kind === 'adjust' ? 1 : c.rng.int(1, 12);
      return [
        c.rng.uuid(),
        c.ref('products'),
        kind,
        q,
        kind === 'receive' ? c.rng.int(100, 50000) : null,
        kind === 'sale' ? c.ref('work_orders', 0.5) : null,
        c.ref('users', 0.1),
        c.time(i, n),
      ];
    },
  },
  backup_destinations: {
    columns: ['id', 'name', 'kind', 'path', 'enabled', 'created_at'],
    row: (i, n, c) => [
      c.rng.uuid(),
      ['Office USB drive', 'Back-office NAS'][i] ?? `Destination ${i}`,
      i === 0 ? 'usb' : 'network',
      i === 0 ? 'E:\\POS-Backups' : '\\\\nas\\pos',
      i === 0 ? 0 : 1,
      c.time(i, n),
    ],
  },
  backup_settings: {
    columns: ['id', 'retention_count', 'destination_id', 'schedule', 'updated_at'],
    row: (i, n, c) => [c.rng.uuid(), 10, null, 'daily', c.time(i, n)],
  },
  backups: {
    // History of backups the old app made: their files are long gone, only the records remain.
    columns: ['id', 'file_name', 'reason', 'size_bytes', 'sha256', 'schema_version', 'verified', 'destination_id', 'created_at'],
    row: (i, n, c) => {
      const t = c.time(i, n);
      return [
        c.rng.uuid(),
        `pos-${t.slice(0, 10)}.sqlite`,
        c.rng.pick(['scheduled', 'scheduled', 'manual']),
        c.rng.int(1, 600) * 1_000_000,
        (c.rng.uuid() + c.rng.uuid()).replace(/-/g, '').slice(0, 64),
        '0001-legacy-schema',
        1,
        c.ref('backup_destinations', 0.5),
        t,
      ];
    },
  },
  restore_jobs: {
    columns: ['id', 'backup_id', 'pre_restore_backup_id', 'status', 'requested_by', 'error', 'started_at', 'finished_at'],
    row: (i, n, c) => {
      const t = c.time(i, n);
      return [c.rng.uuid(), c.ref('backups'), null, 'succeeded', c.rng.chance(0.5) ? 'technician' : null, null, t, t];
    },
  },
};
