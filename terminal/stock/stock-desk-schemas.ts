import { Type, type Static } from 'typebox';

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
  lines: Type.Array(Type.Object({ sku: Type.String(), qty: Type.Number() })),
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

const Received = Type.Optional(Type.Array(Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), qtyReceived: Qty }), { maxItems: 1000 }));

export const ReceiveDeliveryArgsSchema = Type.Object({ workKey: WorkKey, receiptId: Id, lines: Received }, { additionalProperties: false });
export type ReceiveDeliveryArgs = Static<typeof ReceiveDeliveryArgsSchema>;

export const SendTransferArgsSchema = Type.Object({ workKey: WorkKey, transferId: Id }, { additionalProperties: false });
export type SendTransferArgs = Static<typeof SendTransferArgsSchema>;

export const ReceiveTransferArgsSchema = Type.Object({ workKey: WorkKey, transferId: Id, lines: Received }, { additionalProperties: false });
export type ReceiveTransferArgs = Static<typeof ReceiveTransferArgsSchema>;
