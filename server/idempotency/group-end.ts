import { CompiledQuery } from 'kysely';
import type { DatabaseKind, Tx } from '../db/database';
import { insertRows } from '../db/hot-statements';
import {
  ledgerInserts,
  levelsOf,
  levelUpserts,
  runLevelUpserts,
  type LedgerMovement,
  type LevelRow,
  type StockLevel,
} from '../inventory/stock-ledger';
import { counterUpsertAfter, countersOf, issueGroupNumbers, numbersFrom, type IssuedNumber, type SeriesRule } from '../numbering/number-series';
import { GROUP_TABLES, type GroupRows, type StagedWrite } from './group-write';
import type { WriteRequest } from './idempotent-writes';

/** A staged write with what its stored answer needs. */
export interface Finishing {
  staged: StagedWrite;
  request: WriteRequest;
  fingerprint: string;
  now: Date;
}

export interface Finished {
  status: number;
  /** The JSON text, stored for replays and sent as it is. */
  body: string;
}

/**
 * Rows per multi-row INSERT: on SQLite a placeholder per value, well under its 32,766; on
 * PostgreSQL the rows go as one json parameter (insertRows), and this keeps each one's size bounded.
 */
const ROWS_PER_INSERT = 400;

const levelKey = (storeId: string, sku: string) => `${storeId}\u0000${sku}`;

/**
 * The end of a group: everything the staged writes have to store, in few statements and
 * in the lock order of every write (docs/write-pipeline.md):
 *  1. each stock level moved ONCE per (store, SKU) for the whole group, in (store, SKU)
 *     order (moveLevels);
 *  2. the numbers: one counter update per series for the whole group, in arrival order
 *     (issueGroupNumbers), so the counter row is locked only for the inserts that follow;
 *  3. the ledger rows, the documents' rows and the stored answers, one multi-row insert per
 *     table (on PostgreSQL all in one statement).
 * The answers can only be built here, since each carries its number.
 */
export async function finishGroup(trx: Tx, kind: DatabaseKind, writes: readonly Finishing[], ttlSeconds: number): Promise<Finished[]> {
  if (writes.length === 0) return [];
  const movements = writes.flatMap((w) => w.staged.movements);
  const rules = writes.map((w) => w.staged.numbering);
  const { levels, numbers } = await moveLevelsThenNumber(trx, kind, movements, rules);

  // The level after each write, as if they had run one by one: the level after the group,
  // minus what the writes after it moved. Walked from the last write back to the first.
  const running = new Map(levels.map((l) => [levelKey(l.storeId, l.sku), l.onHandMilli]));
  const completed: ReturnType<StagedWrite['complete']>[] = new Array(writes.length);
  for (let i = writes.length - 1; i >= 0; i--) {
    const write = writes[i]!;
    completed[i] = write.staged.complete(numbers[i]!, (storeId, sku) => running.get(levelKey(storeId, sku)));
    for (const m of write.staged.movements) {
      const key = levelKey(m.storeId, m.sku);
      running.set(key, (running.get(key) ?? 0) - m.qtyMilli);
    }
  }

  const rows: GroupRows = {};
  for (const { rows: own } of completed) {
    for (const table of GROUP_TABLES) {
      const more = own[table];
      if (more && more.length > 0) (rows[table] ??= [] as never[]).push(...(more as never[]));
    }
  }
  const answers = writes.map((w, i) => ({
    scope: w.request.scope,
    key: w.request.key,
    method: w.request.method,
    path: w.request.path,
    fingerprint: w.fingerprint,
    status: completed[i]!.result.status,
    body: JSON.stringify(completed[i]!.result.body),
    created_at: w.now.toISOString(),
    expires_at: new Date(w.now.getTime() + ttlSeconds * 1000).toISOString(),
    endpoint: w.request.endpoint,
  }));
  // The ledger rows lock nothing another writer waits for: they go with the other inserts
  // (on PostgreSQL in the same statement, one round trip less).
  const inserts: CompiledQuery[] = ledgerInserts(kind, movements, writes[0]!.now);
  for (const table of GROUP_TABLES) {
    const all = rows[table];
    for (let start = 0; all && start < all.length; start += ROWS_PER_INSERT)
      inserts.push(insertRows(kind, table, all.slice(start, start + ROWS_PER_INSERT)));
  }
  for (let start = 0; start < answers.length; start += ROWS_PER_INSERT)
    inserts.push(insertRows(kind, 'idempotency_responses', answers.slice(start, start + ROWS_PER_INSERT)));
  if (kind === 'postgres') {
    // One round trip for every insert of the group: data-modifying WITH clauses, parents
    // first (foreign keys are checked at the end of the statement).
    for (const combined of combinedInserts(inserts)) await trx.executeQuery(combined);
  } else {
    for (const insert of inserts) await trx.executeQuery(insert);
  }
  const finished = answers.map((a) => ({ status: a.status, body: a.body }));
  return finished;
}

