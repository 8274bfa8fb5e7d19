import { z } from 'zod';

/**
 * The wire protocol between a till and the hub, shared by both sides so they
 * validate the same contract. Modelled on Replicache's push protocol: each
 * till numbers its operations (per tenant credential) and the hub records the
 * last sequence it applied in the same transaction as the effect, so a retry
 * is answered from the record and never applied twice.
 *
 * Endpoints (JSON over HTTP; https except to localhost):
 *   POST /v1/enroll   EnrollRequest  -> EnrollResponse          (no credential: the one-time code is the secret)
 *   POST /v1/push     PushRequest    -> PushResponse            (Authorization: Bearer <till token>)
 *   POST /v1/pull     PullRequest    -> PullResponse            (Authorization: Bearer <till token>)
 *   POST /v1/holds    HoldRequest    -> HoldResponse            (Authorization: Bearer <till token>)
 *   POST /v1/holds/release HoldReleaseRequest -> HoldReleaseResponse (Authorization: Bearer <till token>)
 *   GET  /v1/health                  -> { ok: true, schemaVersion }
 * Every refusal answers HubError with a stable `code`.
 *
 * The tenant is never in a request body: the hub takes it from the credential.
 */

/** The protocol version both sides speak; a till with another one is told to update. */
export const SYNC_PROTOCOL_VERSION = 1;

/**
 * The oldest till database that can sync: one with migration 0004 (the per-till
 * sequence in pending_operations). A till whose newest migration is older is
 * answered 426 upgrade_required.
 */
export const MIN_TILL_SCHEMA = 4;

/** The number a migration name starts with ('0006-pin-lockouts' -> 6), or null. */
export function tillSchemaNumber(schema: string): number | null {
  const m = /^(\d{4})-/.exec(schema);
  return m ? Number(m[1]) : null;
}

/** Most operations in one push; the till sends batches of at most this many. */
export const MAX_PUSH_BATCH = 500;

const uuidish = z.string().min(1).max(64);
const time = z.string().min(10).max(40);

/** Who the till says it is when it speaks; the hub checks the version, the credential says who. */
export const TillHello = z.strictObject({
  protocolVersion: z.number().int().positive(),
  /** The till's app version (package.json), for the hub's tills list and the upgrade message. */
  appVersion: z.string().min(1).max(32),
  /** The till database's newest executed migration name, e.g. '0006-pin-lockouts'. */
  schema: z.string().min(1).max(64),
});
export type TillHello = z.infer<typeof TillHello>;

