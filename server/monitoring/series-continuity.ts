import { sql, type RawBuilder } from 'kysely';
import type { MonitoringReport, TerminalReceiptContinuity } from '../../sync/protocol';
import type { BackOfficeDb } from '../db/database';
import { RECEIPT_PREFIX_SQL, receiptNumberSql } from '../db/migrations/0004-hardening';
import { configurableSeries } from '../numbering/number-series';

type SeriesRow = MonitoringReport['series'][number];
type DuplicateRow = MonitoringReport['duplicateNumbers'][number];

/** Values looked at per query: a few milliseconds of index range, never the whole table. */
const CHUNK = 5_000;
const MISSING_SHOWN = 50;
const IN_LIST = 500;

/** Lets a waiting heartbeat run between two chunks (better-sqlite3 runs on this thread). */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

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
 * event loop. Deleting or renumbering a row forgets every checkpoint (migration 0004).
 */
async function verify(store: BackOfficeDb, group: NumberedGroup, saved: Progress | undefined, now: Date): Promise<Progress> {
  let progress: Progress = saved && saved.scannedThrough <= group.target ? { ...saved, missing: [...saved.missing] } : { scannedThrough: 0, present: 0, rows: 0, missing: [] };
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
    const row = {
      scanned_through: progress.scannedThrough,
      present: progress.present,
      row_count: progress.rows,
      missing: JSON.stringify(progress.missing),
      updated_at: now.toISOString(),
    };
    await store.db
      .insertInto('continuity_checkpoints')
      .values({ kind: group.kind, group_key: group.key, ...row })
      .onConflict((oc) => oc.columns(['kind', 'group_key']).doUpdateSet(row))
      .execute();
  }
  return progress;
}

async function savedProgress(store: BackOfficeDb, kind: NumberedGroup['kind']): Promise<Map<string, Progress>> {
  const rows = await store.db.selectFrom('continuity_checkpoints').selectAll().where('kind', '=', kind).execute();
  return new Map(
    rows.map((r) => [r.group_key, { scannedThrough: Number(r.scanned_through), present: Number(r.present), rows: Number(r.row_count), missing: JSON.parse(r.missing) as number[] }]),
  );
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
export async function seriesContinuity(store: BackOfficeDb, businessCode: (id: string) => string, now = new Date()): Promise<{ series: SeriesRow[]; duplicateNumbers: DuplicateRow[] }> {
  const counters = await store.db.selectFrom('number_counters').selectAll().where('series', 'in', [...configurableSeries]).execute();
  const saved = await savedProgress(store, 'series');
  const series: SeriesRow[] = [];
  const duplicateNumbers: DuplicateRow[] = [];
  for (const counter of counters) {
    const source = seriesSource(counter.series);
    const where = sql`business_id = ${counter.business_id} and series_period = ${counter.period}${source.kind === null ? sql`` : sql` and kind = ${source.kind}`}`;
    const table = sql.table(source.table);
    const highest = await sql<{ value: number }>`select series_value as value from ${table} where ${where} and series_value is not null order by series_value desc limit 1`.execute(store.db);
    const target = Math.max(Number(counter.last_value), Number(highest.rows[0]?.value ?? 0));
    const group: NumberedGroup = {
      kind: 'series',
      key: `${counter.business_id}|${counter.series}|${counter.period}`,
      target,
      async counts(values) {
        const range: RawBuilder<unknown> = Array.isArray(values) ? sql`series_value in (${sql.join(values)})` : sql`series_value between ${values.from} and ${values.to}`;
        const { rows } = await sql<{ value: number; n: number }>`select series_value as value, count(*) as n from ${table} where ${where} and ${range} group by series_value`.execute(store.db);
        return countsOf(rows);
      },
    };
    const progress = await verify(store, group, saved.get(group.key), now);
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
      const { rows } = await sql<{ number: string; n: number }>`select ${sql.ref(source.number)} as number, count(*) as n from ${table} where ${where} group by ${sql.ref(source.number)} having count(*) > 1`.execute(store.db);
      for (const r of rows) duplicateNumbers.push({ businessCode: row.businessCode, series: counter.series, number: r.number, count: Number(r.n) });
    }
  }
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
  const saved = await savedProgress(store, 'receipts');
  const result: TerminalReceiptContinuity[] = [];
  for (const terminal of terminals) {
    let previous: string | null = null;
    for (;;) {
      const after: RawBuilder<unknown> = previous === null ? sql`` : sql` and ${prefixSql} > ${previous}`;
      const next: { rows: { prefix: string }[] } = await sql<{ prefix: string }>`select ${prefixSql} as prefix from sales where terminal_id = ${terminal.id}${after} order by ${prefixSql} limit 1`.execute(store.db);
      const prefix: string | undefined = next.rows[0]?.prefix;
      if (prefix === undefined) break;
      previous = prefix;
      const where = sql`terminal_id = ${terminal.id} and ${prefixSql} = ${prefix}`;
      const highest = await sql<{ value: number | null }>`select ${numberSql} as value from sales where ${where} and ${numberSql} is not null order by ${numberSql} desc limit 1`.execute(store.db);
      const target = Number(highest.rows[0]?.value ?? 0);
      const group: NumberedGroup = {
        kind: 'receipts',
        key: `${terminal.id}|${prefix}`,
        target,
        async counts(values) {
          const range = Array.isArray(values) ? sql`${numberSql} in (${sql.join(values)})` : sql`${numberSql} between ${values.from} and ${values.to}`;
          const { rows } = await sql<{ value: number; n: number }>`select ${numberSql} as value, count(*) as n from sales where ${where} and ${range} group by ${numberSql}`.execute(store.db);
          return countsOf(rows);
        },
      };
      const progress = await verify(store, group, saved.get(group.key), now);
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
  }
  return result.sort((a, b) => `${a.businessCode}${a.terminalCode}${a.prefix}`.localeCompare(`${b.businessCode}${b.terminalCode}${b.prefix}`));
}
