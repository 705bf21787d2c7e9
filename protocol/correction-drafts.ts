import { Type, type Static } from 'typebox';
import { ProductCode } from './catalog';
import { ManagerName } from './stock-counts';

const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });

/** A correction that waits for a second manager (two-person rule) before it moves stock. */
export const CorrectionDraftSchema = Type.Object(
  {
    businessCode: Type.Optional(Code),
    storeCode: Code,
    reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
    draftedBy: ManagerName,
    lines: Type.Array(
      Type.Object({ sku: ProductCode, qtyDelta: Type.Number({ minimum: -1_000_000, maximum: 1_000_000 }) }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 1000,
      },
    ),
  },
  { additionalProperties: false },
);
export type CorrectionDraft = Static<typeof CorrectionDraftSchema>;

export const CorrectionSchema = Type.Object({
  id: Type.String(),
  /** ADJ-… once approved; a draft or a discarded draft has none. */
  number: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('draft'), Type.Literal('posted'), Type.Literal('discarded')]),
  storeCode: Type.String(),
  reason: Type.String(),
  draftedBy: Type.Union([Type.String(), Type.Null()]),
  approvedBy: Type.Union([Type.String(), Type.Null()]),
  discardedBy: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(Type.Object({ sku: Type.String(), qtyDelta: Type.Number() })),
});
export type Correction = Static<typeof CorrectionSchema>;

export const StockDocumentKindSchema = Type.Union([
  Type.Literal('receipt'),
  Type.Literal('transfer'),
  Type.Literal('correction'),
  Type.Literal('supplier_return'),
]);

/** The states a stock document is in (a receipt: draft, approved; a transfer: draft, sent, received; a correction: draft, posted; any draft: discarded). */
export const StockDocumentStatusSchema = Type.Union([
  Type.Literal('draft'),
  Type.Literal('approved'),
  Type.Literal('sent'),
  Type.Literal('received'),
  Type.Literal('posted'),
  Type.Literal('discarded'),
]);
export const STOCK_DOCUMENT_STATUSES = StockDocumentStatusSchema.anyOf.map((status) => status.const);

export const StockDocumentQuerySchema = Type.Object({
  businessCode: Type.Optional(Code),
  kind: Type.Optional(StockDocumentKindSchema),
  status: Type.Optional(StockDocumentStatusSchema),
  storeCode: Type.Optional(Code),
  /** 1 to 500 (100 when absent): a query string's text, as on GET /v1/admin/sales. */
  limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$' })),
});
export type StockDocumentQuery = Static<typeof StockDocumentQuerySchema>;

/** One stock document as the back office lists it. */
export const StockDocumentSummarySchema = Type.Object({
  id: Type.String(),
  kind: StockDocumentKindSchema,
  number: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  storeCode: Type.String(),
  toStoreCode: Type.Union([Type.String(), Type.Null()]),
  supplier: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  draftedBy: Type.Union([Type.String(), Type.Null()]),
  approvedBy: Type.Union([Type.String(), Type.Null()]),
  discardedBy: Type.Union([Type.String(), Type.Null()]),
  /** A transfer: who received it at the store it went to (its sender is `approvedBy`). */
  receivedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  lines: Type.Array(Type.Object({ sku: Type.String(), qty: Type.Number(), qtyReceived: Type.Union([Type.Number(), Type.Null()]) })),
});
export type StockDocumentSummary = Static<typeof StockDocumentSummarySchema>;
export const StockDocumentListSchema = Type.Object({ items: Type.Array(StockDocumentSummarySchema) });
export type StockDocumentList = Static<typeof StockDocumentListSchema>;
