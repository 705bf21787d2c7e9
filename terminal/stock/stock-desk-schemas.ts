import { Type, type Static } from 'typebox';
import { SoldBySchema } from '../../protocol/sold-by';

const Id = Type.String({ minLength: 1, maxLength: 64 });
/** Minted by the screen when the form opens: the same work sent twice (a double tap) is queued once. */
const WorkKey = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const Qty = Type.Number({ minimum: 0, maximum: 1_000_000 });

/** One piece of the back office's open stock work for this till's store, as last fetched. */
export const DeskDocumentSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('count'), Type.Literal('receipt'), Type.Literal('transfer')]),
  /** RCV-…/TRF-… once numbered; a count or a draft receipt has none. */
  number: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  /** A transfer that leaves this store (to send) or comes to it (to receive). */
  direction: Type.Union([Type.Literal('out'), Type.Literal('in'), Type.Null()]),
  label: Type.String(),
  /** Each line's product as the till's catalog names it and sells it (null: not in the catalog, or it does not say), read when the desk is. */
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      soldBy: Type.Union([SoldBySchema, Type.Null()]),
      qty: Type.Number(),
    }),
  ),
});
export type DeskDocument = Static<typeof DeskDocumentSchema>;

export const StockDeskSchema = Type.Object({
  /** When the list was last fetched from the back office (null: never); it is kept for offline use. */
  fetchedAt: Type.Union([Type.String(), Type.Null()]),
  documents: Type.Array(DeskDocumentSchema),
});
export type StockDesk = Static<typeof StockDeskSchema>;

export const StockWorkSchema = Type.Object({
  id: Type.String(),
  workKey: Type.String(),
  kind: Type.Union([Type.Literal('count_lines'), Type.Literal('receipt_approval'), Type.Literal('transfer_send'), Type.Literal('transfer_receive')]),
  documentId: Type.String(),
  /** The back office's number, written back when its answer arrives (RCV-…, TRF-…). */
  number: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdBy: Type.String(),
  syncState: Type.String(),
  /** What the work was, in the shop's words: the products and quantities of counted lines ("Fresh Egg × 30"), else the document ("Delivery from Mega Foods"). */
  what: Type.String(),
});
export type StockWork = Static<typeof StockWorkSchema>;

export const CountScanArgsSchema = Type.Object(
  {
    workKey: WorkKey,
    countId: Id,
    lines: Type.Array(Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }), qty: Qty }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type CountScanArgs = Static<typeof CountScanArgsSchema>;

export const CountedLinesArgsSchema = Type.Object({ countId: Id }, { additionalProperties: false });
export type CountedLinesArgs = Static<typeof CountedLinesArgsSchema>;

/** One line this till counted for a count, as queued (a voided entry counts nothing and is left out). */
export const CountedLineSchema = Type.Object({
  workId: Type.String(),
  /** The code as scanned or typed (a barcode or a SKU). */
  code: Type.String(),
  /** The catalog's product for that code; null when the catalog no longer has it. */
  sku: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  soldBy: Type.Union([SoldBySchema, Type.Null()]),
  qty: Type.Number(),
  countedAt: Type.String(),
  countedBy: Type.String(),
  syncState: Type.String(),
});
export type CountedLine = Static<typeof CountedLineSchema>;

const Received = Type.Optional(Type.Array(Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), qtyReceived: Qty }), { maxItems: 1000 }));

export const ReceiveDeliveryArgsSchema = Type.Object({ workKey: WorkKey, receiptId: Id, lines: Received }, { additionalProperties: false });
export type ReceiveDeliveryArgs = Static<typeof ReceiveDeliveryArgsSchema>;

export const SendTransferArgsSchema = Type.Object({ workKey: WorkKey, transferId: Id }, { additionalProperties: false });
export type SendTransferArgs = Static<typeof SendTransferArgsSchema>;

export const ReceiveTransferArgsSchema = Type.Object({ workKey: WorkKey, transferId: Id, lines: Received }, { additionalProperties: false });
export type ReceiveTransferArgs = Static<typeof ReceiveTransferArgsSchema>;
