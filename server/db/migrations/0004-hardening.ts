import { SqliteAdapter, sql, type Kysely } from 'kysely';

/** How a receipt number is read from a terminal's local number, in SQL (server/monitoring/series-continuity.ts). */
export const RECEIPT_PREFIX_SQL = "rtrim(local_number, '0123456789')";
/** The trailing digits as a number: numeric on PostgreSQL (never overflows), integer on SQLite. */
export const receiptNumberSql = (kind: 'sqlite' | 'postgres') =>
  `cast(nullif(substr(local_number, length(${RECEIPT_PREFIX_SQL}) + 1), '') as ${kind === 'sqlite' ? 'integer' : 'numeric'})`;

/**
 * Issue #9, server side. Nothing here is a column the sale or refund insert must fill.
 * - Terminals can be revoked (a lost or stolen till).
 * - Fleet-page sessions can be revoked by signing out, on every instance sharing the
 *   database: a signed-out session id is listed until the cookie would have expired.
 * - Number continuity is checked in SQL, a range of values at a time, from checkpoints
 *   (continuity_checkpoints): indexes on each series' values and on each terminal's
 *   receipt numbers. The series indexes are UNIQUE: a (business, period, value) can be
 *   issued once only, so a duplicate document number cannot be stored at all. Deleting a
 *   numbered row, or changing its number, bumps continuity_epoch (triggers), which voids
 *   every checkpoint, so the next report looks at everything again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
  await db.schema.alterTable('terminals').addColumn('revoked_at', 'text').execute();
  await db.schema.alterTable('terminals').addColumn('revoked_reason', 'text').execute();

  await db.schema
    .createTable('revoked_fleet_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revoked_fleet_sessions_expiry').on('revoked_fleet_sessions').column('expires_at').execute();

  await db.schema.createIndex('sales_series_values').unique().on('sales').columns(['business_id', 'series_period', 'series_value']).execute();
  await db.schema.createIndex('refunds_series_values').unique().on('refunds').columns(['business_id', 'series_period', 'series_value']).execute();
  await db.schema
    .createIndex('stock_documents_series_values')
    .unique()
    .on('stock_documents')
    .columns(['business_id', 'kind', 'series_period', 'series_value'])
    .execute();
  await sql.raw(`create index sales_receipt_numbers on sales (terminal_id, (${RECEIPT_PREFIX_SQL}), (${receiptNumberSql(kind)}))`).execute(db);

  await db.schema
    .createTable('continuity_checkpoints')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('scanned_through', 'bigint', (c) => c.notNull())
    .addColumn('present', 'bigint', (c) => c.notNull())
    .addColumn('row_count', 'bigint', (c) => c.notNull())
    .addColumn('missing', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('continuity_checkpoints_pk', ['kind', 'group_key'])
    .execute();
  // Bumped by the triggers below: a checkpoint (stored or held in memory) of an older epoch is void.
  await db.schema
    .createTable('continuity_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into continuity_epoch (id, epoch) values (1, 0)`.execute(db);

  const watched = [
    { table: 'sales', columns: 'business_id, terminal_id, local_number, invoice_number, series_period, series_value', when: '' },
    { table: 'refunds', columns: 'business_id, return_number, series_period, series_value', when: '' },
    { table: 'stock_documents', columns: 'business_id, kind, number, series_period, series_value', when: 'old.series_value is not null' },
  ];
  if (kind === 'sqlite') {
    for (const { table, columns, when } of watched) {
      const condition = when ? ` when ${when}` : '';
      await sql
        .raw(
          `create trigger ${table}_forget_continuity_on_delete after delete on ${table} for each row${condition} begin update continuity_epoch set epoch = epoch + 1 where id = 1; end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_forget_continuity_on_update after update of ${columns} on ${table} for each row${condition} begin update continuity_epoch set epoch = epoch + 1 where id = 1; end`,
        )
        .execute(db);
    }
  } else {
    await sql
      .raw(
        `create function forget_continuity_checkpoints() returns trigger language plpgsql as $$ begin update continuity_epoch set epoch = epoch + 1 where id = 1; return null; end $$`,
      )
      .execute(db);
    for (const { table, columns, when } of watched) {
      const condition = when ? ` when (${when.replace('old.', 'OLD.')})` : '';
      await sql
        .raw(
          `create trigger ${table}_forget_continuity_on_delete after delete on ${table} for each row${condition} execute function forget_continuity_checkpoints()`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${table}_forget_continuity_on_update after update of ${columns} on ${table} for each row${condition} execute function forget_continuity_checkpoints()`,
        )
        .execute(db);
    }
  }
}
