import { BeneficiarySchema } from '../../protocol/sales';
import { SoldBySchema } from '../../protocol/sold-by';
import { Type, type Static } from 'typebox';
import { ManagerApprovalSchema } from '../manager/approval-schema';

const Qty = Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 });
const SyncState = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sending'),
  Type.Literal('synced'),
  Type.Literal('needs_attention'),
  Type.Literal('voided'),
]);

export const ReceiptLookupArgsSchema = Type.Object({
  /** A receipt number (T01-000123), an invoice number (INV-...) or a sale id. */
  number: Type.String({ minLength: 1, maxLength: 64 }),
});
export type ReceiptLookupArgs = Static<typeof ReceiptLookupArgsSchema>;

export const RefundArgsSchema = Type.Object({
  /** Minted by the screen when the refund form opens: refunding twice with it gives back the same refund. */
  refundKey: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._:-]+$' }),
  /** The sale's id or receipt number. */
  saleId: Type.String({ minLength: 1, maxLength: 64 }),
  lines: Type.Array(
    Type.Object({
      sku: Type.String({ minLength: 1, maxLength: 64 }),
      qty: Qty,
      /** false: it came back damaged, expired or opened and does not go back on the shelf (no stock movement). Absent: back to stock. */
      restock: Type.Optional(Type.Boolean()),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  approval: ManagerApprovalSchema,
  /** How the money goes back: cash from the drawer (the default), or the way it was paid (each tender at most what it took, the rest in cash). */
  moneyBack: Type.Optional(Type.Union([Type.Literal('cash'), Type.Literal('original_tender')])),
});
export type RefundArgs = Static<typeof RefundArgsSchema>;

export const LocalRefundSchema = Type.Object({
  id: Type.String(),
  refundKey: Type.String(),
  /** The terminal's own return number, printed on the return slip: T01-R000007. */
  localNumber: Type.String(),
  /** The number the return slip printed first, where the till had to number the refund again (as a sale's `printedAs`). */
  printedAs: Type.Optional(Type.String()),
  saleId: Type.String(),
  saleLocalNumber: Type.String(),
  occurredAt: Type.String(),
  reason: Type.String(),
  approvedBy: Type.String(),
  /** Positive: what goes back to the customer. */
  totalMinor: Type.Integer(),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      qty: Type.Number(),
      amountMinor: Type.Integer(),
      /** false: paid back but not back on the shelf (damaged); absent: back to stock. */
      restock: Type.Optional(Type.Literal(false)),
    }),
  ),
  /** The back office's RET-... number, once it has the refund. */
  returnNumber: Type.Union([Type.String(), Type.Null()]),
  syncState: SyncState,
  /** How the money went back: cash, card or other (of several, the one that gave back most). */
  tender: Type.Optional(Type.String()),
  /** How the money went back, tender by tender (the way it was paid: a card at most what it took, the rest in cash). */
  tenders: Type.Optional(Type.Array(Type.Object({ method: Type.String(), amountMinor: Type.Integer() }))),
  /** The sale's invoice number from the back office, once known. */
  saleInvoiceNumber: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** The senior citizen or PWD the sale was for (their ID and name, as on the invoice): the return slip names them too. */
  beneficiary: Type.Optional(BeneficiarySchema),
  /** The VAT inside what went back, as the return slip prints it. */
  vat: Type.Optional(
    Type.Object({ vatableMinor: Type.Integer(), vatMinor: Type.Integer(), exemptMinor: Type.Integer(), zeroRatedMinor: Type.Integer() }),
  ),
});
export type LocalRefund = Static<typeof LocalRefundSchema>;

/** A sale as the refund screen needs it: per line, what is left to give back. */
export const RefundableSaleSchema = Type.Object({
  saleId: Type.String(),
  localNumber: Type.String(),
  invoiceNumber: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Type.String(),
  totalMinor: Type.Integer(),
  syncState: SyncState,
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      soldQty: Type.Number(),
      refundedQty: Type.Number(),
      refundableQty: Type.Number(),
      /** What the sale charged for this SKU, discounts included. */
      valueMinor: Type.Integer(),
      /** 'piece': refunded in whole quantities only (protocol/sold-by.ts); absent: the catalog does not say. */
      soldBy: Type.Optional(SoldBySchema),
    }),
  ),
  refunds: Type.Array(LocalRefundSchema),
  /** How the sale was paid, tender by tender as its receipt printed them, and the change given: the manager chooses how the money goes back. */
  paidWith: Type.Array(Type.Object({ method: Type.String(), amountMinor: Type.Integer() })),
  changeMinor: Type.Integer(),
});
export type RefundableSale = Static<typeof RefundableSaleSchema>;
