import { sql, type Kysely } from 'kysely';

/**
 * Continuity checkpoints whose gaps are ranges are stored under "series/ranges" and
 * "receipts/ranges" (server/monitoring/series-continuity.ts), so a server of an earlier
 * version, which reads gaps as single numbers under the bare kinds, never finds one. Builds
 * of one day wrote ranges under the bare kinds: those rows go (a checkpoint only saves work;
 * the next report looks again where it was).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from continuity_checkpoints where kind in ('series', 'receipts') and missing like '[[%'`.execute(db);
}
