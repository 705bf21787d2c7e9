import type {
  BeneficiaryBook,
  BeneficiaryBookItem,
  BeneficiaryBookTotals,
  BeneficiaryKind,
  SalesBook,
  SalesBookItem,
  SalesBookTotals,
} from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { businessByCode, storeByCode } from '../place-codes';
import { notFound } from '../problem';
import { businessDay, refuseDaysOutOfRange, wallClockOf } from './business-day';
import { inInstants, occurredAtTextRange } from '../sales/occurred-at-range';

/** Which book, for which business (and store) and day, as the query named them. */
export interface BookAsked {
  businessCode: string;
  storeCode?: string | undefined;
  day: string;
}

/** Sales ids read a chunk at a time (well under either database's limit on parameters). */
const CHUNK = 500;

export interface DayPlace {
  businessId: string;
  businessCode: string;
  storeId: string | null;
  storeCode: string | null;
  timeZone: string;
  day: string;
}

/** The business and store the codes name (as the admin lists read them: exact spelling first, 409 when ambiguous); 404 when none. */
export async function placeOf(store: BackOfficeDb, asked: BookAsked): Promise<DayPlace> {
  // A calendar date the clock cannot place (year 0000, 9999-12-31's next day) is refused, not a 500.
  refuseDaysOutOfRange([{ path: '/day', day: asked.day }]);
  const business = await businessByCode(store.db, asked.businessCode);
  if (!business) throw notFound(`Business ${asked.businessCode}`);
  let shop: { id: string; code: string } | undefined;
  if (asked.storeCode !== undefined) {
    shop = await storeByCode(store.db, business.id, asked.storeCode);
    if (!shop) throw notFound(`Store ${asked.storeCode} of ${business.code}`);
  }
  return {
    businessId: business.id,
    businessCode: business.code,
    storeId: shop?.id ?? null,
    storeCode: shop?.code ?? null,
    timeZone: business.timezone,
    day: asked.day,
  };
}

/**
 * The day's stored sales, ordered by the invoice series (period, then its gapless value): every
 * one whose `occurred_at` (the till's time of the invoice) falls in the day, however late it
 * was received and whatever the till's clock said (a sale from a till whose clock ran days
 * ahead is in the book of the day its invoice reads, never in none). The business's sales are
 * read by that text range, two days wider on each side (a time stored as sent, with its
 * offset, by a server of an older version), and the day is then kept by instant. There is no
 * index on `occurred_at`: an export reads the business's sales, where an index would cost every
 * sale's insert (docs/write-pipeline.md).
 */
async function salesOfDay(store: BackOfficeDb, place: DayPlace, beneficiaryKind?: BeneficiaryKind) {
  const { startsAt, endsAt } = businessDay(place.day, place.timeZone);
  const range = occurredAtTextRange(startsAt, endsAt);
  const rows = await store.db
    .selectFrom('sales as s')
    .innerJoin('stores as st', 'st.id', 's.store_id')
    .innerJoin('terminals as t', 't.id', 's.terminal_id')
    .select([
      's.id',
      's.invoice_number',
      's.printed_as',
      's.local_number',
      's.occurred_at',
      's.status',
      's.total_minor',
      's.vatable_minor',
      's.vat_minor',
      's.exempt_minor',
      's.zero_rated_minor',
      's.buyer_name',
      's.buyer_address',
      's.buyer_tin',
      's.beneficiary_kind',
      's.beneficiary_id_number',
      's.beneficiary_name',
      'st.code as store_code',
      't.code as terminal_code',
    ])
    .where('s.business_id', '=', place.businessId)
    .where('s.occurred_at', '>=', range.from)
    .where('s.occurred_at', '<', range.to)
    .$if(place.storeId !== null, (q) => q.where('s.store_id', '=', place.storeId!))
    .$if(beneficiaryKind !== undefined, (q) => q.where('s.beneficiary_kind', '=', beneficiaryKind!))
    .orderBy('s.series_period')
    .orderBy('s.series_value')
    .execute();
  const sales = rows.filter((r) => inInstants(r.occurred_at, startsAt, endsAt));
  const lines = new Map<string, { total: number; discount: number; kind: string | null; vatRemoved: number; benefit: number }[]>();
  const ids = sales.map((s) => s.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await store.db
      .selectFrom('sale_lines')
      .select(['sale_id', 'total_minor', 'discount_minor', 'benefit_kind', 'benefit_vat_removed_minor', 'benefit_discount_minor'])
      .where('sale_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const l of found) {
      const own = lines.get(l.sale_id) ?? [];
      own.push({
        total: Number(l.total_minor),
        discount: Number(l.discount_minor),
        kind: l.benefit_kind,
        vatRemoved: Number(l.benefit_vat_removed_minor),
        benefit: Number(l.benefit_discount_minor),
      });
      lines.set(l.sale_id, own);
    }
  }
  return sales.map((s) => ({
    sale: s,
    lines: lines.get(s.id) ?? [],
    issued: {
      ...wallClockOf(Date.parse(s.occurred_at), place.timeZone),
      occurredAt: s.occurred_at,
      invoiceNumber: s.invoice_number,
      printedAs: s.printed_as,
      storeCode: s.store_code,
      terminalCode: s.terminal_code,
      localNumber: s.local_number,
      status: s.status,
    },
  }));
}

export const sum = <T>(rows: readonly T[], of: (row: T) => number | null) => rows.reduce((total, row) => total + (of(row) ?? 0), 0);
export const orNull = (value: number | null) => (value === null ? null : Number(value));

