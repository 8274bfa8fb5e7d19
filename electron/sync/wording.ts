import { dollars } from '../../contracts/money';
import { operationKind } from '../../contracts/sync/operations';
import type { RejectionCode } from '../../contracts/sync/rejections';

/**
 * The hub's rejection codes and the till's operation kinds in words a clerk at
 * the counter understands. The hub's own sentence is kept beside it (for the
 * technician); these say what happened and what the store does about it.
 */

/** What an operation was, e.g. "Gift card GC-1001 redeemed for $12.50 (sale S-0042)". */
export interface OperationFacts {
  entityType: string;
  operation: string;
  payload: Record<string, unknown>;
  /** The sale's receipt number, when the operation names a sale this till holds. */
  saleNumber?: string | null;
  /** The customer's name, when the operation names a customer this till holds. */
  customerName?: string | null;
}

const KIND_WORDS: Record<string, string> = {
  'work_order.opened': 'Work order opened',
  'work_order.status_changed': 'Work order status changed',
  'work_order_line.added': 'Line added to a work order',
  'work_order_line.removed': 'Line removed from a work order',
  'vehicle.added': 'Vehicle added',
  'contact.changed': "Customer's phone or email changed",
  'customer.created': 'Customer added',
  'sale.recorded': 'Sale',
  'sale.settled': 'Sale paid or voided',
  'stock.moved': 'Stock moved',
  'gift_card.redeemed': 'Gift card redeemed',
  'gift_card.refunded': 'Money put back on a gift card',
  'store_credit.account_opened': 'Store credit account opened',
  'store_credit.moved': 'Store credit',
  'loyalty.moved': 'Loyalty points',
  'commission.earned': 'Commission',
  'promotion.used': 'Promotion used',
  'shift.opened': 'Shift opened',
  'shift.closed': 'Shift closed',
  'sync_conflict.resolved': 'Sync conflict resolved',
};

