import type { Tx } from '../db/database';
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
 * Takes the next number of a series inside the caller's transaction. The counter row is
 * created or incremented in ONE statement of that transaction, so a rollback gives the
 * number back: no gaps, and the row lock (SQLite: the write lock) makes concurrent writers
 * queue: no duplicates. Call it as late as possible in the transaction, to hold the lock
 * briefly, and after any stock level has been moved (stock-ledger.ts: lock order).
 */
export async function issueNumber(trx: Tx, rule: SeriesRule): Promise<IssuedNumber> {
  const { last_value } = await trx
    .insertInto('number_counters')
    .values({ business_id: rule.businessId, series: rule.series, period: rule.period, last_value: 1 })
    .onConflict((oc) => oc.columns(['business_id', 'series', 'period']).doUpdateSet((eb) => ({ last_value: eb('number_counters.last_value', '+', 1) })))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  const value = Number(last_value);
  return { number: formatNumber(rule.format, rule.month, value), period: rule.period, value };
}

/** readSeries then issueNumber, for writers with nothing to do in between. */
export async function takeNextNumber(trx: Tx, business: { id: string; timezone: string }, series: SeriesName, at: Date): Promise<IssuedNumber> {
  return issueNumber(trx, await readSeries(trx, business, series, at));
}
