import type { SeriesSettings } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { notFound, Problem } from '../problem';
import { seriesDefaults, type SeriesName } from './number-series';
import { isValidFormat, type ResetPolicy } from './series-format';

/**
 * A format must name the counter once and, so that numbers stay unique when the counter
 * restarts, the period it restarts in: a monthly series needs the year and the month.
 */
export function checkSeriesSettings(format: string, reset: ResetPolicy): string | null {
  if (!isValidFormat(format)) return 'the format needs exactly one {seq} or {seq:N} token and no other braces';
  const hasYear = format.includes('{yyyy}') || format.includes('{yy}');
  if (reset === 'monthly' && !(hasYear && format.includes('{mm}'))) return 'a monthly series needs {yyyy} (or {yy}) and {mm} in its format';
  if (reset === 'yearly' && !hasYear) return 'a yearly series needs {yyyy} (or {yy}) in its format';
  return null;
}

export async function saveSeriesSettings(store: BackOfficeDb, series: string, input: SeriesSettings): Promise<SeriesSettings> {
  const reason = checkSeriesSettings(input.format, input.reset);
  if (reason) throw new Problem(400, 'validation_failed', 'Invalid series format', reason, [{ path: '/format', message: reason }]);
  const business = await store.db.selectFrom('businesses').select('id').where('code', '=', input.businessCode).executeTakeFirst();
  if (!business) throw notFound(`Business ${input.businessCode}`);
  // A new reset policy starts the counter again under a new period key: numbers already
  // issued would come round a second time. Once a series has issued numbers, its policy stays.
  const current = await store.db
    .selectFrom('series_settings')
    .select('reset')
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
  await store.db
    .insertInto('series_settings')
    .values({ business_id: business.id, series, format: input.format, reset: input.reset })
    .onConflict((oc) => oc.columns(['business_id', 'series']).doUpdateSet({ format: input.format, reset: input.reset }))
    .execute();
  return input;
}
