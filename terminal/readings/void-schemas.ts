import { Type, type Static } from 'typebox';

export const RecordVoidArgsSchema = Type.Object({
  /** The cart the line or the whole cart was taken off. */
  cartKey: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._:-]+$' }),
  kind: Type.Union([Type.Literal('line'), Type.Literal('cart')]),
  /** What the voided line or cart was worth, after its discounts. */
  amountMinor: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  qty: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
  /** The manager's approval (approve()) when the void needed one. */
  approvalId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type RecordVoidArgs = Static<typeof RecordVoidArgsSchema>;

export const TillVoidSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('line'), Type.Literal('cart')]),
  cartKey: Type.String(),
  amountMinor: Type.Integer(),
  cashier: Type.Union([Type.String(), Type.Null()]),
  approvedBy: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Type.String(),
});
export type TillVoid = Static<typeof TillVoidSchema>;
