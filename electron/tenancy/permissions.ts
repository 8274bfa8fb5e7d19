import { PermissionDeniedError } from './errors';
import type { UserRole } from './models';

/**
 * Who may call each IPC channel (`domain.name`, as in electron/ipc/contracts),
 * in ONE table. The worker decides with it before the operation runs
 * (electron/worker/ops/access.ts), with the role read from the session row in
 * the store file, never from the page. A channel that is not in the table is
 * refused (fail closed): adding a channel means adding its line here, and
 * test/security/authorization.test.ts fails until it has one.
 *
 * What the roles mean:
 * - cashier: sells and looks up (a discount, return or void over the store's
 *   limit needs a manager's username and PIN inside the operation itself:
 *   electron/sales/approval.ts);
 * - manager: also approves over a limit, edits, unlocks;
 * - technician: sells and looks up, and also backs up, restores and runs the
 *   upgrade from the Backups screen (a shop technician is not a manager);
 * - admin: everything.
 */
export const ROLES = ['cashier', 'manager', 'technician', 'admin'] as const satisfies readonly UserRole[];

/** The roles, by what they are for. */
export const EVERY_ROLE: readonly UserRole[] = ROLES;
export const MANAGERS: readonly UserRole[] = ['manager', 'admin'];
export const TECHNICIANS: readonly UserRole[] = ['technician', 'admin'];
/** Who unlocks a username locked after 5 wrong PINs (and the till's delay): managers, technicians, admins. */
export const UNLOCKERS: readonly UserRole[] = ['manager', 'technician', 'admin'];
/** Who looks after the till's sync: managers, technicians, admins. */
export const SYNC_KEEPERS: readonly UserRole[] = ['manager', 'technician', 'admin'];

/**
 * With no one signed in:
 * - `allow`: the screens before sign-in need it;
 * - `refuse`: sign in first;
 * - `technician-code`: only after the technician code was entered at this till
 *   (where no one can sign in: the Problem and Future-database screens, a
 *   damaged store, or the sign-in screen's Backups); where the store file cannot
 *   hold a code (unreadable, older than 0006) the copy beside it is checked;
 * - `while-upgrade-pending`: only while this build has migrations to run on the
 *   store (the launch's own upgrade, which starts before anyone can sign in), or
 *   after the technician code.
 */
export type NoSessionRule = 'allow' | 'refuse' | 'technician-code' | 'while-upgrade-pending';

export interface Permission {
  readonly noSession: NoSessionRule;
  /** The signed-in roles that may call it. */
  readonly roles: readonly UserRole[];
  /** What it does, for the refusal ("may not restore a backup"). */
  readonly does: string;
}

const open = (does: string): Permission => ({ noSession: 'allow', roles: EVERY_ROLE, does });
const signedIn = (does: string): Permission => ({ noSession: 'refuse', roles: EVERY_ROLE, does });
/**
 * Backups and restore: a technician's or an admin's, or with no one signed in
 * the technician code entered at this till (electron/security/technician-code.ts).
 * A signed-in cashier or manager is refused, code or not.
 */
const technician = (does: string): Permission => ({ noSession: 'technician-code', roles: TECHNICIANS, does });
const syncKeeper = (does: string): Permission => ({ noSession: 'refuse', roles: SYNC_KEEPERS, does });

