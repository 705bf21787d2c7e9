import { SqliteAdapter, sql, type Kysely } from 'kysely';

/** A stored time in the one shape that compares as time: `toISOString()`'s (frozen here: migrations are history). */
const UTC_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z';
const UTC_REGEX = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$';

/** Where a till's own times were stored as it sent them, and the key to update each row by. */
const TIMES = [
  { table: 'sales', column: 'occurred_at', key: 'id' },
  { table: 'refunds', column: 'occurred_at', key: 'id' },
  { table: 'terminals', column: 'oldest_pending_at', key: 'id' },
] as const;

/**
 * The times a till sends (a sale's and a refund's `occurredAt`, a heartbeat's
 * `oldestPendingAt`) were stored as sent: `2026-11-22T18:00:00+08:00` from a Manila till.
 * The week of a senior citizen's 5% cap compares `occurred_at` with UTC bounds as text, so a
 * Sunday evening sale fell in the next week (a Monday sale flagged over the cap, a second
 * Sunday one not flagged). They are now stored as their instant's UTC text, as every other
 * time of the back office is (`utcText`); this rewrites the rows stored before. Rows
 * already in that shape are not touched; the instants do not change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // PostgreSQL runs a migration in a transaction; SQLite's is one too, so that it is one commit (and one fsync).
  if (!sqlite) return rewrite(db, false);
  await sql`begin immediate`.execute(db);
  try {
    await rewrite(db, true);
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
}

async function rewrite(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  for (const { table, column, key } of TIMES) {
    const notUtc = sqlite ? sql`${sql.ref(column)} not glob ${UTC_GLOB}` : sql`${sql.ref(column)} !~ ${UTC_REGEX}`;
    for (;;) {
      const { rows } = await sql<{ key: string; time: string }>`
        select ${sql.ref(key)} as key, ${sql.ref(column)} as time from ${sql.table(table)}
        where ${sql.ref(column)} is not null and ${notUtc} limit 1000`.execute(db);
      if (rows.length === 0) break;
      for (const row of rows) {
        const instant = Date.parse(row.time);
        // Every time was checked readable when it came in; one that is not is left as it is (and would loop).
        if (!Number.isFinite(instant)) throw new Error(`migration 0015: ${table}.${column} of ${row.key} is not a time: ${row.time}`);
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${new Date(instant).toISOString()} where ${sql.ref(key)} = ${row.key}`.execute(
          db,
        );
      }
    }
  }
}