export const EnrollRequest = TillHello.extend({
  /** `<tenant id>.<XXXX-XXXX-XXXX>` as `pos-hub enroll-code` prints it (a tenant id may be 255 characters). */
  code: z.string().min(8).max(320),
  /** A name for the till, shown in `pos-hub tills`; the enrollment code may already fix one. */
  tillName: z.string().min(1).max(64).optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.strictObject({
  tillId: uuidish,
  tenantId: z.string().min(1).max(255),
  tillName: z.string(),
  /** Shown once; the hub keeps only its sha256. The till stores it in its database. */
  token: z.string().min(32).max(512),
  hubId: z.string().min(1).max(64),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/** One queued pending_operations row as it travels. */
export const PushedOperation = z.strictObject({
  /** The till's sequence number for this credential: 1, 2, 3, ... without gaps. */
  seq: z.number().int().positive(),
  /** pending_operations.id: the operation's identity across retries and restores. */
  id: uuidish,
  entityType: z.string().min(1).max(64),
  entityId: uuidish,
  operation: z.enum(['insert', 'update', 'delete']),
  /** The parsed payload; validated against the kind's schema (contracts/sync/operations) on the hub. */
  payload: z.record(z.string(), z.unknown()),
  createdAt: time,
});
export type PushedOperation = z.infer<typeof PushedOperation>;

export const PushRequest = TillHello.extend({
  /** In ascending seq order, contiguous. */
  operations: z.array(PushedOperation).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const OperationOutcome = z.discriminatedUnion('outcome', [
  z.strictObject({ seq: z.number().int().positive(), id: uuidish, outcome: z.literal('applied') }),
  /** Applied before (a retry): the stored outcome comes back, nothing is applied again. */
  z.strictObject({ seq: z.number().int().positive(), id: uuidish, outcome: z.literal('duplicate'), original: z.enum(['applied', 'rejected']) }),
  /**
   * Never applied, and never will be: the till moves it to sync_conflicts with
   * the reason and goes on (a rejection does not block the queue).
   * `code` is stable (for the till to word it for a clerk), `reason` is the hub's sentence.
   */
  z.strictObject({
    seq: z.number().int().positive(),
    id: uuidish,
    outcome: z.literal('rejected'),
    code: z.string().min(1).max(64),
    reason: z.string().min(1).max(500),
    /** What the hub holds instead, where there is something (e.g. the card's balance, the winning contact). */
    remote: z.record(z.string(), z.unknown()).nullable(),
  }),
]);
export type OperationOutcome = z.infer<typeof OperationOutcome>;

export const PushResponse = z.strictObject({
  results: z.array(OperationOutcome),
  /** The highest seq the hub has recorded for this till after this push. */
  lastSeq: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullRequest = TillHello.extend({
  /** The cursor of the last pull applied, or null for the first (full) pull. Opaque to the till. */
  cursor: z.string().max(128).nullable(),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export type PullRequest = z.infer<typeof PullRequest>;

/** One row the hub owns or another till pushed, in the till's table and column names. */
export const PulledChange = z.strictObject({
  table: z.string().min(1).max(64),
  /** 'delete' travels as a tombstone: only the key is sent. */
  op: z.enum(['upsert', 'delete']),
  id: uuidish,
  /** The row's columns (snake_case, as in the till's table) without tenant_id; null for a delete. */
  row: z.record(z.string(), z.unknown()).nullable(),
});
export type PulledChange = z.infer<typeof PulledChange>;

export const PullResponse = z.strictObject({
  /**
   * True when the till's cursor was unknown or expired: `changes` is then a
   * full copy of what the hub holds for the tenant, and the till replaces its
   * pulled tables' content with it (rows it queued and the hub has not seen stay).
   */
  resync: z.boolean(),
  changes: z.array(PulledChange),
  /** Where the next pull starts. */
  cursor: z.string().min(1).max(128),
  /** More changes are waiting past this page: pull again at once. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** Most money tenders one sale asks the hub to hold at once. */
export const MAX_HOLDS_PER_REQUEST = 10;

/**
 * One amount a till asks the hub to reserve before a sale completes: a gift card
 * redemption (`accountId` the card's id, `code` its code, checked as the push does)
 * or a store credit charge (`accountId` the credit account's id). The id is the
 * till's: the sale's operation names it (`holdId`), and a retry of the same id
 * answers the hold already granted.
 */
export const HoldAsk = z.strictObject({
  id: z.uuid(),
  kind: z.enum(['gift_card', 'store_credit']),
  accountId: uuidish,
  code: z.string().min(1).max(64).optional(),
  amountCents: z.number().int().positive().max(100_000_000),
});
export type HoldAsk = z.infer<typeof HoldAsk>;

export const HoldRequest = TillHello.extend({
  holds: z.array(HoldAsk).min(1).max(MAX_HOLDS_PER_REQUEST),
});
export type HoldRequest = z.infer<typeof HoldRequest>;

/**
 * All or nothing: either every amount is reserved until `expiresAt` (the sale's
 * operations consume the holds when they reach the hub), or none is and the
 * first amount the hub cannot give says why, with what it can give
 * (`availableCents`: the balance less what other sales in progress hold).
 */
export const HoldResponse = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('held'),
    holds: z.array(z.strictObject({ id: z.uuid(), expiresAt: time })),
  }),
  z.strictObject({
    outcome: z.literal('refused'),
    holdId: z.uuid(),
    /** unknown_reference, card_not_active, card_expired, account_not_active, insufficient_balance, insufficient_credit */
    code: z.string().min(1).max(64),
    reason: z.string().min(1).max(500),
    availableCents: z.number().int().min(0),
  }),
]);
export type HoldResponse = z.infer<typeof HoldResponse>;

/**
 * The sale a till asked holds for failed after they were granted (another check
 * refused it, the connection changed under it): the till gives them back so the
 * amounts count for the other tills at once instead of after the holds expire.
 * Only holds of the asking till, not yet consumed by an operation, are released;
 * the others (another till's, another tenant's, unknown, consumed) are left as
 * they are and not listed in `released`.
 */
export const HoldReleaseRequest = TillHello.extend({
  holds: z.array(z.uuid()).min(1).max(MAX_HOLDS_PER_REQUEST),
});
export type HoldReleaseRequest = z.infer<typeof HoldReleaseRequest>;

export const HoldReleaseResponse = z.strictObject({
  released: z.array(z.uuid()),
});
export type HoldReleaseResponse = z.infer<typeof HoldReleaseResponse>;

/** Stable refusal codes; the HTTP status says which kind of failure it is. */
export const HUB_ERROR_CODES = {
  /** 400: the body does not match the contract. */
  bad_request: 400,
  /** 401: no credential, unknown or revoked credential, used or expired enrollment code. */
  unauthorized: 401,
  /** 409: the batch does not start at the sequence the hub expects; `expectedSeq` says where. */
  sequence_gap: 409,
  /** 426: the till's protocol or schema is too old: install the update (nothing is lost, the queue waits). */
  upgrade_required: 426,
  /** 503: the hub cannot reach its database; retry later. */
  unavailable: 503,
} as const;
export type HubErrorCode = keyof typeof HUB_ERROR_CODES;

export const HubError = z.strictObject({
  code: z.enum(Object.keys(HUB_ERROR_CODES) as [HubErrorCode, ...HubErrorCode[]]),
  message: z.string(),
  expectedSeq: z.number().int().positive().optional(),
});
export type HubError = z.infer<typeof HubError>;
