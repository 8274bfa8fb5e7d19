/**
 * Every stable code the hub answers a rejected operation with (push outcome
 * `rejected`). The hub throws only these (hub/push/rejection.ts types its
 * constructor with them); the till words each for a clerk
 * (electron/sync/wording.ts, tested to cover every one).
 */
export const REJECTION_CODES = [
  'invalid_payload',
  'unknown_kind',
  'foreign_tenant',
  'unknown_reference',
  'insufficient_balance',
  'insufficient_credit',
  'card_not_active',
  'card_expired',
  'account_not_active',
  'constraint',
  'seq_reused',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];
