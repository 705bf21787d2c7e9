import type { MonitoringReport, TerminalReceiptContinuity } from '../../sync/protocol';
import type { BackOfficeDb } from '../db/database';
import { configurableSeries } from '../numbering/number-series';

type SeriesRow = MonitoringReport['series'][number];
type DuplicateRow = MonitoringReport['duplicateNumbers'][number];

/** Where each series' numbers live: table, number column, and the series it belongs to. */
async function issuedNumbers(store: BackOfficeDb) {
  const db = store.db;
  const sales = await db.selectFrom('sales').select(['business_id', 'series_period as period', 'series_value as value', 'invoice_number as number']).execute();
  const refunds = await db.selectFrom('refunds').select(['business_id', 'series_period as period', 'series_value as value', 'return_number as number']).execute();
  const documents = await db
    .selectFrom('stock_documents')
    .select(['business_id', 'kind', 'series_period as period', 'series_value as value', 'number'])
    .where('number', 'is not', null)
    .execute();
  return [
    ...sales.map((r) => ({ ...r, series: 'invoice' })),
    ...refunds.map((r) => ({ ...r, series: 'return' })),
    ...documents.map((r) => ({ business_id: r.business_id, series: r.kind, period: r.period ?? '', value: r.value ?? 0, number: r.number ?? '' })),
  ];
}

/**
 * Gapless means: in each business, series and period, the values 1..n each appear once,
 * where n is what the counter issued. gaps = n - distinct values; duplicates = rows -
 * distinct values. Duplicate numbers are the seed's GROUP BY ... HAVING COUNT(*) > 1.
 */
export async function seriesContinuity(store: BackOfficeDb, businessCode: (id: string) => string): Promise<{ series: SeriesRow[]; duplicateNumbers: DuplicateRow[] }> {
  const issued = await issuedNumbers(store);
  const counters = await store.db.selectFrom('number_counters').selectAll().where('series', 'in', [...configurableSeries]).execute();
  const groups = new Map<string, { business_id: string; series: string; period: string; values: number[]; counter: number }>();
  const groupOf = (business_id: string, series: string, period: string) => {
    const id = `${business_id}|${series}|${period}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { business_id, series, period, values: [], counter: 0 }));
    return group;
  };
  for (const c of counters) groupOf(c.business_id, c.series, c.period).counter = Number(c.last_value);
  const numbers = new Map<string, DuplicateRow>();
  for (const row of issued) {
    groupOf(row.business_id, row.series, row.period).values.push(Number(row.value));
    const id = `${row.business_id}|${row.series}|${row.number}`;
    const seen = numbers.get(id);
    if (seen) seen.count++;
    else numbers.set(id, { businessCode: businessCode(row.business_id), series: row.series, number: row.number, count: 1 });
  }
  const series = [...groups.values()]
    .map((g) => {
      const distinct = new Set(g.values).size;
      const highest = g.values.reduce((max, v) => Math.max(max, v), g.counter);
      return { businessCode: businessCode(g.business_id), series: g.series, period: g.period, issued: highest, documents: g.values.length, gaps: highest - distinct, duplicates: g.values.length - distinct };
    })
    .sort((a, b) => `${a.businessCode}${a.series}${a.period}`.localeCompare(`${b.businessCode}${b.series}${b.period}`));
  return { series, duplicateNumbers: [...numbers.values()].filter((n) => n.count > 1) };
}

const TRAILING_DIGITS = /^(.*?)(\d+)$/;
const MISSING_SHOWN = 50;

/**
 * A terminal numbers its receipts itself (T01-000123); the tax office wants them
 * continuous. Counted from 1 per prefix, so receipts still queued at the terminal show as
 * gaps until they arrive, which is what a manager must see.
 */
export async function terminalReceiptContinuity(store: BackOfficeDb): Promise<TerminalReceiptContinuity[]> {
  const rows = await store.db
    .selectFrom('sales as s')
    .innerJoin('terminals as t', 't.id', 's.terminal_id')
    .innerJoin('businesses as b', 'b.id', 's.business_id')
    .select(['b.code as business_code', 't.code as terminal_code', 's.local_number'])
    .execute();
  const series = new Map<string, { businessCode: string; terminalCode: string; prefix: string; numbers: number[] }>();
  for (const row of rows) {
    const match = TRAILING_DIGITS.exec(row.local_number);
    const prefix = match?.[1] ?? row.local_number;
    const id = `${row.business_code}|${row.terminal_code}|${prefix}`;
    let entry = series.get(id);
    if (!entry) series.set(id, (entry = { businessCode: row.business_code, terminalCode: row.terminal_code, prefix, numbers: [] }));
    if (match?.[2] !== undefined) entry.numbers.push(Number(match[2]));
  }
  return [...series.values()]
    .map((s) => {
      const distinct = new Set(s.numbers);
      const last = s.numbers.reduce((max, n) => Math.max(max, n), 0);
      const missing: number[] = [];
      for (let n = 1; n <= last && missing.length < MISSING_SHOWN; n++) if (!distinct.has(n)) missing.push(n);
      return { businessCode: s.businessCode, terminalCode: s.terminalCode, prefix: s.prefix, received: s.numbers.length, last, gaps: last - distinct.size, duplicates: s.numbers.length - distinct.size, missing };
    })
    .sort((a, b) => `${a.businessCode}${a.terminalCode}${a.prefix}`.localeCompare(`${b.businessCode}${b.terminalCode}${b.prefix}`));
}
