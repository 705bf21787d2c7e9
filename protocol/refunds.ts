import { Type, type Static } from 'typebox';
import { LocalNumber } from './local-number';
import { Timestamp } from './timestamp';

export const RefundLineSchema = Type.Object({
  sku: Type.String({ minLength: 1, maxLength: 64 }),
  /** Units, or kilograms for weighed items: up to three decimals, like the sale's line. */
  qty: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
  /**
   * false: the item came back but does not go back on the shelf (damaged, expired, opened):
   * the refund pays it back and moves no stock. Absent or true: back to stock (the refund's
   * ledger movement). A till sends it only when false, so an ordinary refund's body is as before.
   */
  restock: Type.Optional(Type.Boolean()),
});

export const RefundRequestSchema = Type.Object({
  /** The terminal's own number for this refund, unique per terminal: its return series, then the number (`T01-R000004`, protocol/local-number.ts). */
  localNumber: LocalNumber(),
  occurredAt: Timestamp(),
  lines: Type.Array(RefundLineSchema, { minItems: 1, maxItems: 1000 }),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  /** The number its return slip printed, when the till had to number it again (409 local_number_reused). */
  printedAs: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type RefundRequest = Static<typeof RefundRequestSchema>;

export const RefundParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Refund totals are positive amounts (PROTOCOL.md). */
export const RefundReceiptSchema = Type.Object({
  id: Type.String(),
  returnNumber: Type.String(),
  saleId: Type.String(),
  totalMinor: Type.Integer(),
});
export type RefundReceipt = Static<typeof RefundReceiptSchema>;
