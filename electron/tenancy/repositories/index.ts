import type { Database } from 'better-sqlite3';
import * as activity from './activity';
import * as customers from './customers';
import { currentScope } from '../context';
import { repoDeps, type RepoOptions } from './deps';
import * as giftCards from './gift-cards';
import * as inventory from './inventory';
import * as layaways from './layaways';
import * as loyalty from './loyalty';
import { lockoutRepository } from '../lockout-admin';
import * as products from './products';
import * as references from './references';
import * as sales from './sales';
import * as selling from './selling';
import * as shifts from './shifts';
import * as users from './users';
import * as workOrders from './work-orders';
import { checkPinGuarded } from '../pin-guard';

/**
 * The tenant-scoped data layer. Every method reads the tenant from the
 * context (NoTenantError without one) and never takes it as an argument.
 */
export function createRepositories(db: Database, options: RepoOptions = {}) {
  const deps = repoDeps(db, options);
  return {
    /**
     * One write transaction over several repository calls (a sale reads balances, then writes every ledger):
     * BEGIN IMMEDIATE, so no other connection writes between the reads and the writes. Fails closed without a tenant.
     */
    transaction: <T>(fn: () => T): T => {
      currentScope();
      return db.transaction(fn).immediate();
    },
    /** The clock and id source the repositories use (replaceable in tests and the demo generator). */
    now: (): Date => deps.now(),
    newId: (): string => deps.newId(),
    /** A PIN typed at the till (an approval, unlocking an idle session), through the lock-out: see pin-guard.ts. */
    pins: { check: (input: Parameters<typeof checkPinGuarded>[1]) => checkPinGuarded(deps, input) },
    users: users.usersRepository(deps),
    /** The PIN lock-out of the signed-in store, for a manager to unlock (no SQL of its own: electron/security/lockout.ts). */
    lockout: lockoutRepository(deps),
    sessions: users.sessionsRepository(deps),
    customers: customers.customersRepository(deps),
    products: products.productsRepository(deps),
    inventory: inventory.inventoryRepository(deps),
    workOrders: workOrders.workOrdersRepository(deps),
    giftCards: giftCards.giftCardsRepository(deps),
    loyalty: loyalty.loyaltyRepository(deps),
    layaways: layaways.layawaysRepository(deps),
    activity: activity.activityRepository(deps),
    selling: selling.sellingRepository(deps),
    sales: sales.salesRepository(deps),
    shifts: shifts.shiftsRepository(deps),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
export type { RepoOptions };

/**
 * Every SQL statement of the data layer, by file and name: what the guard and query-plan tests check.
 * Two spellings in them are for the planner only (docs/performance.md, "What changed per statement"):
 * `LIMIT +@limit` / `LIKE +@w` so a statement is prepared once, not on every call; `+tenant_id = @tenantId`
 * in a lookup of a whole row by its globally unique id, so SQLite finds the row by its primary key and then
 * checks its tenant, instead of walking the longer (id, tenant_id) index to the same row (not in joins, where
 * measuring showed the opposite).
 */
export const DATA_LAYER_SQL: ReadonlyArray<{ file: string; name: string; sql: string }> = Object.entries({
  activity: activity.SQL,
  customers: customers.SQL,
  'gift-cards': giftCards.SQL,
  inventory: inventory.SQL,
  layaways: layaways.SQL,
  loyalty: loyalty.SQL,
  products: products.SQL,
  references: references.SQL,
  sales: sales.SQL,
  selling: selling.SQL,
  shifts: shifts.SQL,
  users: users.SQL,
  'work-orders': workOrders.SQL,
}).flatMap(([file, sqls]) => Object.entries(sqls).map(([name, sql]) => ({ file, name, sql: sql as string })));
