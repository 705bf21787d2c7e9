import { Type, type Static } from 'typebox';
import { CalendarDate } from './timestamp';

const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });

/**
 * The books a bookkeeper files for a day: every sales invoice, the senior citizens' and PWDs'
 * discounted sales, and the returns (every return slip: what was given back, against which invoice).
 */
export const SALES_BOOKS = ['sales', 'senior-citizen', 'pwd', 'returns'] as const;
export type SalesBookName = (typeof SALES_BOOKS)[number];

export const SalesBookQuerySchema = Type.Object({
  /** MAIN when absent. */
  businessCode: Type.Optional(Code),
  /** Only this store's sales (every store of the business when absent). */
  storeCode: Type.Optional(Code),
  /** The business's calendar day, in its own time zone. */
  day: CalendarDate(),
  /** json when absent. */
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
export type SalesBookQuery = Static<typeof SalesBookQuerySchema>;

/** Where and when an invoice was issued, on the business's wall clock. */
const Issued = {
  /** `YYYY-MM-DD` and `HH:MM:SS` on the business's wall clock. */
  date: Type.String(),
  time: Type.String(),
  /** As stored: UTC. */
  occurredAt: Type.String(),
  invoiceNumber: Type.String(),
  /** The number its receipt printed, where the till numbered the sale again; else null. */
  printedAs: Type.Union([Type.String(), Type.Null()]),
  storeCode: Type.String(),
  terminalCode: Type.String(),
  localNumber: Type.String(),
  status: Type.String(),
};

const Nullable = <T extends ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const SalesBookItemSchema = Type.Object({
  ...Issued,
  buyerName: Type.Union([Type.String(), Type.Null()]),
  buyerAddress: Type.Union([Type.String(), Type.Null()]),
  buyerTin: Type.Union([Type.String(), Type.Null()]),
  /** senior_citizen or pwd when the sale named one. */
  beneficiaryKind: Type.Union([Type.String(), Type.Null()]),
  grossSalesMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  benefitVatRemovedMinor: Type.Integer(),
  benefitDiscountMinor: Type.Integer(),
  totalMinor: Type.Integer(),
  /** The sale's own VAT figures; null on a sale recorded before they were kept (migration 0007). */
  vatableMinor: Nullable(Type.Integer()),
  vatMinor: Nullable(Type.Integer()),
  exemptMinor: Nullable(Type.Integer()),
  zeroRatedMinor: Nullable(Type.Integer()),
  amountDueMinor: Nullable(Type.Integer()),
});
export type SalesBookItem = Static<typeof SalesBookItemSchema>;

export const SalesBookTotalsSchema = Type.Object({
  sales: Type.Integer(),
  grossSalesMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  benefitVatRemovedMinor: Type.Integer(),
  benefitDiscountMinor: Type.Integer(),
  totalMinor: Type.Integer(),
  vatableMinor: Type.Integer(),
  vatMinor: Type.Integer(),
  exemptMinor: Type.Integer(),
  zeroRatedMinor: Type.Integer(),
  amountDueMinor: Type.Integer(),
});
export type SalesBookTotals = Static<typeof SalesBookTotalsSchema>;

const BookHead = {
  businessCode: Type.String(),
  /** Only this store's sales; null: every store of the business. */
  storeCode: Type.Union([Type.String(), Type.Null()]),
  day: Type.String(),
  timeZone: Type.String(),
};

export const SalesBookSchema = Type.Object({ ...BookHead, items: Type.Array(SalesBookItemSchema), totals: SalesBookTotalsSchema });
export type SalesBook = Static<typeof SalesBookSchema>;

/** One discounted sale in the senior citizen or PWD sales book (RA 9994, RA 10754). */
export const BeneficiaryBookItemSchema = Type.Object({
  ...Issued,
  name: Type.String(),
  idNumber: Type.String(),
  /** The buyer's TIN on the invoice, if it names one. */
  tin: Type.Union([Type.String(), Type.Null()]),
  /** The 20% lines: gross (VAT included), the VAT removed, VAT-exempt sales (gross less it), the 20%, net (VAT-exempt less the 20%). */
  grossSalesMinor: Type.Integer(),
  vatRemovedMinor: Type.Integer(),
  vatExemptSalesMinor: Type.Integer(),
  discount20Minor: Type.Integer(),
  netSalesMinor: Type.Integer(),
  /** The 5% lines on basic necessities (still VATable): their gross and the 5%. */
  basicNecessitiesSalesMinor: Type.Integer(),
  discount5Minor: Type.Integer(),
});
export type BeneficiaryBookItem = Static<typeof BeneficiaryBookItemSchema>;

export const BeneficiaryBookTotalsSchema = Type.Object({
  sales: Type.Integer(),
  grossSalesMinor: Type.Integer(),
  vatRemovedMinor: Type.Integer(),
  vatExemptSalesMinor: Type.Integer(),
  discount20Minor: Type.Integer(),
  netSalesMinor: Type.Integer(),
  basicNecessitiesSalesMinor: Type.Integer(),
  discount5Minor: Type.Integer(),
});
export type BeneficiaryBookTotals = Static<typeof BeneficiaryBookTotalsSchema>;

export const BeneficiaryBookSchema = Type.Object({
  ...BookHead,
  /** senior_citizen or pwd. */
  kind: Type.String(),
  items: Type.Array(BeneficiaryBookItemSchema),
  totals: BeneficiaryBookTotalsSchema,
});
export type BeneficiaryBook = Static<typeof BeneficiaryBookSchema>;

/**
 * One return slip in the returns book: when it was issued on the business's wall clock, its
 * number, the invoice it gives back against (and that invoice's date), why, and what was given
 * back with its own VAT split (a positive amount, as on the slip).
 */
export const ReturnsBookItemSchema = Type.Object({
  /** `YYYY-MM-DD` and `HH:MM:SS` on the business's wall clock. */
  date: Type.String(),
  time: Type.String(),
  /** As stored: UTC. */
  occurredAt: Type.String(),
  returnNumber: Type.String(),
  /** The number its return slip printed, where the till numbered the refund again; else null. */
  printedAs: Type.Union([Type.String(), Type.Null()]),
  /** The sales invoice refunded, and its date on the business's wall clock. */
  invoiceNumber: Type.String(),
  invoiceDate: Type.String(),
  storeCode: Type.String(),
  terminalCode: Type.String(),
  localNumber: Type.String(),
  reason: Type.String(),
  amountMinor: Type.Integer(),
  /** The refund's own VAT figures; null on a refund recorded before they were kept (migration 0007). */
  vatableMinor: Nullable(Type.Integer()),
  vatMinor: Nullable(Type.Integer()),
  exemptMinor: Nullable(Type.Integer()),
  zeroRatedMinor: Nullable(Type.Integer()),
});
export type ReturnsBookItem = Static<typeof ReturnsBookItemSchema>;

export const ReturnsBookTotalsSchema = Type.Object({
  returns: Type.Integer(),
  amountMinor: Type.Integer(),
  vatableMinor: Type.Integer(),
  vatMinor: Type.Integer(),
  exemptMinor: Type.Integer(),
  zeroRatedMinor: Type.Integer(),
});
export type ReturnsBookTotals = Static<typeof ReturnsBookTotalsSchema>;

export const ReturnsBookSchema = Type.Object({ ...BookHead, items: Type.Array(ReturnsBookItemSchema), totals: ReturnsBookTotalsSchema });
export type ReturnsBook = Static<typeof ReturnsBookSchema>;
