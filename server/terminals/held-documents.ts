import type { Kysely } from 'kysely';
import type { Database } from '../db/tables';

/**
 * Which of a till's idempotency keys the back office holds as a sale or a refund of that
 * till: each one found through the (terminal, key) unique index of its table, so a
 * heartbeat's few checkpoints cost a few index probes however many documents there are.
 * A key held as a stored answer only (expired or not) does not count: what the till must
 * know is whether the document itself is here.
 */
export async function heldDocuments(db: Kysely<Database>, terminalId: string, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('sales')
    .select('idempotency_key as key')
    .where('terminal_id', '=', terminalId)
    .where('idempotency_key', 'in', keys)
    .unionAll((eb) =>
      eb.selectFrom('refunds').select('idempotency_key as key').where('terminal_id', '=', terminalId).where('idempotency_key', 'in', keys),
    )
    .execute();
  const held = new Set(rows.map((r) => r.key));
  return keys.filter((key) => held.has(key));
}
