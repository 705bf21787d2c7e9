import { CompiledQuery } from 'kysely';
import type { DatabaseKind, Tx } from '../db/database';
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
  return seriesRuleOf(business, series, at, configured);
}

/** The rule of a series for a write at `at`, from its settings row (read by the caller) or the defaults. */
export function seriesRuleOf(
  business: { id: string; timezone: string },
  series: SeriesName,
  at: Date,
  configured: { format: string; reset: string } | undefined,
): SeriesRule {
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
  const counters = countersOf(rules);
  const kind = dialectOf(trx);
  const lastValues: number[] = [];
  for (const counter of counters) {
    const { rows } = await trx.executeQuery<{ last_value: number | string }>(counterUpsert(kind, counter));
    const last_value = rows[0]?.last_value;
    if (last_value === undefined) throw new Error('the number counter answered no row');
    lastValues.push(Number(last_value));
  }
  return numbersFrom(rules, counters, lastValues);
}

/** One counter row of a group and the writes (by index, in arrival order) it numbers. */
export interface GroupCounter {
  rule: SeriesRule;
  writes: number[];
}

/** The counters the rules take from, in (business, series, period) order: the lock order. */
export function countersOf(rules: readonly SeriesRule[]): GroupCounter[] {
  const counters = new Map<string, GroupCounter>();
  rules.forEach((rule, index) => {
    const key = counterKey(rule);
    const counter = counters.get(key);
    if (counter) counter.writes.push(index);
    else counters.set(key, { rule, writes: [index] });
  });
  return [...counters.keys()].sort().map((key) => counters.get(key)!);
}

/** The upsert that raises one counter by its writes' count (or creates it) and answers its new last value. */
export function counterUpsert(kind: DatabaseKind, { rule, writes }: GroupCounter): CompiledQuery {
  return insertRows(
    kind,
    'number_counters',
    [{ business_id: rule.businessId, series: rule.series, period: rule.period, last_value: writes.length }],
    COUNTER_UPSERT,
  );
}

/**
 * PostgreSQL: counterUpsert as a WITH clause of a bigger statement, its placeholders from
 * $first on, run only once the clause `after` has run to completion (it reads it): inside one
 * statement, PostgreSQL runs data-modifying clauses in no set order, and the counters must
 * stay the last rows locked (docs/write-pipeline.md, lock order).
 */
export function counterUpsertAfter({ rule, writes }: GroupCounter, first: number, after: string | null): CompiledQuery {
  const [b, s, p, n] = [first, first + 1, first + 2, first + 3];
  return CompiledQuery.raw(
    `insert into "number_counters" ("business_id", "series", "period", "last_value") select $${b}::text, $${s}::text, $${p}::text, $${n}::bigint${after ? ` from (select count(*) from ${after}) as after_${after}` : ''} ${COUNTER_UPSERT}`,
    [rule.businessId, rule.series, rule.period, writes.length],
  );
}

/** Each write's number: a counter raised by n to `last` gives its writes last-n+1 … last, in arrival order. */
export function numbersFrom(rules: readonly SeriesRule[], counters: readonly GroupCounter[], lastValues: readonly number[]): IssuedNumber[] {
  const issued: IssuedNumber[] = new Array(rules.length);
  counters.forEach(({ writes }, c) => {
    const first = lastValues[c]! - writes.length + 1;
    writes.forEach((index, offset) => {
      const own = rules[index]!;
      const value = first + offset;
      issued[index] = { number: formatNumber(own.format, own.month, value), period: own.period, value };
    });
  });
  return issued;
}

/** readSeries then issueNumber, for writers with nothing to do in between. */
export async function takeNextNumber(trx: Tx, business: { id: string; timezone: string }, series: SeriesName, at: Date): Promise<IssuedNumber> {
  return issueNumber(trx, await readSeries(trx, business, series, at));
}
