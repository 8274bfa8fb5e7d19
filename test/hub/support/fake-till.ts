import crypto from 'node:crypto';
import type { HoldAsk, HoldReleaseResponse, HoldResponse, PullResponse, PushedOperation, PushResponse } from '../../../contracts/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '../../../contracts/sync/protocol';

export const HELLO = { protocolVersion: SYNC_PROTOCOL_VERSION, appVersion: '2.0.0', schema: '0006-pin-lockouts' };

export interface HttpResult<T> {
  status: number;
  body: T;
}

export async function post<T = unknown>(url: string, body: unknown, token?: string): Promise<HttpResult<T>> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** A till as the hub sees it: a credential, a sequence counter, and the wire. No SQLite: the till side is tested in test/sync. */
export class FakeTill {
  seq = 0;
  cursor: string | null = null;
  constructor(
    readonly hubUrl: string,
    readonly token: string,
    readonly tillId: string,
  ) {}

  static async enroll(hubUrl: string, code: string): Promise<FakeTill> {
    const r = await post<{ token: string; tillId: string }>(`${hubUrl}/v1/enroll`, { ...HELLO, code });
    if (r.status !== 200) throw new Error(`enroll failed: ${r.status} ${JSON.stringify(r.body)}`);
    return new FakeTill(hubUrl, r.body.token, r.body.tillId);
  }

  /** Numbers the operations with this till's next sequence numbers. */
  op(entityType: string, operation: 'insert' | 'update' | 'delete', payload: Record<string, unknown>, entityId?: string): PushedOperation {
    this.seq += 1;
    return {
      seq: this.seq,
      id: crypto.randomUUID(),
      entityType,
      entityId: entityId ?? String(payload.id ?? crypto.randomUUID()),
      operation,
      payload: { v: 1, ...payload },
      createdAt: new Date().toISOString(),
    };
  }

  push(operations: PushedOperation[]): Promise<HttpResult<PushResponse & { code?: string; expectedSeq?: number }>> {
    return post(`${this.hubUrl}/v1/push`, { ...HELLO, operations }, this.token);
  }

  /** Asks the hub to reserve amounts before a sale completes (POST /v1/holds). */
  hold(holds: HoldAsk[]): Promise<HttpResult<HoldResponse & { code?: string; message?: string }>> {
    return post(`${this.hubUrl}/v1/holds`, { ...HELLO, holds }, this.token);
  }

  /** Gives back holds of a sale that failed after they were granted (POST /v1/holds/release). */
  release(holds: string[]): Promise<HttpResult<HoldReleaseResponse & { code?: string; message?: string }>> {
    return post(`${this.hubUrl}/v1/holds/release`, { ...HELLO, holds }, this.token);
  }

  async pull(limit = 1000): Promise<HttpResult<PullResponse>> {
    const r = await post<PullResponse>(`${this.hubUrl}/v1/pull`, { ...HELLO, cursor: this.cursor, limit }, this.token);
    if (r.status === 200) this.cursor = r.body.cursor;
    return r;
  }

  /** Pulls until the hub has nothing more. */
  async pullAll(limit = 1000): Promise<PullResponse['changes']> {
    const all: PullResponse['changes'] = [];
    for (;;) {
      const r = await this.pull(limit);
      if (r.status !== 200) throw new Error(`pull failed: ${r.status} ${JSON.stringify(r.body)}`);
      all.push(...r.body.changes);
      if (!r.body.more) return all;
    }
  }
}
