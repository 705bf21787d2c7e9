import { Type, type Static } from 'typebox';
import { LocalNumber } from './local-number';
import { Timestamp } from './timestamp';

const Code = (maxLength: number) => Type.String({ minLength: 1, maxLength });
/** The largest amount in minor units a sale carries, and the longest slip reference of a payment. */
export const MAX_MINOR = 1_000_000_000_000;
/** The most of one product a sale's line may hold (a till stops the cashier there: + and scanning again too). */
export const MAX_LINE_QTY = 1_000_000;
export const MAX_PAYMENT_REFERENCE = 120;

const Minor = Type.Integer({ minimum: 0, maximum: MAX_MINOR });

/** A senior citizen's or PWD's discount on one line (protocol/senior-discount.ts); included in the line's discountMinor. */
export const LineBenefitSchema = Type.Object({
  rule: Type.Union([Type.Literal('vat_exempt_20'), Type.Literal('bnpc_5')]),
  vatRemovedMinor: Minor,
  discountMinor: Minor,
});

export const SaleLineSchema = Type.Object({
  sku: Code(64),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  /** Units, or kilograms for weighed items: up to three decimals. */
  qty: Type.Number({ exclusiveMinimum: 0, maximum: MAX_LINE_QTY }),
  unitPriceMinor: Minor,
  discountMinor: Type.Optional(Minor),
  taxCode: Type.Optional(Code(32)),
  benefit: Type.Optional(LineBenefitSchema),
});
export type SaleLine = Static<typeof SaleLineSchema>;

export const PaymentMethodSchema = Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Literal('other')]);
export type PaymentMethod = Static<typeof PaymentMethodSchema>;
/** Each tender as the till's buttons, its receipts and invoices and its readings name it (one table: a new tender is named once). */
export const TENDER_NAMES: Readonly<Record<PaymentMethod, string>> = { cash: 'Cash', card: 'Card', other: 'Other' };

export const PaymentSchema = Type.Object({
  method: PaymentMethodSchema,
  amountMinor: Minor,
  reference: Type.Optional(Type.String({ maxLength: MAX_PAYMENT_REFERENCE })),
});
export type Payment = Static<typeof PaymentSchema>;

export const MAX_BENEFICIARY_ID = 64;
export const MAX_BENEFICIARY_NAME = 200;

/** The senior citizen or PWD the sale's benefit lines were given to, as on their ID (RA 9994, RA 10754). */
export const BeneficiarySchema = Type.Object({
  kind: Type.Union([Type.Literal('senior_citizen'), Type.Literal('pwd')]),
  idNumber: Type.String({ minLength: 1, maxLength: MAX_BENEFICIARY_ID, pattern: '\\S' }),
  name: Type.String({ minLength: 1, maxLength: MAX_BENEFICIARY_NAME, pattern: '\\S' }),
});
export type Beneficiary = Static<typeof BeneficiarySchema>;

/** The buyer's lines of a sales invoice (RR 7-2024): filled when the buyer asks. */
export const BuyerSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  tin: Type.Optional(Type.String({ maxLength: 20 })),
});
export type Buyer = Static<typeof BuyerSchema>;

export const SaleRequestSchema = Type.Object({
  /** The till's own receipt number (protocol/local-number.ts): its series, then the number, `T01-000123`. */
  localNumber: LocalNumber(),
  occurredAt: Timestamp(),
  cashier: Code(64),
  lines: Type.Array(SaleLineSchema, { minItems: 1, maxItems: 1000 }),
  payments: Type.Array(PaymentSchema, { minItems: 1, maxItems: 20 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  beneficiary: Type.Optional(BeneficiarySchema),
  buyer: Type.Optional(BuyerSchema),
  /**
   * The number its receipt printed, when the till had to number it again: that number was
   * already the back office's for another sale of this till (409 local_number_reused: a till
   * restored from a copy of its folder). The sale is flagged `receipt_renumbered`.
   */
  printedAs: Type.Optional(Code(64)),
});
export type SaleRequest = Static<typeof SaleRequestSchema>;

/** Why the back office wants a person to look at a sale it accepted anyway. */
export const saleFlags = [
  'unknown_sku',
  'price_differs',
  /** A line whose tax code is not the catalog's (none where the catalog has one, or another): its VAT is counted by the code sent. */
  'tax_differs',
  'negative_stock',
  'payment_short',
  'discount_exceeds_line',
  /** A senior citizen's or PWD's discount on a product that is not eligible, or without the person's ID. */
  'benefit_not_eligible',
  /** A senior citizen's or PWD's discount that is not what the law's rule gives. */
  'benefit_miscomputed',
  /** More of the 5% on basic necessities than the person's weekly caps leave. */
  'bnpc_cap_exceeded',
  /** A fraction of a product the catalog sells by the piece (protocol/sold-by.ts): 1.5 bottles. */
  'fraction_of_counted',
  /** A line with a tax code its business does not have: its VAT figures were counted as no tax. */
  'unknown_tax_code',
  /** Numbered again by its till: the receipt printed `printedAs`, a number the back office held for another sale (a restored or copied till). */
  'receipt_renumbered',
  /** More paid by card or another non-cash tender than the sale's total: no change is given on a card, so the charge is wrong. */
  'non_cash_over_due',
] as const;
export type SaleFlag = (typeof saleFlags)[number];

export const SaleReceiptSchema = Type.Object({
  id: Type.String(),
  invoiceNumber: Type.String(),
  localNumber: Type.String(),
  totalMinor: Type.Integer(),
  status: Type.Union([Type.Literal('recorded'), Type.Literal('needs_review')]),
  flags: Type.Array(Type.String()),
});
export type SaleReceipt = Static<typeof SaleReceiptSchema>;
