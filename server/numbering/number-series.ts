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

/**
 * Takes the next number of a series inside the caller's transaction. The counter row is
 * updated in that transaction, so a rollback gives the number back: no gaps, and the row
 * lock (SQLite: the write lock) makes concurrent writers queue: no duplicates.
 * Call it as late as possible in the transaction, to hold the lock briefly.
 */
export async function takeNextNumber(trx: Tx, business: { id: string; timezone: string }, series: SeriesName, at: Date): Promise<IssuedNumber> {
  const configured = await trx
    .selectFrom('series_settings')
    .select(['format', 'reset'])
    .where('business_id', '=', business.id)
    .where('series', '=', series)
    .executeTakeFirst();
  const format = configured?.format ?? seriesDefaults[series].format;
  const reset = (configured?.reset as ResetPolicy | undefined) ?? seriesDefaults[series].reset;
  const month = calendarMonth(at, business.timezone);
  const period = periodKey(reset, month);

  await trx
    .insertInto('number_counters')
    .values({ business_id: business.id, series, period, last_value: 0 })
    .onConflict((oc) => oc.columns(['business_id', 'series', 'period']).doNothing())
    .execute();
  const { last_value } = await trx
    .updateTable('number_counters')
    .set((eb) => ({ last_value: eb('last_value', '+', 1) }))
    .where('business_id', '=', business.id)
    .where('series', '=', series)
    .where('period', '=', period)
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return { number: formatNumber(format, month, last_value), period, value: last_value };
}
