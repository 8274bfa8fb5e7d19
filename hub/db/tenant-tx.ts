import type pg from 'pg';

export type Tx = pg.PoolClient;

/**
 * One transaction with the tenant set for it alone (set_config's third argument:
 * local to the transaction, gone at COMMIT, so a pooled connection never carries
 * one request's tenant into the next). Every row the hub reads or writes goes
 * through here; the tenant comes from the caller's credential, never from input.
 */
export async function withTenant<T>(pool: pg.Pool, tenantId: string, fn: (tx: Tx) => Promise<T>, mode = ''): Promise<T> {
  const client = await pool.connect();
  try {
    // One round trip for both: a simple query may carry two statements, and escapeLiteral quotes the tenant
    // (already a checked tenant id: it comes from a credential or an admin command, never from a payload).
    await client.query(`BEGIN ${mode}; SELECT set_config('app.tenant_id', ${client.escapeLiteral(tenantId)}, true)`);
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    client.release();
  }
}