export const PERMISSIONS: Readonly<Record<string, Permission>> = {
  // The app itself: which screen to show, and quitting.
  'app.launchState': open('decide the screen'),
  'app.quit': open('quit'),

  // The upgrade: runs by itself at launch before anyone can sign in; otherwise a technician's.
  'upgrade.start': { noSession: 'while-upgrade-pending', roles: TECHNICIANS, does: 'run the upgrade' },
  // The failure screen's report (no store data, only what failed): for whoever has to call support.
  'upgrade.copyDiagnosticReport': open('copy the diagnostic report'),

  // The Backups screen: a technician or admin, or the technician code where no one can sign in.
  // Typing the code is open to all: the worker checks it, with a lock after 5 wrong tries.
  'backups.technicianCode': open('enter the technician code'),
  'backups.list': technician('list the backups'),
  'backups.create': technician('back up the store'),
  'backups.restore': technician('restore a backup'),
  'backups.restoreImpact': technician('see what a restore would roll back'),
  'backups.unsent': technician('see what the hub has not received before a restore'),
  'backups.syncFirst': technician('sync before a restore'),

  // The session itself.
  'pos.stores': open('list the stores'),
  'pos.signIn': open('sign in'),
  'pos.signOut': open('sign out'),
  'pos.me': open('see who is signed in'),
  'pos.switchUser': signedIn('switch user'),
  // The idle lock: the same user's PIN (electron/worker/idle-lock.ts); runs on a locked session.
  'pos.unlockSession': signedIn('unlock the till'),

  // Looking up (tenancy/pos/operations.ts).
  'pos.findProduct': signedIn('look up a product'),
  'pos.product': signedIn('look up a product'),
  'pos.vehicleOptions': signedIn('look up vehicles'),
  'pos.productsForVehicle': signedIn('look up parts for a vehicle'),
  'pos.searchCustomers': signedIn('search customers'),
  'pos.customer': signedIn('look up a customer'),
  'pos.workOrders': signedIn('list work orders'),
  'pos.workOrder': signedIn('look up a work order'),
  'pos.giftCard': signedIn('look up a gift card'),
  'pos.redeemGiftCard': signedIn('redeem a gift card'),

  // The PIN lock-out (tenancy/repositories/lockout.ts): a manager unlocks, audited.
  'pos.lockedUsers': { noSession: 'refuse', roles: UNLOCKERS, does: 'see locked usernames' },
  'pos.unlockUser': { noSession: 'refuse', roles: UNLOCKERS, does: 'unlock a username' },

  // The selling day (sales/operations.ts); approvals over a limit are checked inside the operation.
  'pos.lookUp': signedIn('look up'),
  'pos.salesSetup': signedIn('read the selling setup'),
  'pos.quote': signedIn('price a cart'),
  'pos.checkout': signedIn('take a payment'),
  'pos.sale': signedIn('look up a sale'),
  'pos.recentSales': signedIn('list recent sales'),
  'pos.openLayaways': signedIn('list layaways'),
  'pos.payLayaway': signedIn('pay a layaway'),
  'pos.voidSale': signedIn('void a sale'),
  'pos.returnable': signedIn('look up a return'),
  'pos.returnItems': signedIn('take a return'),
  'pos.noteReceipt': signedIn('note a receipt'),
  'pos.shift': signedIn('see the shift'),
  'pos.openShift': signedIn('open a shift'),
  'pos.closeShift': signedIn('close a shift'),
  'pos.searchWorkOrders': signedIn('search work orders'),
  'pos.workOrderView': signedIn('open a work order'),
  'pos.openWorkOrder': signedIn('open a work order'),
  'pos.addPartToWorkOrder': signedIn('add a part to a work order'),
  'pos.addLabourToWorkOrder': signedIn('add labour to a work order'),
  'pos.removeWorkOrderLine': signedIn('remove a work order line'),
  'pos.setWorkOrderStatus': signedIn('change a work order status'),
  'pos.takeDeposit': signedIn('take a deposit'),

  // The till's sync on screen: the header for anyone signed in, the panel for those who look after it.
  'sync.status': signedIn('see the sync state'),
  'sync.panel': syncKeeper('open the Sync panel'),
  'sync.now': syncKeeper('sync now'),
  'sync.resolve': syncKeeper('resolve a sync conflict'),

  // Printing the receipt on screen.
  'receipts.print': signedIn('print a receipt'),
  'receipts.savePdf': signedIn('save a receipt'),
};

/** The table's key of a channel: `backups.restore`. */
export const permissionKey = (domain: string, name: string): string => `${domain}.${name}`;

/** Who is calling, as the worker found it: the signed-in role from the session row, or none. */
export interface Caller {
  /** null: no one is signed in (or the session is no longer valid and the channel allows none). */
  readonly role: UserRole | null;
  /** The technician code was entered at this till (checked by the worker; only counts with no session). */
  readonly technicianCode: boolean;
}

/** Facts the decision may need from the store, asked only when the rule needs them. */
export interface StoreFacts {
  upgradePending(): boolean;
}

export const permissionOf = (channel: string): Permission | null => (Object.hasOwn(PERMISSIONS, channel) ? PERMISSIONS[channel]! : null);

/** Whether the rule can be decided without knowing who is calling (every role, and no session either). */
export const needsNoCaller = (channel: string): boolean => {
  const p = permissionOf(channel);
  return p !== null && p.noSession === 'allow' && ROLES.every((r) => p.roles.includes(r));
};

/** Allowed, or PermissionDeniedError naming the channel and the role. A channel missing from the table is refused. */
export function authorize(channel: string, caller: Caller, facts: StoreFacts): void {
  const p = permissionOf(channel);
  if (!p) throw new PermissionDeniedError(channel, caller.role, 'do this', 'The screen and the app are from different builds; restart POS Desktop');
  if (caller.role !== null) {
    if (p.roles.includes(caller.role)) return;
    throw new PermissionDeniedError(channel, caller.role, p.does, hintFor(p));
  }
  if (allowedWithoutSession(p.noSession, caller, facts)) return;
  throw new PermissionDeniedError(channel, null, p.does, hintFor(p));
}

function allowedWithoutSession(rule: NoSessionRule, caller: Caller, facts: StoreFacts): boolean {
  switch (rule) {
    case 'allow':
      return true;
    case 'refuse':
      return false;
    case 'technician-code':
      return caller.technicianCode;
    case 'while-upgrade-pending':
      return caller.technicianCode || facts.upgradePending();
  }
}

const ROLE_WORDS: Record<UserRole, string> = { cashier: 'a cashier', manager: 'a manager', technician: 'a technician', admin: 'an admin' };

function hintFor(p: Permission): string {
  const who = p.roles.length === ROLES.length ? 'any employee' : p.roles.map((r) => ROLE_WORDS[r]).join(' or ');
  const code = p.noSession === 'technician-code' || p.noSession === 'while-upgrade-pending' ? `, or with no one signed in enter the technician code` : '';
  return `Sign in as ${who}${code}`;
}
