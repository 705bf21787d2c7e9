import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely } from 'kysely';
import type { DatabaseKind } from './database';
import type { Database } from './tables';

/**
 * Multi-row INSERTs for the write path, as SQL text and parameters without a query tree
 * (SQLite: a list of VALUES; PostgreSQL: one json parameter, insertRowsAsJson):
 * Kysely builds, freezes and compiles a node per row and value (about a tenth of the
 * server's CPU at full ingest), while the text of `insert into t (a, b) values (?, ?), (?, ?)`
 * depends only on the table, the columns, the number of rows and the dialect. That text is
 * built once and kept (SQLite then also reuses its prepared statement: database.ts).
 * Values go in as they are, `undefined` as NULL (every column of these rows is nullable or
 * given). `tail` follows the VALUES list (or PostgreSQL's SELECT) verbatim: an ON CONFLICT clause, RETURNING.
 */
const texts = new Map<string, string>();
/** Distinct texts kept: row counts run from 1 to a few hundred per table. */
const MAX_TEXTS = 4096;

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function insertRows<T extends keyof Database & string>(kind: DatabaseKind, table: T, rows: readonly object[], tail = ''): CompiledQuery {
  if (rows.length === 0) throw new Error(`no rows to insert into ${table}`);
  const columns = columnsOf(rows);
  if (kind === 'postgres') return insertRowsAsJson(table, columns, rows, tail);
  const id = `${kind} ${table} ${rows.length} ${columns.join(',')} ${tail}`;
  let text = texts.get(id);
  if (text === undefined) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const tuples: string[] = new Array<string>(rows.length).fill(tuple);
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

/**
 * PostgreSQL: the rows as ONE json parameter, spread by json_populate_recordset into the
 * table's own column types: `insert into t (a, b) select a, b from
 * json_populate_recordset(null::t, $1)`. Its text depends only on the table, the columns and
 * `tail`, whatever the number of rows; a list of VALUES would be one placeholder per value
 * (some 1,900 for a group of 13 five-line sales), each one typed, coerced and planned by
 * PostgreSQL and bound by the driver at every group (measured: docs/write-pipeline.md).
 */
function insertRowsAsJson(table: string, columns: readonly string[], rows: readonly object[], tail: string): CompiledQuery {
  const id = `json ${table} ${columns.join(',')} ${tail}`;
  let text = texts.get(id);
  if (text === undefined) {
    const list = columns.map(quoted).join(', ');
    text = `insert into ${quoted(table)} (${list}) select ${list} from json_populate_recordset(null::${quoted(table)}, $1)${tail ? ` ${tail}` : ''}`;
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(id, text);
  }
  // A row's missing (undefined) column is absent from its JSON object: NULL, as in a VALUES list.
  return CompiledQuery.raw(text, [JSON.stringify(rows)]);
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

/** Rows of `table` matching any of the exact pairs of two columns (`match`). */
export interface PairLookup {
  match: readonly [string, string];
  pairs: readonly (readonly [string, string])[];
}

/**
 * A read of rows by exact pairs of values (a terminal and its key, a scope and its key), for
 * many pairs in one statement, each pair found through the unique index that starts with its
 * two columns. `a in (…) and b in (…)` would probe every combination (a group of n writes from
 * n terminals: n² probes, and a scan of all the terminal's rows where the planner gives up).
 * PostgreSQL: a join with the pairs as two arrays (one text whatever their number). SQLite:
 * one point lookup per pair, `union all` (the text depends on the numbers of pairs; kept, and
 * SQLite reuses its prepared statement). A row matching several pairs comes once per pair.
 */
export function selectByPairs<T extends keyof Database & string>(
  kind: DatabaseKind,
  table: T,
  columns: readonly string[],
  lookups: readonly PairLookup[],
): CompiledQuery {
  const wanted = lookups.filter((lookup) => lookup.pairs.length > 0);
  if (wanted.length === 0) throw new Error(`no pairs to look up in ${table}`);
  const id = `${kind} select ${table} ${columns.join(',')} ${wanted.map((l) => `${l.match.join(',')}:${kind === 'sqlite' ? l.pairs.length : ''}`).join(' ')}`;
  let text = texts.get(id);
  if (text === undefined) {
    const list = columns.map((c) => `t.${quoted(c)}`).join(', ');
    const branches: string[] = [];
    let n = 0;
    for (const { match, pairs } of wanted) {
      const [a, b] = match.map(quoted);
      if (kind === 'postgres') {
        branches.push(
          `select ${list} from ${quoted(table)} as t join unnest($${++n}::text[], $${++n}::text[]) as p(a, b) on t.${a} = p.a and t.${b} = p.b`,
        );
      } else {
        for (let i = 0; i < pairs.length; i++) branches.push(`select ${list} from ${quoted(table)} as t where t.${a} = ? and t.${b} = ?`);
      }
    }
    text = branches.join(' union all ');
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(id, text);
  }
  const parameters: unknown[] = [];
  for (const { pairs } of wanted) {
    if (kind === 'postgres')
      parameters.push(
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
      );
    else for (const [a, b] of pairs) parameters.push(a, b);
  }
  return CompiledQuery.raw(text, parameters);
}
