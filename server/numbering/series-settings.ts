import { sql } from 'kysely';
import type { SeriesSettings } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { notFound, Problem } from '../problem';
import { seriesDefaults, type SeriesName } from './number-series';
import { CONTROLS, UNSEEN } from '../../protocol/unseen-characters';
import {
  calendarMonth,
  isValidFormat,
  longestNumber,
  NUMBER_MAX_LENGTH,
  periodKey,
  readNumber,
  SEQ_MAX_DIGITS,
  type ResetPolicy,
} from './series-format';
import { businessByCode } from '../place-codes';

const UNREADABLE = new RegExp(`[${CONTROLS}${UNSEEN}]`, 'u');
const PADDING = /\{seq:(\d+)\}/;

/**
 * A format must read as it prints: no control, invisible or text-reversing character and no
 * space before or after it (a receipt's "T\n000001", a number "T-\u202E000001" drawn
 * backwards). It must name the counter once, padded to at most SEQ_MAX_DIGITS, and write
 * numbers of at most NUMBER_MAX_LENGTH characters; and, so that numbers stay unique when the
 * counter restarts, the period it restarts in: a monthly series needs the year and the month.
 */
export function checkSeriesSettings(format: string, reset: ResetPolicy): string | null {
  if (UNREADABLE.test(format))
    return 'the format must not hold a control character (a tab, a line feed) or an invisible or text-reversing character (U+200B-U+200F, U+202A-U+202E, U+2060-U+206F, U+FEFF…)';
  if (/^\s|\s$/u.test(format)) return 'the format must not begin or end with a space';
  if (!isValidFormat(format)) return 'the format needs exactly one {seq} or {seq:N} token and no other braces';
  const padding = Number(PADDING.exec(format)?.[1] ?? 0);
  if (padding > SEQ_MAX_DIGITS) return `the counter is padded to at most ${SEQ_MAX_DIGITS} digits ({seq:${SEQ_MAX_DIGITS}}), not ${padding}`;
  const longest = longestNumber(format);
  if (longest > NUMBER_MAX_LENGTH)
    return `the format writes numbers of up to ${longest} characters (a counter of ${SEQ_MAX_DIGITS} digits); a number holds at most ${NUMBER_MAX_LENGTH}`;
  const hasYear = format.includes('{yyyy}') || format.includes('{yy}');
  if (reset === 'monthly' && !(hasYear && format.includes('{mm}'))) return 'a monthly series needs {yyyy} (or {yy}) and {mm} in its format';
  if (reset === 'yearly' && !hasYear) return 'a yearly series needs {yyyy} (or {yy}) in its format';
  return null;
}

export async function saveSeriesSettings(store: BackOfficeDb, series: string, input: SeriesSettings): Promise<SeriesSettings> {
  const reason = checkSeriesSettings(input.format, input.reset);
  if (reason) throw new Problem(400, 'validation_failed', 'Invalid series format', reason, [{ path: '/format', message: reason }]);
  const business = await businessByCode(store.db, input.businessCode);
  if (!business) throw notFound(`Business ${input.businessCode}`);
  // A new reset policy starts the counter again under a new period key: numbers already
  // issued would come round a second time. Once a series has issued numbers, its policy stays.
  const current = await store.db
    .selectFrom('series_settings')
    .select(['reset', 'format'])
    .where('business_id', '=', business.id)
    .where('series', '=', series)
    .executeTakeFirst();
  const currentReset = current?.reset ?? seriesDefaults[series as SeriesName].reset;
  const issued = await store.db
    .selectFrom('number_counters')
    .select('period')
    .where('business_id', '=', business.id)
    .where('series', '=', series)
    .executeTakeFirst();
  if (issued && currentReset !== input.reset) {
    throw new Problem(
      409,
      'conflict',
      'Reset policy fixed',
      `The ${series} series has issued numbers with reset "${currentReset}"; changing it could issue the same numbers again.`,
    );
  }
  const currentFormat = current?.format ?? seriesDefaults[series as SeriesName].format;
  // The same format again issues nothing it has not: no need to read every number it issued.
  const repeated = input.format === currentFormat ? null : await numberIssuedAgain(store, business, series as SeriesName, input);
  if (repeated !== null) {
    throw new Problem(
      409,
      'conflict',
      'Format would repeat a number',
      `Under the format "${input.format}" the ${series} series would issue ${repeated} again, a number it has already issued: choose a format whose numbers cannot meet the ones issued (another prefix, say).`,
      [{ path: '/format', message: `would issue ${repeated} again` }],
    );
  }
  await store.db
    .insertInto('series_settings')
    .values({ business_id: business.id, series, format: input.format, reset: input.reset })
    .onConflict((oc) => oc.columns(['business_id', 'series']).doUpdateSet({ format: input.format, reset: input.reset }))
    .execute();
  return input;
}

/** Where each configurable series keeps the numbers it issued. */
function issuedNumbers(store: BackOfficeDb, businessId: string, series: SeriesName, like: string): Promise<{ number: string | null }[]> {
  const matching = (column: string) => sql<boolean>`${sql.ref(column)} like ${like} escape '\\'`;
  if (series === 'invoice')
    return store.db
      .selectFrom('sales')
      .select('invoice_number as number')
      .where('business_id', '=', businessId)
      .where(matching('invoice_number'))
      .execute();
  if (series === 'return')
    return store.db
      .selectFrom('refunds')
      .select('return_number as number')
      .where('business_id', '=', businessId)
      .where(matching('return_number'))
      .execute();
  return store.db
    .selectFrom('stock_documents')
    .select('number')
    .where('business_id', '=', businessId)
    .where('kind', '=', series)
    .where(matching('number'))
    .execute();
}

/**
 * A number this series has issued that `settings` would issue again, or null. A format
 * change is refused when it could: the insert of the repeated number would fail its unique
 * constraint, and, the counter rolled back with it, every later write of the series with it
 * (found by a black-box probe: "INV-{yyyy}{mm}-1{seq}" issued INV-202612-12 at its second
 * number; "INV-{yyyy}{mm}-{seq}" then reached 12 and stuck the series). A number is issued
 * again when the new format writes it (readNumber) in the current period or a later one,
 * with a counter its period has not passed yet. Numbers are issued at the server's time, so
 * a period gone by never comes back.
 */
async function numberIssuedAgain(
  store: BackOfficeDb,
  business: { id: string; timezone: string },
  series: SeriesName,
  settings: SeriesSettings,
): Promise<string | null> {
  const businessId = business.id;
  const now = calendarMonth(new Date(), business.timezone);
  const counters = new Map(
    (
      await store.db
        .selectFrom('number_counters')
        .select(['period', 'last_value'])
        .where('business_id', '=', businessId)
        .where('series', '=', series)
        .execute()
    ).map((c) => [c.period, Number(c.last_value)]),
  );
  const like = settings.format
    .split(/\{[^}]*\}/)
    .map((literal) => literal.replace(/[\\%_]/g, '\\$&'))
    .join('%');
  for (const { number } of await issuedNumbers(store, businessId, series, like)) {
    const read = number === null ? null : readNumber(settings.format, number);
    if (read === null) continue;
    const year = read.year ?? now.year;
    // A format without the month (or the year) writes the number in any month (or year) to come;
    // one with the month but not the year writes March's numbers again next March (found by a review).
    const month = read.month ?? now.month;
    if (read.year !== null && (year < now.year || (year === now.year && month < now.month))) continue;
    if (read.seq > (counters.get(periodKey(settings.reset, { year, month })) ?? 0)) return number;
  }
  return null;
}
