import type { ReturnsBook, ReturnsBookItem } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { inInstants, occurredAtTextRange } from '../sales/occurred-at-range';
import { businessDay, wallClockOf } from './business-day';
import { orNull, placeOf, sum, type BookAsked } from './sales-books';

/**
 * The returns book: every return slip of the business's day (the refund's `occurred_at`, the
 * till's time of the slip, on the business's wall clock, however late it was received), in the
 * order of the return series as numbered. Per slip: the invoice it gives back against and that
 * invoice's date, the reason, what was given back and its own VAT split as stored (a senior
 * citizen's exempt line stays exempt); the TOTAL is the sum of the rows. Beside the day's sales
 * book, it is what the day's net sales are read from: the sales book's totals less these.
 */
export async function returnsBook(store: BackOfficeDb, asked: BookAsked): Promise<ReturnsBook> {
  const place = await placeOf(store, asked);
  const { startsAt, endsAt } = businessDay(place.day, place.timeZone);
  const range = occurredAtTextRange(startsAt, endsAt);
  const rows = await store.db
    .selectFrom('refunds as r')
    .innerJoin('sales as s', 's.id', 'r.sale_id')
    .innerJoin('stores as st', 'st.id', 'r.store_id')
    .innerJoin('terminals as t', 't.id', 'r.terminal_id')
    .select([
      'r.occurred_at',
      'r.return_number',
      'r.printed_as',
      's.invoice_number',
      's.occurred_at as invoice_occurred_at',
      'st.code as store_code',
      't.code as terminal_code',
      'r.local_number',
      'r.reason',
      'r.total_minor',
      'r.vatable_minor',
      'r.vat_minor',
      'r.exempt_minor',
      'r.zero_rated_minor',
    ])
    .where('r.business_id', '=', place.businessId)
    .where('r.occurred_at', '>=', range.from)
    .where('r.occurred_at', '<', range.to)
    .$if(place.storeId !== null, (q) => q.where('r.store_id', '=', place.storeId!))
    .orderBy('r.series_period')
    .orderBy('r.series_value')
    .execute();
  const items: ReturnsBookItem[] = rows
    .filter((r) => inInstants(r.occurred_at, startsAt, endsAt))
    .map((r) => ({
      ...wallClockOf(Date.parse(r.occurred_at), place.timeZone),
      occurredAt: r.occurred_at,
      returnNumber: r.return_number,
      printedAs: r.printed_as,
      invoiceNumber: r.invoice_number,
      invoiceDate: wallClockOf(Date.parse(r.invoice_occurred_at), place.timeZone).date,
      storeCode: r.store_code,
      terminalCode: r.terminal_code,
      localNumber: r.local_number,
      reason: r.reason,
      amountMinor: Number(r.total_minor),
      vatableMinor: orNull(r.vatable_minor),
      vatMinor: orNull(r.vat_minor),
      exemptMinor: orNull(r.exempt_minor),
      zeroRatedMinor: orNull(r.zero_rated_minor),
    }));
  const totals = {
    returns: items.length,
    amountMinor: sum(items, (i) => i.amountMinor),
    vatableMinor: sum(items, (i) => i.vatableMinor),
    vatMinor: sum(items, (i) => i.vatMinor),
    exemptMinor: sum(items, (i) => i.exemptMinor),
    zeroRatedMinor: sum(items, (i) => i.zeroRatedMinor),
  };
  return { businessCode: place.businessCode, storeCode: place.storeCode, day: place.day, timeZone: place.timeZone, items, totals };
}
