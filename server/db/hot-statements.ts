import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely } from 'kysely';
import type { DatabaseKind } from './database';
import type { Database } from './tables';

/**
 * Multi-row INSERTs for the write path, as SQL text and parameters without a query tree:
 * Kysely builds, freezes and compiles a node per row and value (about a tenth of the
 * server's CPU at full ingest), while the text of `insert into t (a, b) values (?, ?), (?, ?)`
 * depends only on the table, the columns, the number of rows and the dialect. That text is
 * built once and kept (SQLite then also reuses its prepared statement: database.ts).
 * Values go in as they are, `undefined` as NULL (every column of these rows is nullable or
 * given). `tail` follows the VALUES list verbatim (an ON CONFLICT clause, RETURNING).
 */
const texts = new Map<string, string>();
/** Distinct texts kept: row counts run from 1 to a few hundred per table. */
const MAX_TEXTS = 4096;

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function insertRows<T extends keyof Database & string>(kind: DatabaseKind, table: T, rows: readonly object[], tail = ''): CompiledQuery {
  if (rows.length === 0) throw new Error(`no rows to insert into ${table}`);
  const columns = columnsOf(rows);
  const id = `${kind} ${table} ${rows.length} ${columns.join(',')} ${tail}`;
  let text = texts.get(id);
  if (text === undefined) {
    const width = columns.length;
    const tuples: string[] = [];
    for (let r = 0; r < rows.length; r++) {
      const marks: string[] = [];
      for (let c = 0; c < width; c++) marks.push(kind === 'postgres' ? `$${r * width + c + 1}` : '?');
      tuples.push(`(${marks.join(', ')})`);
    }
    text = `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values ${tuples.join(', ')}${tail ? ` ${tail}` : ''}`;
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(id, text);
  }
  const parameters: unknown[] = [];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    for (const column of columns) parameters.push(values[column] ?? null);
  }
  return CompiledQuery.raw(text, parameters);
}

/** The columns of the rows, in the first row's order (then any that only later rows have). */
function columnsOf(rows: readonly object[]): string[] {
  const columns = Object.keys(rows[0]!);
  if (rows.length > 1) {
    const seen = new Set(columns);
    for (const row of rows)
      for (const column of Object.keys(row))
        if (!seen.has(column)) {
          seen.add(column);
          columns.push(column);
        }
  }
  return columns;
}

/** The dialect a Kysely instance or transaction speaks (its adapter), for the text above. */
export function dialectOf(db: Kysely<Database>): DatabaseKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * A read of the hot path compiled once per dialect and run with fresh parameters, in the
 * order its SQL takes them (`build` gets placeholders; their count must match).
 */
export function compiledOnce<R>(
  build: (db: Kysely<Database>) => Compilable<R>,
): (db: Kysely<Database>, parameters: readonly unknown[]) => Promise<R[]> {
  const byKind = new Map<DatabaseKind, CompiledQuery<R>>();
  return async (db, parameters) => {
    const kind = dialectOf(db);
    let compiled = byKind.get(kind);
    if (!compiled) byKind.set(kind, (compiled = build(db).compile()));
    if (compiled.parameters.length !== parameters.length)
      throw new Error(`the query takes ${compiled.parameters.length} parameters, ${parameters.length} given`);
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, [...parameters]) as CompiledQuery<R>)).rows;
  };
}
