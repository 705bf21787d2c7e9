import { sql, type RawBuilder } from 'kysely';
import type { MonitoringReport, TerminalReceiptContinuity, VoidedNumber, VoidedReturnSlip } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { RECEIPT_PREFIX_SQL, receiptNumberSql } from '../db/migrations/0004-hardening';
import { configurableSeries } from '../numbering/number-series';

type SeriesRow = MonitoringReport['series'][number];
type DuplicateRow = MonitoringReport['duplicateNumbers'][number];

/** Values present read per query: a few milliseconds of index range, never the whole table. */
const CHUNK = 5_000;
const MISSING_SHOWN = 50;
/** Gaps looked in per query (one SELECT each in a UNION ALL; SQLite takes at most 500). */
const IN_LIST = 100;
/**
 * Receipt numbers above this are not counted (a till's counter never gets there; beyond
 * it a double cannot tell one number from the next).
 */
const HIGHEST_RECEIPT_NUMBER = Number.MAX_SAFE_INTEGER;
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

/** Values missing from a series, as inclusive ranges in increasing order: [from, to]. */
export type Gap = [number, number];

/**
 * One numbered series as the checker sees it: gapless means the values 1..target each
 * appear, and once. `present` answers, from an index, which values within `ranges` and
 * above `after` have rows and how many, in increasing order, at most `limit` of them: the
 * work follows the rows found, never the width of a range (a till may send receipt
 * 200,000,000 after receipt 5). `target` is the highest value issued (the counter, or a
 * higher stored value).
 */
interface NumberedGroup {
  kind: 'series' | 'receipts';
  key: string;
  target: number;
  present(ranges: readonly Gap[], after: number, limit: number): Promise<{ value: number; n: number }[]>;
}

interface Progress {
  scannedThrough: number;
  present: number;
  rows: number;
  missing: Gap[];
}

/** The gaps less the values found in them (both in increasing order). */
export function withoutValues(gaps: readonly Gap[], values: readonly number[]): Gap[] {
  const found = [...values].sort((a, b) => a - b);
  const left: Gap[] = [];
  let k = 0;
  for (const [from, to] of gaps) {
    let start = from;
    while (k < found.length && found[k]! < from) k++;
    for (; k < found.length && found[k]! <= to; k++) {
      if (found[k]! > start) left.push([start, found[k]! - 1]);
      start = found[k]! + 1;
    }
    if (start <= to) left.push([start, to]);
  }
  return left;
}

/** The first `most` values of the gaps. */
export function firstMissing(gaps: readonly Gap[], most: number): number[] {
  const values: number[] = [];
  for (const [from, to] of gaps) {
    for (let value = from; value <= to && values.length < most; value++) values.push(value);
    if (values.length >= most) break;
  }
  return values;
}

/**
 * Checkpoints whose gaps are ranges are stored under their kind with this suffix
 * ('series/ranges'): a server of an older version, still running beside this one during a
 * rolling upgrade, looks its checkpoints up by the bare kind and reads their gaps as single
 * numbers, so it must never find one of these. This version reads both.
 */
const RANGES_SUFFIX = '/ranges';

/** A checkpoint's stored gaps: ranges, or (as saved before they were) single values. */
export function gapsFrom(stored: string): Gap[] {
  const parsed = JSON.parse(stored) as (number | Gap)[];
  return parsed.map((g) => (typeof g === 'number' ? [g, g] : g));
}

/**
 * Brings a group's checkpoint up to its target: the gaps left last time are looked in
 * again (a late receipt fills its value), then the values issued since are read in order,
 * CHUNK rows at a time, what lies between them being a gap. Work per report is the new
 * rows and the gaps, not the whole history nor the width of a gap; the first report on a
 * large database catches up once, chunk by chunk, without holding the event loop. Deleting
 * or renumbering a row voids every checkpoint (the epoch, migration 0004).
 */
