import { EnrollResponse } from '../../contracts/sync/protocol';
import { isValidTenantId } from '../../contracts/tenant-id';
import type { Db } from '../db/open';
import { runAsTenant } from '../tenancy/context';
import { UNENROLLED_TILL_ID } from '../tenancy/repositories/shifts';
import { AlreadyEnrolledError, HubProtocolError } from './errors';
import { tillHello } from './hello';
import { checkHubUrl } from './hub-url';
import { postToHub } from './http';
import { nowIso, SQL, syncStore } from './store';

export interface EnrollInput {
  hubUrl: string;
  code: string;
  tillName?: string;
  /** Replace the tenant's existing credential (after the hub revoked it, or to move the till to another hub). */
  replace?: boolean;
  timeoutMs?: number;
}

export interface Enrollment {
  tenantId: string;
  tillId: string;
  tillName: string;
  hubUrl: string;
  hubId: string;
  /** Operations already queued that the new credential will send first. */
  queued: number;
  replaced: boolean;
}

/**
 * Trades a one-time enrollment code for a till credential and keeps it in the
 * till's database. The tenant is the one the hub bound to the code, never one
 * the caller names. The credential's numbering starts before the oldest
 * operation not yet delivered (seq_base), so the hub sees 1, 2, 3 ... however
 * long the till queued before it was enrolled. This till's shifts take the
 * till's new id (shifts.till_id), so its open drawer stays its current shift.
 */
export async function enrollTill(db: Db, input: EnrollInput): Promise<Enrollment> {
  const hubUrl = checkHubUrl(input.hubUrl);
  const body = await postToHub({
    hubUrl,
    path: '/v1/enroll',
    timeoutMs: input.timeoutMs,
    body: { ...tillHello(db), code: input.code.trim(), ...(input.tillName ? { tillName: input.tillName } : {}) },
  });
  const parsed = EnrollResponse.safeParse(body);
  if (!parsed.success || !isValidTenantId(parsed.data.tenantId)) throw new HubProtocolError(hubUrl, 'its enrollment answer does not match the contract');
  // A credential is `<tenant>.<secret>`: one that names another store than the one it is for is never kept.
  if (!parsed.data.token.startsWith(`${parsed.data.tenantId}.`))
    throw new HubProtocolError(hubUrl, `its enrollment answer gives ${parsed.data.tenantId} a credential of another store`);
  const answer = parsed.data;
  // IMMEDIATE: the transaction reads before it writes, and a deferred one that finds the background sync
  // writing cannot wait for it (SQLITE_BUSY at once); an immediate one waits its busy timeout like any write.
  return runAsTenant({ tenantId: answer.tenantId, userId: null }, () =>
    db
      .transaction(() => {
        const store = syncStore(db);
        const existing = store.credential();
        if (existing && !input.replace) throw new AlreadyEnrolledError(answer.tenantId, existing.till_name);
        // A shift is one till's drawer (shifts.till_id): the drawer this till has open stays its own under the new id.
        store.s.run(SQL.retagShifts, { from: existing?.id ?? UNENROLLED_TILL_ID, to: answer.tillId });
        store.s.run(SQL.deleteCredential);
        const base = store.s.get<{ base: number }>(SQL.seqBase)?.base ?? 0;
        store.s.run(SQL.insertCredential, {
          id: answer.tillId,
          hubUrl,
          hubId: answer.hubId,
          tillName: answer.tillName,
          token: answer.token,
          seqBase: base,
          enrolledAt: nowIso(),
        });
        store.state();
        store.s.run(SQL.resetState, { ackedSeq: base });
        const queued = store.s.get<{ queued: number }>(SQL.queueCounts, { after: base })?.queued ?? 0;
        return {
          tenantId: answer.tenantId,
          tillId: answer.tillId,
          tillName: answer.tillName,
          hubUrl,
          hubId: answer.hubId,
          queued,
          replaced: Boolean(existing),
        };
      })
      .immediate(),
  );
}
