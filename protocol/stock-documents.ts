import { Type, type Static } from 'typebox';
import { DisplayName } from './display-name';
import { ProductCode } from './catalog';
import { ManagerName } from './stock-counts';

const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
const Sku = Type.String({ minLength: 1, maxLength: 64 });
/**
 * A SKU on a new document (a receipt, a transfer, a correction, a return): not necessarily a
 * product of the catalog yet, but a code a person can read, as a product's is (ProductCode: no
 * space around it, no invisible or control character). What arrives on a document drafted
 * before this rule is matched as `Sku`, so such a document can still be received.
 */
const NewSku = ProductCode;
/** Units, or kilograms for weighed items: up to three decimals. */
const Qty = Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 });
/** Text a manager types: something other than spaces (a blank reason or supplier explains nothing). */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const DocumentParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Approve and send: nothing to say but "do it" (no body at all is read as `{}`). */
export const EmptyBodySchema = Type.Object({}, { additionalProperties: false });

export const PurchaseReceiptDraftSchema = Type.Object({
  businessCode: Type.Optional(Code),
  storeCode: Code,
  supplier: DisplayName(200),
  lines: Type.Array(Type.Object({ sku: NewSku, qty: Qty, unitCostMinor: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }) }), {
    minItems: 1,
    maxItems: 1000,
  }),
});
export type PurchaseReceiptDraft = Static<typeof PurchaseReceiptDraftSchema>;

/**
 * Approving a purchase receipt: what arrived, where it differs from what was ordered (a SKU
 * not listed arrived in full). No body, `{}` and `{lines: []}` all mean "all of it arrived".
 * `by`: who received it (the stock page's "Received by"; kept as the receipt's approver).
 * Optional: a till does not send it yet (a back office of before it refuses an unknown field).
 */
export const ReceiptApprovalSchema = Type.Object(
  {
    by: Type.Optional(ManagerName),
    lines: Type.Optional(
      Type.Array(Type.Object({ sku: Sku, qtyReceived: Type.Number({ minimum: 0, maximum: 1_000_000 }) }, { additionalProperties: false }), {
        maxItems: 1000,
      }),
    ),
  },
  { additionalProperties: false },
);
export type ReceiptApproval = Static<typeof ReceiptApprovalSchema>;

export const PurchaseReceiptSchema = Type.Object({
  id: Type.String(),
  receiptNumber: Type.Union([Type.String(), Type.Null()]),
  /** `discarded`: a draft thrown away in the back office (nothing moved, no number taken). */
  status: Type.Union([Type.Literal('draft'), Type.Literal('approved'), Type.Literal('discarded')]),
  storeCode: Type.String(),
  /** What the receipt's lines cost as drafted (quantity ordered × unit cost). */
  totalCostMinor: Type.Integer(),
  /** An approval's answer: what arrived costs (quantity received × unit cost), what the supplier is paid for a short delivery. */
  receivedCostMinor: Type.Optional(Type.Integer()),
  /** A draft's SKUs that are not products of the catalog (taken all the same; a typo is seen at once). */
  notInCatalog: Type.Optional(Type.Array(Type.String())),
});
export type PurchaseReceipt = Static<typeof PurchaseReceiptSchema>;

export const TransferDraftSchema = Type.Object({
  businessCode: Type.Optional(Code),
  fromStoreCode: Code,
  toStoreCode: Code,
  note: Type.Optional(Text(500)),
  lines: Type.Array(Type.Object({ sku: NewSku, qty: Qty }), { minItems: 1, maxItems: 1000 }),
});
export type TransferDraft = Static<typeof TransferDraftSchema>;

/**
 * Sending a transfer: who sent it (the stock page's "Sent by"; kept as the transfer's sender).
 * Optional, as a receipt's `by`: a till sends the manager signed in there, kept as "Jun (till
 * T02)"; a till of a version that sent none is kept under its code alone.
 */
export const TransferSendSchema = Type.Object({ by: Type.Optional(ManagerName) }, { additionalProperties: false });
export type TransferSend = Static<typeof TransferSendSchema>;

/** What arrived, where it differs from what was sent; unlisted lines arrived in full. `by`: who received it, as on sending. */
export const TransferReceiveSchema = Type.Object(
  {
    by: Type.Optional(ManagerName),
    lines: Type.Optional(Type.Array(Type.Object({ sku: Sku, qtyReceived: Type.Number({ minimum: 0, maximum: 1_000_000 }) }), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export type TransferReceive = Static<typeof TransferReceiveSchema>;

export const TransferSchema = Type.Object({
  id: Type.String(),
  transferNumber: Type.String(),
  /** `discarded`: a draft thrown away in the back office before it was sent (nothing moved; its number stays on it). */
  status: Type.Union([Type.Literal('draft'), Type.Literal('sent'), Type.Literal('received'), Type.Literal('discarded')]),
  fromStoreCode: Type.String(),
  toStoreCode: Type.String(),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      qty: Type.Number(),
      qtyReceived: Type.Union([Type.Number(), Type.Null()]),
      /** Sent minus received: positive is a shortage, negative an over-delivery. */
      discrepancy: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  /** A draft's SKUs that are not products of the catalog (taken all the same; a typo is seen at once). */
  notInCatalog: Type.Optional(Type.Array(Type.String())),
  /** Who sent it and who received it ("Rosa", "Rosa (till T02)", "till T02"); null until then, or when the back office did it without a name. */
  sentBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  receivedBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type Transfer = Static<typeof TransferSchema>;

export const InventoryCorrectionSchema = Type.Object({
  businessCode: Type.Optional(Code),
  storeCode: Code,
  reason: Text(500),
  lines: Type.Array(Type.Object({ sku: NewSku, qtyDelta: Type.Number({ minimum: -1_000_000, maximum: 1_000_000 }) }), {
    minItems: 1,
    maxItems: 1000,
  }),
});
export type InventoryCorrection = Static<typeof InventoryCorrectionSchema>;

export const SupplierReturnSchema = Type.Object({
  businessCode: Type.Optional(Code),
  storeCode: Code,
  supplier: DisplayName(200),
  reason: Text(500),
  lines: Type.Array(Type.Object({ sku: NewSku, qty: Qty }), { minItems: 1, maxItems: 1000 }),
});
export type SupplierReturn = Static<typeof SupplierReturnSchema>;

/** The answer to a correction or a supplier return: posted at once, numbered. */
export const PostedDocumentSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  kind: Type.Union([Type.Literal('correction'), Type.Literal('supplier_return')]),
  storeCode: Type.String(),
});
export type PostedDocument = Static<typeof PostedDocumentSchema>;

export const StockQuerySchema = Type.Object({
  businessCode: Type.Optional(Code),
  storeCode: Type.Optional(Code),
  sku: Type.Optional(Sku),
});

export const StockLevelSchema = Type.Object({
  storeCode: Type.String(),
  sku: Type.String(),
  /** The catalog's name of the SKU; null for a SKU the catalog does not have (sold or counted under a code never set up). */
  name: Type.Union([Type.String(), Type.Null()]),
  onHand: Type.Number(),
  /** Stock below zero is allowed (a sale is never refused) and shown for review. */
  negative: Type.Boolean(),
});
export type StockLevel = Static<typeof StockLevelSchema>;

export const StockReportSchema = Type.Object({ businessCode: Type.String(), items: Type.Array(StockLevelSchema) });
export type StockReport = Static<typeof StockReportSchema>;