async function verify(group: NumberedGroup, memory: Memory): Promise<Progress> {
  const saved = memory.progress.get(`${group.kind}:${group.key}`);
  const progress: Progress =
    saved && saved.scannedThrough <= group.target
      ? { ...saved, missing: [...saved.missing] }
      : { scannedThrough: 0, present: 0, rows: 0, missing: [] };
  let changed = progress.scannedThrough !== saved?.scannedThrough;
  const filled: number[] = [];
  for (let i = 0; i < progress.missing.length; i += IN_LIST) {
    const gaps = progress.missing.slice(i, i + IN_LIST);
    for (let after = 0; ;) {
      const found = await group.present(gaps, after, CHUNK);
      for (const { value, n } of found) {
        filled.push(value);
        progress.present += 1;
        progress.rows += n;
      }
      if (found.length < CHUNK) break;
      after = found[found.length - 1]!.value;
      await yieldToOthers();
    }
  }
  if (filled.length > 0) {
    progress.missing = withoutValues(progress.missing, filled);
    changed = true;
  }
  if (progress.scannedThrough < group.target) {
    const issuedSince: Gap = [progress.scannedThrough + 1, group.target];
    let previous = progress.scannedThrough;
    for (;;) {
      const found = await group.present([issuedSince], previous, CHUNK);
      for (const { value, n } of found) {
        if (value > previous + 1) progress.missing.push([previous + 1, value - 1]);
        progress.present += 1;
        progress.rows += n;
        previous = value;
      }
      if (found.length < CHUNK) break;
      await yieldToOthers();
    }
    if (group.target > previous) progress.missing.push([previous + 1, group.target]);
    progress.scannedThrough = group.target;
    changed = true;
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
    const kind = r.kind.endsWith(RANGES_SUFFIX) ? r.kind.slice(0, -RANGES_SUFFIX.length) : r.kind;
    const key = `${kind}:${r.group_key}`;
    const mine = memory.progress.get(key);
    if (mine && mine.scannedThrough >= Number(r.scanned_through)) continue;
    memory.progress.set(key, {
      scannedThrough: Number(r.scanned_through),
      present: Number(r.present),
      rows: Number(r.row_count),
      missing: gapsFrom(r.missing),
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
          .values({ kind: `${kind}${RANGES_SUFFIX}`, group_key: rest.join(':'), ...row })
          .onConflict((oc) => oc.columns(['kind', 'group_key']).doUpdateSet(row))
          .execute();
      }
    });
  } catch {
    // A stored checkpoint only saves work: the report itself is right; try again next time.
    for (const key of keys) memory.dirty.add(key);
  }
}

/**
 * The values of `value` in the rows of `table` matching `where`, present in the gaps and
 * above `after`, each with its rows, in increasing order, at most `limit` of them: one index
 * range per gap, joined by UNION ALL (with an OR of the ranges both databases read every
 * row from the lowest gap up).
 */
