import { sql, type Kysely } from 'kysely';

/** The write endpoints as they were when this migration was written (frozen: migrations are history). */
const ENDPOINTS = [
  'POST /v1/sales',
  'POST /v1/sales/:id/refund',
  'POST /v1/purchase-receipts',
  'POST /v1/purchase-receipts/:id/approve',
  'POST /v1/transfers',
  'POST /v1/transfers/:id/send',
  'POST /v1/transfers/:id/receive',
  'POST /v1/inventory-corrections',
  'POST /v1/supplier-returns',
  'POST /v1/admin/businesses',
  'POST /v1/admin/stores',
  'POST /v1/admin/terminals',
  'POST /v1/admin/terminals/:terminalId/revoke',
  'POST /v1/admin/terminals/:terminalId/pairing-code',
];

/**
 * Monitoring counts the first-time writes of the last 24 h per endpoint from the stored
 * answers. It matched every row of the window against every endpoint's path pattern:
 * about 30 ms for 10,000 answers on SQLite, on the thread that also answers the tills'
 * heartbeats. Each stored answer now carries the route it answered (`endpoint`), and one
 * index holds all the count reads (expiry first, so the cleanup's `expires_at < now` still
 * uses it): the count is a walk of that index. Answers stored before are labelled here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_responses').addColumn('endpoint', 'text').execute();
  for (const endpoint of ENDPOINTS) {
    const [method = 'POST', pattern = ''] = endpoint.split(' ');
    await sql`update idempotency_responses set endpoint = ${endpoint} where endpoint is null and method = ${method} and path like ${pattern.replace(/:[a-zA-Z]+/g, '%')}`.execute(
      db,
    );
  }
  await db.schema.createIndex('idempotency_responses_window').on('idempotency_responses').columns(['expires_at', 'created_at', 'endpoint']).execute();
  await db.schema.dropIndex('idempotency_responses_expiry').execute();
}