/**
 * Steps 1 and 2 of finishGroup. PostgreSQL: in ONE statement (a round trip less per group)
 * when the levels fit one upsert: `with l as (levels), c0 as (counter after l), c1 as
 * (counter after c0) …`, each clause reading the one before it so the rows are still locked
 * levels first, then counters in key order. Otherwise (SQLite, no round trips to save; a
 * group moving more than 1,000 levels) one statement after the other.
 */
async function moveLevelsThenNumber(
  trx: Tx,
  kind: DatabaseKind,
  movements: readonly LedgerMovement[],
  rules: readonly SeriesRule[],
): Promise<{ levels: StockLevel[]; numbers: IssuedNumber[] }> {
  const upserts = levelUpserts(kind, movements);
  if (kind !== 'postgres' || upserts.length > 1) return { levels: await runLevelUpserts(trx, upserts), numbers: await issueGroupNumbers(trx, rules) };
  const counters = countersOf(rules);
  const clauses: string[] = [];
  const parameters: unknown[] = [];
  const levelUpsert = upserts[0];
  if (levelUpsert) {
    clauses.push(`l as (${levelUpsert.sql})`);
    parameters.push(...levelUpsert.parameters);
  }
  counters.forEach((counter, c) => {
    const clause = counterUpsertAfter(counter, parameters.length + 1, c > 0 ? `c${c - 1}` : levelUpsert ? 'l' : null);
    clauses.push(`c${c} as (${clause.sql})`);
    parameters.push(...clause.parameters);
  });
  const levelsOut = levelUpsert ? `(select coalesce(json_agg(l), '[]'::json) from l)` : `'[]'::json`;
  const lastValues = `json_build_array(${counters.map((_, c) => `(select last_value from c${c})`).join(', ')})`;
  const { rows } = await trx.executeQuery<{ levels: LevelRow[]; last_values: (number | string)[] }>(
    CompiledQuery.raw(`with ${clauses.join(', ')} select ${levelsOut} as levels, ${lastValues} as last_values`, parameters),
  );
  const row = rows[0]!;
  if (row.last_values.length !== counters.length || row.last_values.some((v) => v === null)) throw new Error('a number counter answered no row');
  return { levels: levelsOf(row.levels), numbers: numbersFrom(rules, counters, row.last_values.map(Number)) };
}

/**
 * PostgreSQL takes at most 65,535 parameters per statement. Each insert of the group end is
 * one json parameter now, so this bounds nothing a group reaches; kept for inserts that bind more.
 */
const MAX_PARAMETERS = 60_000;

/**
 * Several INSERTs as few statements: `with q0 as (insert …), q1 as (insert …) select 1`,
 * each one's $n placeholders moved past the ones before it.
 */
function combinedInserts(inserts: readonly CompiledQuery[]): CompiledQuery[] {
  const statements: CompiledQuery[] = [];
  let parts: string[] = [];
  let parameters: unknown[] = [];
  const flush = () => {
    if (parts.length > 0) statements.push(CompiledQuery.raw(`with ${parts.join(', ')} select 1`, parameters));
    parts = [];
    parameters = [];
  };
  for (const insert of inserts) {
    if (parameters.length + insert.parameters.length > MAX_PARAMETERS) flush();
    const offset = parameters.length;
    parts.push(`q${parts.length} as (${insert.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    parameters.push(...insert.parameters);
  }
  flush();
  return statements;
}
