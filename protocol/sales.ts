import { Type, type Static } from 'typebox';
import { Timestamp } from './timestamp';

const Code = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Minor = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });

export const SaleLineSchema = Type.Object({
  sku: Code(64),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  /** Units, or kilograms for weighed items: up to three decimals. */
  qty: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
  unitPriceMinor: Minor,
  discountMinor: Type.Optional(Minor),
  taxCode: Type.Optional(Code(32)),
});
export type SaleLine = Static<typeof SaleLineSchema>;

export const PaymentMethodSchema = Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Literal('other')]);
export type PaymentMethod = Static<typeof PaymentMethodSchema>;

export const PaymentSchema = Type.Object({
  method: PaymentMethodSchema,
  amountMinor: Minor,
  reference: Type.Optional(Type.String({ maxLength: 120 })),
});
export type Payment = Static<typeof PaymentSchema>;

export const SaleRequestSchema = Type.Object({
  localNumber: Code(64),
  occurredAt: Timestamp(),
  cashier: Code(64),
  lines: Type.Array(SaleLineSchema, { minItems: 1, maxItems: 1000 }),
  payments: Type.Array(PaymentSchema, { minItems: 1, maxItems: 20 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type SaleRequest = Static<typeof SaleRequestSchema>;

/** Why the back office wants a person to look at a sale it accepted anyway. */
export const saleFlags = ['unknown_sku', 'price_differs', 'negative_stock', 'payment_short', 'discount_exceeds_line'] as const;
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
