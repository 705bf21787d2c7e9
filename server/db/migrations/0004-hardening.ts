import type { Kysely } from 'kysely';

/**
 * Issue #9, server side:
 * - a terminal can be revoked (a lost or stolen till): its token then answers
 *   401 terminal_revoked until it is paired again with a fresh code;
 * - a fleet-page session can be revoked by signing out, on every instance sharing the
 *   database: the signed cookie names a session id, and a signed-out id is listed here
 *   until the cookie would have expired anyway.
 * Nothing here is filled by the sale or refund insert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('terminals').addColumn('revoked_at', 'text').execute();
  await db.schema.alterTable('terminals').addColumn('revoked_reason', 'text').execute();

  await db.schema
    .createTable('revoked_fleet_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revoked_fleet_sessions_expiry').on('revoked_fleet_sessions').column('expires_at').execute();
}
