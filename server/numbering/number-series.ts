import type { Tx } from '../db/database';
import { dialectOf, insertRows } from '../db/hot-statements';
import { calendarMonth, formatNumber, periodKey, type ResetPolicy } from './series-format';

/** Every numbered thing the back office issues, each gapless and unique per business. */
export type SeriesName = 'invoice' | 'return' | 'receipt' | 'transfer' | 'correction' | 'supplier_return' | 'terminal' | 'catalog';

export const seriesDefaults: Record<SeriesName, { format: string; reset: ResetPolicy }> = {
  invoice: { format: 'INV-{yyyy}{mm}-{seq:4}', reset: 'monthly' },
  return: { format: 'RET-{yyyy}{mm}-{seq:4}', reset: 'monthly' },
  receipt: { format: 'RCV-{yyyy}{mm}-{seq:4}', reset: 'monthly' },
  transfer: { format: 'TRF-{yyyy}{mm}-{seq:4}', reset: 'monthly' },
  correction: { format: 'ADJ-{yyyy}{mm}-{seq:4}', reset: 'monthly' },
  supplier_return: { format: 'SRT-{yyyy}{mm}-{seq:4}', reset: 'monthly' },
  terminal: { format: 'T{seq:2}', reset: 'never' },
  catalog: { format: '{seq}', reset: 'never' },
};

export const configurableSeries = ['invoice', 'return', 'receipt', 'transfer', 'correction', 'supplier_return'] as const;

export interface IssuedNumber {
  number: string;
  period: string;
  value: number;
}

/** Where a series stands for one write: its format and the counter row it takes from. */
export interface SeriesRule {
  businessId: string;
  series: SeriesName;
  format: string;
  month: ReturnType<typeof calendarMonth>;
  period: string;
}

/**
 * Reads a series' format and reset policy (defaults unless configured) for a write at `at`.
 * Takes no lock: a writer reads it before its first lock, to keep its locked part short.
 */
export async function readSeries(trx: Tx, business: { id: string; timezone: string }, series: SeriesName, at: Date): Promise<SeriesRule> {
  const configured = await trx
    .selectFrom('series_settings')
    .select(['format', 'reset'])
    .where('business_id', '=', business.id)
    .where('series', '=', series)
    .executeTakeFirst();
  const format = configured?.format ?? seriesDefaults[series].format;
  const reset = (configured?.reset as ResetPolicy | undefined) ?? seriesDefaults[series].reset;
  const month = calendarMonth(at, business.timezone);
  return { businessId: business.id, series, format, month, period: periodKey(reset, month) };
}

/**
 * Takes the next number of a series inside the caller's transaction: issueGroupNumbers for
 * one write. Call it as late as possible in the transaction, after any stock level has
 * been moved (stock-ledger.ts: lock order).
 */
export async function issueNumber(trx: Tx, rule: SeriesRule): Promise<IssuedNumber> {
  const [issued] = await issueGroupNumbers(trx, [rule]);
  if (!issued) throw new Error('no number issued');
  return issued;
}

/** Raises the counter row by the writes' count (or creates it), answering its new last value. */
const COUNTER_UPSERT =
  'on conflict ("business_id", "series", "period") do update set "last_value" = "number_counters"."last_value" + "excluded"."last_value" returning "last_value"';

const counterKey = (rule: SeriesRule) => `${rule.businessId}\u0000${rule.series}\u0000${rule.period}`;

/**
 * THE place where invoice (and every other) numbers are assigned. Numbers for a whole
 * group of writes, in the order given (their arrival order), with ONE counter update per
 * counter row (business, series, period): the row is created or raised by n in one
 * statement of the caller's transaction and answers its new last value, so the writes get
 * last-n+1 .. last. A rollback gives every one of them back: no gaps; the row lock
 * (SQLite: the write lock) makes concurrent groups queue: no duplicates. Counter rows are
 * taken in (business, series, period) order, the same in every process, so two groups
 * needing the same counters queue rather than deadlock. Call it after the stock levels
 * have been moved (stock-ledger.ts: lock order) and right before the final inserts.
 */
export async function issueGroupNumbers(trx: Tx, rules: readonly SeriesRule[]): Promise<IssuedNumber[]> {
  const counters = new Map<string, { rule: SeriesRule; writes: number[] }>();
  rules.forEach((rule, index) => {
    const key = counterKey(rule);
    const counter = counters.get(key);
    if (counter) counter.writes.push(index);
    else counters.set(key, { rule, writes: [index] });
  });
  const issued: IssuedNumber[] = new Array(rules.length);
  const kind = dialectOf(trx);
  for (const key of [...counters.keys()].sort()) {
    const { rule, writes } = counters.get(key)!;
    const { rows } = await trx.executeQuery<{ last_value: number | string }>(
      insertRows(
        kind,
        'number_counters',
        [{ business_id: rule.businessId, series: rule.series, period: rule.period, last_value: writes.length }],
        COUNTER_UPSERT,
      ),
    );
    const last_value = rows[0]?.last_value;
    if (last_value === undefined) throw new Error('the number counter answered no row');
    const first = Number(last_value) - writes.length + 1;
    writes.forEach((index, offset) => {
      const own = rules[index]!;
      const value = first + offset;
      issued[index] = { number: formatNumber(own.format, own.month, value), period: own.period, value };
    });
  }
  return issued;
}

/** readSeries then issueNumber, for writers with nothing to do in between. */
export async function takeNextNumber(trx: Tx, business: { id: string; timezone: string }, series: SeriesName, at: Date): Promise<IssuedNumber> {
  return issueNumber(trx, await readSeries(trx, business, series, at));
}
