import { sql, type RawBuilder } from 'kysely';
import type { MonitoringReport, TerminalReceiptContinuity } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { RECEIPT_PREFIX_SQL, receiptNumberSql } from '../db/migrations/0004-hardening';
import { configurableSeries } from '../numbering/number-series';

type SeriesRow = MonitoringReport['series'][number];
type DuplicateRow = MonitoringReport['duplicateNumbers'][number];

/** Values looked at per query: a few milliseconds of index range, never the whole table. */
const CHUNK = 5_000;
const MISSING_SHOWN = 50;
const IN_LIST = 500;
const PROBES = 200;

/**
 * Lets a waiting heartbeat or sale run once a report has held this thread for a few
 * milliseconds: better-sqlite3 answers on this thread, so a long catch-up must not hold
 * it, yet yielding after every small query would make a report wait on every other
 * request's commit in between.
 */
const HOLD_MS = 8;
let heldSince = performance.now();
async function yieldToOthers(): Promise<void> {
  if (performance.now() - heldSince < HOLD_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  heldSince = performance.now();
}

/**
 * One numbered series as the checker sees it: gapless means the values 1..target each
 * appear, and once. `counts` answers how many rows hold each value of a range, from an
 * index; `target` is the highest value issued (the counter, or a higher stored value).
 */
interface NumberedGroup {
  kind: 'series' | 'receipts';
  key: string;
  target: number;
  counts(values: { from: number; to: number } | number[]): Promise<Map<number, number>>;
}

interface Progress {
  scannedThrough: number;
  present: number;
  rows: number;
  missing: number[];
}

/**
 * Brings a group's checkpoint up to its target: the values still missing last time are
 * looked up again (a late receipt fills its gap), then only the values issued since are
 * scanned, CHUNK at a time. Work per report is the new rows, not the whole history; the
 * first report on a large database catches up once, chunk by chunk, without holding the
 * event loop. Deleting or renumbering a row voids every checkpoint (the epoch, migration 0004).
 */
async function verify(group: NumberedGroup, memory: Memory): Promise<Progress> {
  const saved = memory.progress.get(`${group.kind}:${group.key}`);
  let progress: Progress =
    saved && saved.scannedThrough <= group.target
      ? { ...saved, missing: [...saved.missing] }
      : { scannedThrough: 0, present: 0, rows: 0, missing: [] };
  let changed = progress.scannedThrough !== saved?.scannedThrough;
  if (progress.missing.length > 0) {
    const found = new Map<number, number>();
    for (let i = 0; i < progress.missing.length; i += IN_LIST) {
      for (const [value, n] of await group.counts(progress.missing.slice(i, i + IN_LIST))) found.set(value, n);
    }
    if (found.size > 0) {
      for (const n of found.values()) {
        progress.present += 1;
        progress.rows += n;
      }
      progress.missing = progress.missing.filter((value) => !found.has(value));
      changed = true;
    }
  }
  while (progress.scannedThrough < group.target) {
    const from = progress.scannedThrough + 1;
    const to = Math.min(group.target, progress.scannedThrough + CHUNK);
    const found = await group.counts({ from, to });
    for (let value = from; value <= to; value++) {
      const n = found.get(value);
      if (n === undefined) progress.missing.push(value);
      else {
        progress.present += 1;
        progress.rows += n;
      }
    }
    progress = { ...progress, scannedThrough: to };
    changed = true;
    if (to < group.target) await yieldToOthers();
  }
  if (changed) {
    memory.progress.set(`${group.kind}:${group.key}`, progress);
    memory.dirty.add(`${group.kind}:${group.key}`);
  }
  return progress;
}

/**
 * What this process knows, per database: the checkpoints of the current epoch. Held in
 * memory so a report does not have to write; written to continuity_checkpoints at most
 * every SAVE_EVERY_MS (for restarts and the other instances), in one transaction.
 */
interface Memory {
  epoch: number;
  progress: Map<string, Progress>;
  dirty: Set<string>;
  savedAt: number;
}

const SAVE_EVERY_MS = 30_000;
const memories = new WeakMap<BackOfficeDb, Memory>();

async function memoryOf(store: BackOfficeDb): Promise<Memory> {
  const row = await store.db.selectFrom('continuity_epoch').select('epoch').where('id', '=', 1).executeTakeFirst();
  const epoch = Number(row?.epoch ?? 0);
  let memory = memories.get(store);
  if (!memory || memory.epoch !== epoch) {
    // A numbered row was deleted or renumbered since: everything is looked at again.
    memory = { epoch, progress: new Map(), dirty: new Set(), savedAt: 0 };
    memories.set(store, memory);
  }
  // Another instance may be further along in this epoch.
  const stored = await store.db.selectFrom('continuity_checkpoints').selectAll().where('epoch', '=', epoch).execute();
  for (const r of stored) {
    const key = `${r.kind}:${r.group_key}`;
    const mine = memory.progress.get(key);
    if (mine && mine.scannedThrough >= Number(r.scanned_through)) continue;
    memory.progress.set(key, {
      scannedThrough: Number(r.scanned_through),
      present: Number(r.present),
      rows: Number(r.row_count),
      missing: JSON.parse(r.missing) as number[],
    });
  }
  return memory;
}

async function saveIfDue(store: BackOfficeDb, memory: Memory, now: Date): Promise<void> {
  if (memory.dirty.size === 0 || Date.now() - memory.savedAt < SAVE_EVERY_MS) return;
  // Always in the same order, so two instances saving at once cannot deadlock.
  const keys = [...memory.dirty].sort();
  memory.dirty.clear();
  memory.savedAt = Date.now();
  try {
    await store.db.transaction().execute(async (trx) => {
      for (const key of keys) {
        const progress = memory.progress.get(key);
        if (!progress) continue;
        const [kind = '', ...rest] = key.split(':');
        const row = {
          scanned_through: progress.scannedThrough,
          present: progress.present,
          row_count: progress.rows,
          missing: JSON.stringify(progress.missing),
          updated_at: now.toISOString(),
          epoch: memory.epoch,
        };
        await trx
          .insertInto('continuity_checkpoints')
          .values({ kind, group_key: rest.join(':'), ...row })
          .onConflict((oc) => oc.columns(['kind', 'group_key']).doUpdateSet(row))
          .execute();
      }
    });
  } catch {
    // A stored checkpoint only saves work: the report itself is right; try again next time.
    for (const key of keys) memory.dirty.add(key);
  }
}

const countsOf = (rows: { value: unknown; n: unknown }[]) => new Map(rows.map((r) => [Number(r.value), Number(r.n)]));

/** Where each series' values live: invoices on sales, returns on refunds, the rest on stock documents. */
function seriesSource(series: string): { table: 'sales' | 'refunds' | 'stock_documents'; number: string; kind: string | null } {
  if (series === 'invoice') return { table: 'sales', number: 'invoice_number', kind: null };
  if (series === 'return') return { table: 'refunds', number: 'return_number', kind: null };
  return { table: 'stock_documents', number: 'number', kind: series };
}

/**
 * Gapless means: in each business, series and period, the values 1..n each appear once,
 * where n is what the counter issued (or a higher stored value). gaps = n - values
 * present; duplicates = rows - values present. The series' unique indexes (migration
 * 0004) already refuse a second row with the same value, and the number columns' unique
 * constraints a second row with the same number, so duplicates are reported from the rows
 * but cannot be stored.
 */
export async function seriesContinuity(
  store: BackOfficeDb,
  businessCode: (id: string) => string,
  now = new Date(),
): Promise<{ series: SeriesRow[]; duplicateNumbers: DuplicateRow[] }> {
  const counters = await store.db
    .selectFrom('number_counters')
    .selectAll()
    .where('series', 'in', [...configurableSeries])
    .execute();
  const memory = await memoryOf(store);
  const series: SeriesRow[] = [];
  const duplicateNumbers: DuplicateRow[] = [];
  const whereOf = (counter: (typeof counters)[number]) => {
    const source = seriesSource(counter.series);
    return sql`business_id = ${counter.business_id} and series_period = ${counter.period}${source.kind === null ? sql`` : sql` and kind = ${source.kind}`}`;
  };
  // The highest stored value of every group, one index probe each, PROBES groups per statement.
  const highest: number[] = [];
  for (let i = 0; i < counters.length; i += PROBES) {
    const probes = counters.slice(i, i + PROBES).map((counter, j) => {
      const table = sql.table(seriesSource(counter.series).table);
      return sql`(select series_value from ${table} where ${whereOf(counter)} and series_value is not null order by series_value desc limit 1) as ${sql.ref(`v${j}`)}`;
    });
    const { rows } = await sql<Record<string, number | null>>`select ${sql.join(probes)}`.execute(store.db);
    probes.forEach((_, j) => highest.push(Number(rows[0]?.[`v${j}`] ?? 0)));
  }
  for (const [index, counter] of counters.entries()) {
    const source = seriesSource(counter.series);
    const where = whereOf(counter);
    const table = sql.table(source.table);
    const target = Math.max(Number(counter.last_value), highest[index] ?? 0);
    const group: NumberedGroup = {
      kind: 'series',
      key: `${counter.business_id}|${counter.series}|${counter.period}`,
      target,
      async counts(values) {
        const range: RawBuilder<unknown> = Array.isArray(values)
          ? sql`series_value in (${sql.join(values)})`
          : sql`series_value between ${values.from} and ${values.to}`;
        const { rows } = await sql<{
          value: number;
          n: number;
        }>`select series_value as value, count(*) as n from ${table} where ${where} and ${range} group by series_value`.execute(store.db);
        return countsOf(rows);
      },
    };
    const progress = await verify(group, memory);
    await yieldToOthers();
    const row = {
      businessCode: businessCode(counter.business_id),
      series: counter.series,
      period: counter.period,
      issued: target,
      documents: progress.rows,
      gaps: target - progress.present,
      duplicates: progress.rows - progress.present,
    };
    series.push(row);
    if (row.duplicates > 0) {
      const { rows } = await sql<{
        number: string;
        n: number;
      }>`select ${sql.ref(source.number)} as number, count(*) as n from ${table} where ${where} group by ${sql.ref(source.number)} having count(*) > 1`.execute(
        store.db,
      );
      for (const r of rows) duplicateNumbers.push({ businessCode: row.businessCode, series: counter.series, number: r.number, count: Number(r.n) });
    }
  }
  await saveIfDue(store, memory, now);
  series.sort((a, b) => `${a.businessCode}${a.series}${a.period}`.localeCompare(`${b.businessCode}${b.series}${b.period}`));
  return { series, duplicateNumbers };
}

/**
 * A terminal numbers its receipts itself (T01-000123); the tax office wants them
 * continuous. Counted from 1 per prefix (the text before the trailing digits), so
 * receipts still queued at the terminal show as gaps until they arrive, which is what a
 * manager must see. Prefixes are found by skipping through the receipt-number index, one
 * probe per prefix, and each prefix is verified like a document series.
 */
export async function terminalReceiptContinuity(store: BackOfficeDb, now = new Date()): Promise<TerminalReceiptContinuity[]> {
  const prefixSql = sql.raw(RECEIPT_PREFIX_SQL);
  const numberSql = sql.raw(receiptNumberSql(store.kind));
  const terminals = await store.db
    .selectFrom('terminals as t')
    .innerJoin('businesses as b', 'b.id', 't.business_id')
    .select(['t.id', 't.code', 'b.code as business_code'])
    .execute();
  const terminalOf = new Map(terminals.map((t) => [t.id, t]));
  const memory = await memoryOf(store);
  // Every (terminal, prefix) and its highest number, by skipping through the receipt index:
  // one probe per prefix, however many sales each has.
  const { rows: groups } = await sql<{ terminal_id: string; prefix: string; last: number | null }>`
    with recursive g(terminal_id, prefix) as (
      select t.id, (select ${prefixSql} from sales where sales.terminal_id = t.id order by ${prefixSql} limit 1) from terminals t
      union all
      select g.terminal_id, (select ${prefixSql} from sales where sales.terminal_id = g.terminal_id and ${prefixSql} > g.prefix order by ${prefixSql} limit 1)
      from g where g.prefix is not null
    )
    select g.terminal_id, g.prefix,
           (select ${numberSql} from sales where sales.terminal_id = g.terminal_id and ${prefixSql} = g.prefix and ${numberSql} is not null order by ${numberSql} desc limit 1) as last
    from g where g.prefix is not null`.execute(store.db);
  const result: TerminalReceiptContinuity[] = [];
  for (const found of groups) {
    const terminal = terminalOf.get(found.terminal_id);
    if (!terminal) continue;
    const prefix = found.prefix;
    const where = sql`terminal_id = ${terminal.id} and ${prefixSql} = ${prefix}`;
    const target = Number(found.last ?? 0);
    const group: NumberedGroup = {
      kind: 'receipts',
      key: `${terminal.id}|${prefix}`,
      target,
      async counts(values) {
        const range = Array.isArray(values) ? sql`${numberSql} in (${sql.join(values)})` : sql`${numberSql} between ${values.from} and ${values.to}`;
        const { rows } = await sql<{
          value: number;
          n: number;
        }>`select ${numberSql} as value, count(*) as n from sales where ${where} and ${range} group by ${numberSql}`.execute(store.db);
        return countsOf(rows);
      },
    };
    const progress = await verify(group, memory);
    await yieldToOthers();
    result.push({
      businessCode: terminal.business_code,
      terminalCode: terminal.code,
      prefix,
      received: progress.rows,
      last: target,
      gaps: target - progress.present,
      duplicates: progress.rows - progress.present,
      missing: [...progress.missing].sort((a, b) => a - b).slice(0, MISSING_SHOWN),
    });
  }
  await saveIfDue(store, memory, now);
  return result.sort((a, b) => `${a.businessCode}${a.terminalCode}${a.prefix}`.localeCompare(`${b.businessCode}${b.terminalCode}${b.prefix}`));
}
