import pg from 'pg';

export const OWNER_ROLE = 'pos_hub_owner';
export const APP_ROLE = 'pos_hub_app';
export const HUB_DATABASE = 'pos_hub';

/**
 * A fresh cluster gets the hub's two roles and its database, as a superuser:
 * the owner (owns schema hub, runs migrations) and the app role the hub serves
 * as (LOGIN only: owns nothing, NOBYPASSRLS, may only connect to the hub database).
 * Idempotent: an existing role keeps its password unless one is given.
 */
export async function createHubRoles(superuserUrl: string, passwords: { owner: string; app: string }): Promise<void> {
  const su = new pg.Client({ connectionString: superuserUrl });
  await su.connect();
  try {
    for (const [role, password] of [
      [OWNER_ROLE, passwords.owner],
      [APP_ROLE, passwords.app],
    ] as const) {
      const exists = await su.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await su.query(`${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT PASSWORD ${pg.escapeLiteral(password)}`);
    }
    const db = await su.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [HUB_DATABASE]);
    if (!db.rowCount) await su.query(`CREATE DATABASE ${HUB_DATABASE} OWNER ${OWNER_ROLE}`);
    await su.query(`REVOKE ALL ON DATABASE ${HUB_DATABASE} FROM PUBLIC`);
    await su.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${HUB_DATABASE} TO ${APP_ROLE}`);
    await su.query(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${HUB_DATABASE} TO ${OWNER_ROLE}`);
  } finally {
    await su.end();
  }
}

export function urlFor(base: { host: string; port: number }, user: string, password: string, database = HUB_DATABASE): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${base.host}:${base.port}/${database}`;
}