async function presentInGaps(
  store: BackOfficeDb,
  source: { table: RawBuilder<unknown>; where: RawBuilder<unknown>; value: RawBuilder<unknown> },
  gaps: readonly Gap[],
  after: number,
  limit: number,
): Promise<{ value: number; n: number }[]> {
  const { table, where, value } = source;
  const ranges = gaps
    .filter(([, to]) => to > after)
    .map(([from, to]) => sql`select ${value} as value from ${table} where ${where} and ${value} between ${Math.max(from, after + 1)} and ${to}`);
  if (ranges.length === 0) return [];
  const { rows } = await sql<{ value: number; n: number }>`select value, count(*) as n from (${sql.join(ranges, sql` union all `)}) as found
    group by value order by value limit ${limit}`.execute(store.db);
  return rows.map((r) => ({ value: Number(r.value), n: Number(r.n) }));
}

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
      present: (gaps, after, limit) => presentInGaps(store, { table, where, value: sql`series_value` }, gaps, after, limit),
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
 * continuous. Counted from 1 per receipt series, the prefix (the text before the trailing
 * digits), across the terminals of a business: a till moved to another terminal (revoked,
 * paired again with a new terminal's code, INSTALL.md §3) sends the sales it still had
 * queued under the new terminal with the numbers it printed under the old one, and those
 * fill the old series, not a gap in the new terminal's. Receipts still queued at a terminal
 * show as gaps until they arrive, which is what a manager must see. Prefixes are found by
 * skipping through the receipt-number index (terminal, prefix, number), one probe per
 * terminal and prefix, and each series is verified like a document series over the
 * terminals that hold it (one index range each).
 */
export async function terminalReceiptContinuity(store: BackOfficeDb, now = new Date()): Promise<TerminalReceiptContinuity[]> {
  const prefixSql = sql.raw(RECEIPT_PREFIX_SQL);
  const numberSql = sql.raw(receiptNumberSql(store.kind));
  const terminals = await store.db
    .selectFrom('terminals as t')
    .innerJoin('businesses as b', 'b.id', 't.business_id')
    .select(['t.id', 't.code', 't.business_id', 'b.code as business_code'])
    .execute();
  const terminalOf = new Map(terminals.map((t) => [t.id, t]));
  const memory = await memoryOf(store);
  // Every (terminal, prefix) and its highest number, by skipping through the receipt index:
  // one probe per prefix, however many sales each has.
  const { rows: found } = await sql<{ terminal_id: string; prefix: string; last: number | null }>`
    with recursive g(terminal_id, prefix) as (
      select t.id, (select ${prefixSql} from sales where sales.terminal_id = t.id order by ${prefixSql} limit 1) from terminals t
      union all
      select g.terminal_id, (select ${prefixSql} from sales where sales.terminal_id = g.terminal_id and ${prefixSql} > g.prefix order by ${prefixSql} limit 1)
      from g where g.prefix is not null
    )
    select g.terminal_id, g.prefix,
           (select ${numberSql} from sales where sales.terminal_id = g.terminal_id and ${prefixSql} = g.prefix and ${numberSql} <= ${HIGHEST_RECEIPT_NUMBER} order by ${numberSql} desc limit 1) as last
    from g where g.prefix is not null`.execute(store.db);
  // One series per business and prefix, over every terminal of it that holds the prefix.
  const byCode = (a: { code: string }, b: { code: string }) => a.code.length - b.code.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const seriesOf = new Map<string, { businessId: string; businessCode: string; prefix: string; holders: typeof terminals; last: number }>();
  for (const row of found) {
    const terminal = terminalOf.get(row.terminal_id);
    if (!terminal) continue;
    const key = `${terminal.business_id}|${row.prefix}`;
    const series = seriesOf.get(key) ?? {
      businessId: terminal.business_id,
      businessCode: terminal.business_code,
      prefix: row.prefix,
      holders: [],
      last: 0,
    };
    series.holders.push(terminal);
    series.last = Math.max(series.last, Number(row.last ?? 0));
    seriesOf.set(key, series);
  }
  // The numbers the tills voided before sending them (a manager's voids: few), by series. A
  // series' last number voided still counts (T01-000005 voided after T01-000004 was sent), and
  // a series of voided numbers alone is listed too.
  const voidedBySeries = await voidedSaleNumbers(store);
  for (const [key, voids] of voidedBySeries) {
    const highest = voids.at(-1)!;
    const series = seriesOf.get(key);
    if (series) series.last = Math.max(series.last, highest.number);
    else
      seriesOf.set(key, {
        businessId: highest.businessId,
        businessCode: highest.businessCode,
        prefix: highest.prefix,
        holders: [],
        last: highest.number,
      });
  }
  const result: TerminalReceiptContinuity[] = [];
  for (const [seriesKey, { businessId, businessCode, prefix, holders, last: target }] of seriesOf) {
    holders.sort(byCode);
    const ids = holders.map((t) => t.id);
    const where =
      ids.length === 1
        ? sql`terminal_id = ${ids[0]} and ${prefixSql} = ${prefix}`
        : sql`terminal_id in (${sql.join(ids)}) and ${prefixSql} = ${prefix}`;
    // The key names the terminals: when another terminal starts sending this series, the
    // series is looked at again from 1 (a number it sent that was already verified is a
    // duplicate the checkpoint could not see). One terminal keeps the key it always had.
    const key = ids.length === 1 ? `${ids[0]}|${prefix}` : `${businessId}|${prefix}|${[...ids].sort().join(',')}`;
    const group: NumberedGroup = {
      kind: 'receipts',
      key,
      target,
      // A series no terminal sent a sale of (its numbers all voided) has nothing to look for.
      present: (gaps, after, limit) =>
        ids.length === 0 ? Promise.resolve([]) : presentInGaps(store, { table: sql`sales`, where, value: numberSql }, gaps, after, limit),
    };
    const progress = await verify(group, memory);
    await yieldToOthers();
    // A voided number accounts for a gap; one that was received after all is the sale's.
    const voided = voidedIn(progress.missing, voidedBySeries.get(seriesKey) ?? []);
    const missing =
      voided.length === 0
        ? progress.missing
        : withoutValues(
            progress.missing,
            voided.map((v) => v.number),
          );
    // Named after the terminal whose series it is (T06- is T06's), else the first holder (or the one that voided its numbers).
    const ownerCode =
      terminals.find((t) => t.business_id === businessId && `${t.code}-` === prefix)?.code ?? holders[0]?.code ?? voided[0]?.terminalCode ?? '';
    result.push({
      businessCode,
      terminalCode: ownerCode,
      receivedBy: holders.map((t) => t.code),
      prefix,
      received: progress.rows,
      last: target,
      gaps: target - progress.present - voided.length,
      duplicates: progress.rows - progress.present,
      missing: firstMissing(missing, MISSING_SHOWN),
      voided: voided.length,
      voids: voided.slice(0, MISSING_SHOWN).map(({ businessId: _b, businessCode: _c, prefix: _p, ...shown }) => shown),
    });
  }
  await saveIfDue(store, memory, now);
  return result.sort((a, b) => `${a.businessCode}${a.terminalCode}${a.prefix}`.localeCompare(`${b.businessCode}${b.terminalCode}${b.prefix}`));
}

type VoidRow = VoidedNumber & { businessId: string; businessCode: string; prefix: string };

/**
 * The sale numbers the tills reported voided before they were ever sent (voided_documents,
 * migration 0023), per business and receipt series (`businessId|prefix`), in number order,
 * one per number (the first reported). A number above 2^53 - 1 is not counted, as a sale's.
 */
async function voidedSaleNumbers(store: BackOfficeDb): Promise<Map<string, VoidRow[]>> {
  const rows = await store.db
    .selectFrom('voided_documents as v')
    .innerJoin('terminals as t', 't.id', 'v.terminal_id')
    .innerJoin('businesses as b', 'b.id', 'v.business_id')
    .select([
      'v.business_id',
      'b.code as business_code',
      'v.prefix',
      'v.number',
      'v.local_number',
      't.code',
      'v.voided_at',
      'v.voided_by',
      'v.reason',
      'v.value_minor',
    ])
    .where('v.kind', '=', 'sale')
    .where('v.number', 'is not', null)
    .where('v.number', '<=', HIGHEST_RECEIPT_NUMBER)
    .orderBy('v.business_id')
    .orderBy('v.prefix')
    .orderBy('v.number')
    .orderBy('v.received_at')
    .execute();
  const bySeries = new Map<string, VoidRow[]>();
  for (const r of rows) {
    const key = `${r.business_id}|${r.prefix}`;
    const series = bySeries.get(key) ?? [];
    const number = Number(r.number);
    if (series.at(-1)?.number === number) continue;
    series.push({
      businessId: r.business_id,
      businessCode: r.business_code,
      prefix: r.prefix,
      number,
      localNumber: r.local_number,
      terminalCode: r.code,
      voidedAt: r.voided_at,
      voidedBy: r.voided_by,
      reason: r.reason,
      valueMinor: Number(r.value_minor),
    });
    bySeries.set(key, series);
  }
  return bySeries;
}

/** The voided numbers (in increasing order) that lie in the gaps (ranges in increasing order). */
export function voidedIn<T extends { number: number }>(gaps: readonly Gap[], voided: readonly T[]): T[] {
  const inGaps: T[] = [];
  let g = 0;
  for (const v of voided) {
    while (g < gaps.length && gaps[g]![1] < v.number) g++;
    if (g < gaps.length && gaps[g]![0] <= v.number) inGaps.push(v);
  }
  return inGaps;
}

/** Return slips the tills voided before sending them, newest first, at most 50 (no return-slip series is counted). */
export async function voidedReturnSlips(store: BackOfficeDb): Promise<VoidedReturnSlip[]> {
  const rows = await store.db
    .selectFrom('voided_documents as v')
    .innerJoin('terminals as t', 't.id', 'v.terminal_id')
    .innerJoin('businesses as b', 'b.id', 'v.business_id')
    .select(['b.code as business_code', 'v.number', 'v.local_number', 't.code', 'v.voided_at', 'v.voided_by', 'v.reason', 'v.value_minor'])
    .where('v.kind', '=', 'refund')
    .orderBy('v.voided_at', 'desc')
    .orderBy('v.local_number', 'desc')
    .limit(MISSING_SHOWN)
    .execute();
  return rows.map((r) => ({
    businessCode: r.business_code,
    number: r.number === null ? 0 : Number(r.number),
    localNumber: r.local_number,
    terminalCode: r.code,
    voidedAt: r.voided_at,
    voidedBy: r.voided_by,
    reason: r.reason,
    valueMinor: Number(r.value_minor),
  }));
}