/** What a clerk chose about a conflict (the sync_conflict.resolved operation's choice). */
const CHOICE_WORDS: Record<string, string> = {
  acknowledged: '(acknowledged)',
  keep_mine: "(this till's version kept)",
  keep_store: "(the store's version kept)",
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One line naming the operation, with the amount, card, order or sale it concerns where the payload says. */
export function describeOperation(facts: OperationFacts): string {
  const kind = operationKind(facts.entityType, facts.operation)?.kind;
  const p = facts.payload;
  const base = (kind && KIND_WORDS[kind]) ?? `${facts.entityType} ${facts.operation}`;
  const parts: string[] = [];
  if (kind === 'gift_card.redeemed' || kind === 'gift_card.refunded') {
    const code = str(p.code) ?? '';
    const amount = num(p.amountCents);
    const money = amount !== null ? dollars(Math.abs(amount)) : '';
    const line = kind === 'gift_card.redeemed' ? `Gift card ${code} redeemed for ${money}` : `Money put back on gift card ${code}: ${money}`;
    return [line.replace(/\s+/g, ' ').replace(/ :/, ':').trim(), sale(facts)].filter(Boolean).join(' ');
  }
  if (kind === 'store_credit.moved') {
    const amount = num(p.amountCents);
    if (amount !== null) parts.push(amount > 0 ? `charged ${dollars(amount)}` : `refunded ${dollars(-amount)}`);
  }
  if (kind === 'sale.recorded') {
    const s = p.sale as Record<string, unknown> | undefined;
    const number = str(s?.number);
    const total = num(s?.totalCents);
    if (number) parts.push(number);
    if (total !== null) parts.push(`for ${dollars(total)}`);
  }
  if (kind === 'work_order.opened') {
    const number = str((p.order as Record<string, unknown> | undefined)?.number);
    if (number) parts.push(number);
  }
  if (kind === 'sync_conflict.resolved' && str(p.choice)) parts.push(CHOICE_WORDS[String(p.choice)] ?? String(p.choice));
  if (kind === 'work_order.status_changed' && str(p.status)) parts.push(`to ${String(p.status).replaceAll('_', ' ')}`);
  if (kind === 'stock.moved' && num(p.quantity) !== null) parts.push(`(${num(p.quantity)! > 0 ? '+' : ''}${num(p.quantity)})`);
  if (facts.customerName) parts.push(`for ${facts.customerName}`);
  const s = sale(facts);
  if (s && kind !== 'sale.recorded') parts.push(s);
  return [base, ...parts].join(' ');
}

const sale = (facts: OperationFacts) => (facts.saleNumber ? `(sale ${facts.saleNumber})` : null);

type Explain = (amount: number | null, onSale: string, remote: Record<string, unknown> | null) => string;
const collect = (amount: number | null) => (amount !== null ? dollars(amount) : 'the amount');
const fault: Explain = () => 'The store could not take this change: it looks like a fault. Tell the technician; nothing else is held up.';

/** One wording per hub rejection code (contracts/sync/rejections.ts): a new code does not compile until it is worded here. */
export const REJECTION_WORDING: Record<RejectionCode, Explain> = {
  insufficient_balance: (amount, onSale, remote) => {
    const held = num(remote?.balance_cents);
    const missing = amount !== null && held !== null ? Math.max(0, amount - held) : null;
    return `The gift card did not hold enough when this reached the store${held !== null ? ` (it had ${dollars(held)} left)` : ''}: it was probably spent at another till while this one was offline. Collect ${missing !== null ? dollars(missing) : 'the difference'} from the customer${onSale}.`;
  },
  insufficient_credit: (amount, onSale) =>
    `The customer's store credit did not cover this charge when it reached the store. Collect ${collect(amount)} from the customer${onSale}, or ask a manager to raise the limit.`,
  card_not_active: (amount, onSale, remote) =>
    `The gift card is ${str(remote?.status) ?? 'not active'} in the store's records, so the redemption was not accepted. Collect ${collect(amount)} from the customer${onSale}.`,
  card_expired: (amount, onSale) => `The gift card had expired, so the redemption was not accepted. Collect ${collect(amount)} from the customer${onSale}.`,
  account_not_active: (_amount, onSale) =>
    `The customer's store credit account is closed or on hold in the store's records, so the charge was not accepted. Collect it from the customer${onSale}.`,
  unknown_reference: () =>
    "The store's records do not have something this refers to (a product, customer or card added on this till only). Ask the technician to check this till's catalogue.",
  foreign_tenant: () => 'This change named another store, so it was refused. Tell the technician.',
  invalid_payload: fault,
  unknown_kind: fault,
  constraint: fault,
  seq_reused: () =>
    "The store already holds another change under this one's number: this till's file was restored or copied. Tell the technician (pos-db sync status); nothing else is held up.",
};

const isRejectionCode = (code: string): code is RejectionCode => Object.hasOwn(REJECTION_WORDING, code);

/**
 * What the store does about a rejection, by the hub's stable code. `remote` is what the hub holds (a balance, a
 * status, and for money the sale and amount to collect, which win over what this till still knows).
 */
export function explainRejection(code: string, facts: OperationFacts, remote: Record<string, unknown> | null): string {
  const sent = num(facts.payload.amountCents);
  const amount = num(remote?.amountCents) ?? (sent !== null ? Math.abs(sent) : null);
  const saleNumber = str(remote?.saleNumber) ?? facts.saleNumber ?? null;
  const onSale = saleNumber ? ` on sale ${saleNumber}` : '';
  if (!isRejectionCode(code)) return 'The store did not accept this change. Tell the technician; nothing else is held up.';
  return REJECTION_WORDING[code](amount, onSale, remote);
}

/** A contact conflict the hub sent: another till's edit of the same customer won. */
export function explainContactConflict(customerName: string | null): string {
  return `Another till changed ${customerName ? `${customerName}'s` : "this customer's"} phone or email at the same time, and the store kept the other till's version. Keep it, or put this till's version back.`;
}

/** Which of the sync errors (electron/sync/errors.ts) a sync_state.last_error message is: the state keeps the sentence only. */
export function syncErrorCode(message: string | null): string | null {
  if (!message) return null;
  if (/could not be reached/.test(message)) return 'SYNC_HUB_UNREACHABLE';
  if (/refuses this version/.test(message)) return 'SYNC_UPGRADE_REQUIRED';
  if (/no longer accepts this till's credential/.test(message)) return 'SYNC_UNAUTHORIZED';
  if (/expects .* operation number/.test(message)) return 'SYNC_SEQUENCE_GAP';
  if (/page of changes from the hub was not applied/.test(message)) return 'SYNC_PULL_REJECTED';
  if (/do not understand each other/.test(message)) return 'SYNC_PROTOCOL';
  return 'SYNC_OTHER';
}

/** The till's last sync error, for a clerk: what it means and whether to call someone. */
export function explainSyncError(message: string | null): string | null {
  switch (syncErrorCode(message)) {
    case null:
      return null;
    case 'SYNC_HUB_UNREACHABLE':
      return 'The store server cannot be reached. Sales go on as usual and are sent when it is back.';
    case 'SYNC_UPGRADE_REQUIRED':
      return 'The store server needs a newer POS Desktop on this till. Nothing is lost; ask the technician to install the update.';
    case 'SYNC_UNAUTHORIZED':
      return 'The store server no longer accepts this till. Nothing is lost; ask the technician to enroll it again.';
    case 'SYNC_SEQUENCE_GAP':
      return 'The store server and this till disagree about what was sent. Nothing is lost; ask the technician (pos-db sync status).';
    case 'SYNC_PULL_REJECTED':
    case 'SYNC_PROTOCOL':
      return "This till could not take the store server's last answer. Nothing is lost; ask the technician.";
    default:
      return 'Sending to the store server failed. Nothing is lost; ask the technician (pos-db sync status).';
  }
}
