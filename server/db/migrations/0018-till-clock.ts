import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Each terminal keeps how far its clock was from the back office's at its last heartbeat
 * (`clock_offset_ms`: the till's time it sent, less the back office's on arrival; positive
 * when the till runs ahead). A till whose clock is hours off stamps its sales, shifts and
 * journal with the wrong day (probe finding 3); monitoring and the fleet page show it.
 * NULL until a till that sends its time reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite commits the column and the record of this migration apart: after a crash between
  // the two, the next start finds the column there already.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    const { rows } = await sql`select 1 from pragma_table_info('terminals') where name = 'clock_offset_ms'`.execute(db);
    if (rows.length > 0) return;
    await sql`alter table terminals add column clock_offset_ms integer`.execute(db);
    return;
  }
  await sql`alter table terminals add column clock_offset_ms bigint`.execute(db);
}