/**
 * The sales book: every stored sales invoice of the day. Per sale, from its lines: gross
 * sales (Σ quantity × price, before any discount: Σ line total + line discount), the
 * discount (Σ line discount less the law's benefit in it: promotions), the benefit's VAT
 * removed and its discount (20% and 5%), the total (the stored `total_minor`, Σ line totals:
 * gross − discount − VAT removed − benefit discount); and the sale's own VAT figures as stored,
 * whose sum is the amount due (the total, plus VAT on top of VAT-exclusive prices).
 */
export async function salesBook(store: BackOfficeDb, asked: BookAsked): Promise<SalesBook> {
  const place = await placeOf(store, asked);
  const items: SalesBookItem[] = (await salesOfDay(store, place)).map(({ sale: s, lines, issued }) => {
    const vatRemoved = sum(lines, (l) => l.vatRemoved);
    const benefit = sum(lines, (l) => l.benefit);
    const figures = [s.vatable_minor, s.vat_minor, s.exempt_minor, s.zero_rated_minor].map(orNull);
    return {
      ...issued,
      // As the invoice printed it: "Sold to" the senior citizen or PWD when no buyer was typed (found by a walk: blank here).
      buyerName: s.buyer_name ?? s.beneficiary_name ?? null,
      buyerAddress: s.buyer_address,
      buyerTin: s.buyer_tin,
      beneficiaryKind: s.beneficiary_kind,
      grossSalesMinor: sum(lines, (l) => l.total + l.discount),
      discountMinor: sum(lines, (l) => l.discount) - vatRemoved - benefit,
      benefitVatRemovedMinor: vatRemoved,
      benefitDiscountMinor: benefit,
      totalMinor: Number(s.total_minor),
      vatableMinor: figures[0]!,
      vatMinor: figures[1]!,
      exemptMinor: figures[2]!,
      zeroRatedMinor: figures[3]!,
      amountDueMinor: figures[0] === null ? null : sum(figures, (f) => f),
    };
  });
  const totals: SalesBookTotals = {
    sales: items.length,
    grossSalesMinor: sum(items, (i) => i.grossSalesMinor),
    discountMinor: sum(items, (i) => i.discountMinor),
    benefitVatRemovedMinor: sum(items, (i) => i.benefitVatRemovedMinor),
    benefitDiscountMinor: sum(items, (i) => i.benefitDiscountMinor),
    totalMinor: sum(items, (i) => i.totalMinor),
    vatableMinor: sum(items, (i) => i.vatableMinor),
    vatMinor: sum(items, (i) => i.vatMinor),
    exemptMinor: sum(items, (i) => i.exemptMinor),
    zeroRatedMinor: sum(items, (i) => i.zeroRatedMinor),
    amountDueMinor: sum(items, (i) => i.amountDueMinor),
  };
  return { businessCode: place.businessCode, storeCode: place.storeCode, day: place.day, timeZone: place.timeZone, items, totals };
}

/**
 * The senior citizen (RA 9994) or PWD (RA 10754) sales book: each sale of the day naming such
 * a person with at least one line given the law's discount, as RR 7-2010 lists it, of the 20%
 * lines (`benefit_kind` senior_citizen / pwd): gross sales (Σ quantity × price, VAT included),
 * the VAT removed, VAT-exempt sales (gross less that VAT: what the 20% is of), the 20%, and net
 * sales (VAT-exempt sales less the 20%: what the person paid for them). The 5% on basic
 * necessities (…_bnpc lines, still VATable) apart: those lines' gross and their 5%. A line of the
 * same sale without a discount is in the sales book, not here. The TIN is the buyer's, when the
 * invoice names one.
 */
export async function beneficiaryBook(store: BackOfficeDb, asked: BookAsked, kind: BeneficiaryKind): Promise<BeneficiaryBook> {
  const place = await placeOf(store, asked);
  const items: BeneficiaryBookItem[] = [];
  for (const { sale: s, lines, issued } of await salesOfDay(store, place, kind)) {
    const twenty = lines.filter((l) => l.kind === kind);
    const five = lines.filter((l) => l.kind === `${kind}_bnpc`);
    if (twenty.length + five.length === 0) continue;
    const gross20 = sum(twenty, (l) => l.total + l.discount);
    const vatRemoved = sum(twenty, (l) => l.vatRemoved);
    items.push({
      ...issued,
      name: s.beneficiary_name ?? '',
      idNumber: s.beneficiary_id_number ?? '',
      tin: s.buyer_tin,
      grossSalesMinor: gross20,
      vatRemovedMinor: vatRemoved,
      vatExemptSalesMinor: gross20 - vatRemoved,
      discount20Minor: sum(twenty, (l) => l.benefit),
      netSalesMinor: sum(twenty, (l) => l.total),
      basicNecessitiesSalesMinor: sum(five, (l) => l.total + l.discount),
      discount5Minor: sum(five, (l) => l.benefit),
    });
  }
  const totals: BeneficiaryBookTotals = {
    sales: items.length,
    grossSalesMinor: sum(items, (i) => i.grossSalesMinor),
    vatRemovedMinor: sum(items, (i) => i.vatRemovedMinor),
    vatExemptSalesMinor: sum(items, (i) => i.vatExemptSalesMinor),
    discount20Minor: sum(items, (i) => i.discount20Minor),
    netSalesMinor: sum(items, (i) => i.netSalesMinor),
    basicNecessitiesSalesMinor: sum(items, (i) => i.basicNecessitiesSalesMinor),
    discount5Minor: sum(items, (i) => i.discount5Minor),
  };
  return { businessCode: place.businessCode, storeCode: place.storeCode, day: place.day, timeZone: place.timeZone, kind, items, totals };
}
