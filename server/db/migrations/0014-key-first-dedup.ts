import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The two keys every sale is deduplicated by now lead with the idempotency key:
 * `sales_terminal_key_unique` is (idempotency_key, terminal_id), and the stored answers'
 * primary key `idempotency_responses_pk` is (key, scope). Both stay unique over the same
 * pairs and serve the same equality reads; what changes is where a new entry lands. A
 * till's keys are UUIDv7 (time first): by key, the sales of every till arriving together
 * go to the same last leaf of the B-tree. By terminal first, each till has a leaf of its
 * own, and a group of 13 sales from 13 tills wrote 13 pages of each of these two indexes
 * at its commit: 32 of the 107 WAL frames of a group, measured on SQLite under the ingest
 * benchmark (3.6 and 3.9 after this migration).
 *
 * PostgreSQL changes the constraints in place, both tables locked first in the order the
 * writes read them (no deadlock with a server of the version before, in a rolling upgrade).
 * SQLite cannot change a table's constraints:
 * each of the two tables is rebuilt (SQLite's twelve steps, in ONE transaction, with foreign
 * key enforcement off while it runs and checked before the commit): a new table with the
 * same definition but the reordered constraint, every row copied, the old table dropped,
 * the new one renamed, its indexes and triggers created again as they were. A migration
 * that finds a table already in its new shape leaves it (a crash between this commit and
 * the record of the migration runs it again).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  return orderDedupKeys(db, 'key-first');
}

/** The order of the two keys' columns: the one this migration gives them, or the one 0001 gave them (tests build the old shape with it). */
export type DedupKeyOrder = 'key-first' | 'terminal-first';

/** The constraint of each table, key first (this migration) and terminal first (0001). */
const CONSTRAINTS = [
  {
    table: 'sales',
    name: 'sales_terminal_key_unique',
    kind: 'unique',
    'key-first': ['idempotency_key', 'terminal_id'],
    'terminal-first': ['terminal_id', 'idempotency_key'],
  },
  {
    table: 'idempotency_responses',
    name: 'idempotency_responses_pk',
    kind: 'primary key',
    'key-first': ['key', 'scope'],
    'terminal-first': ['scope', 'key'],
  },
] as const;

/** A constraint as SQLite keeps it in the table's definition (Kysely's words in 0001). */
const sqliteConstraint = (c: (typeof CONSTRAINTS)[number], order: DedupKeyOrder) =>
  `constraint "${c.name}" ${c.kind} (${c[order].map((column) => `"${column}"`).join(', ')})`;

export async function orderDedupKeys(db: Kysely<unknown>, order: DedupKeyOrder): Promise<void> {
  const other: DedupKeyOrder = order === 'key-first' ? 'terminal-first' : 'key-first';
  if (db.getExecutor().adapter instanceof SqliteAdapter) return rebuildOnSqlite(db, order, other);
  // Both tables at once, in the order every write reads them (its stored answers, then the
  // sales): a group of a server still running the version before, between its two reads,
  // would otherwise deadlock with this migration. Writes wait for it meanwhile (on a large
  // `sales`, the time it takes to build the new index).
  await sql`lock table idempotency_responses, sales in access exclusive mode`.execute(db);
  for (const c of CONSTRAINTS) {
    await sql`alter table ${sql.table(c.table)} drop constraint ${sql.ref(c.name)}`.execute(db);
    await sql`alter table ${sql.table(c.table)} add constraint ${sql.ref(c.name)} ${sql.raw(c.kind)} (${sql.join(c[order].map((column) => sql.ref(column)))})`.execute(
      db,
    );
  }
}

async function rebuildOnSqlite(db: Kysely<unknown>, order: DedupKeyOrder, other: DedupKeyOrder): Promise<void> {
  // Outside a transaction only: SQLite ignores this pragma inside one.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      for (const c of CONSTRAINTS) await rebuild(db, c.table, sqliteConstraint(c, other), sqliteConstraint(c, order));
      const { rows: broken } = await sql`pragma foreign_key_check`.execute(db);
      if (broken.length > 0) throw new Error(`migration 0014: ${broken.length} rows would break a foreign key`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function rebuild(db: Kysely<unknown>, table: string, from: string, to: string): Promise<void> {
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = ${table} order by type = 'table' desc`.execute(db);
  const definition = rows.find((r) => r.type === 'table')?.sql ?? '';
  if (definition.includes(to)) return;
  if (!definition.includes(from)) throw new Error(`migration 0014: the table ${table} does not have the constraint ${from}`);
  const rebuilt = `${table}_rebuilt`;
  const head = `create table "${table}"`;
  if (!definition.toLowerCase().startsWith(head)) throw new Error(`migration 0014: unexpected definition of ${table}: ${definition.slice(0, 60)}`);
  await sql.raw(`create table "${rebuilt}"${definition.slice(head.length).replace(from, to)}`).execute(db);
  await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(db);
  // Indexes (those of its constraints come back with the table: sql is null) and triggers, as they were.
  for (const { sql: again } of rows.filter((r) => r.type !== 'table' && r.sql !== null)) await sql.raw(again!).execute(db);
}
