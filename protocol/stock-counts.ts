import { Type, type Static } from 'typebox';
import { ManagerName } from './manager-name';
import { Timestamp } from './timestamp';

const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
export { ManagerName };
/** What a shelf label or scanner gives: a SKU or a barcode. */
const ProductCode = Type.String({ minLength: 1, maxLength: 64 });

/** A count file: at most this many bytes and data rows, checked before and while it is read. */
export const COUNT_FILE_MAX_BYTES = 4 * 1024 * 1024;
export const COUNT_FILE_MAX_ROWS = 50_000;

export const StockCountStartSchema = Type.Object(
  { businessCode: Type.Optional(Code), storeCode: Code, startedBy: ManagerName },
  { additionalProperties: false },
);
export type StockCountStart = Static<typeof StockCountStartSchema>;

export const StockCountParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const StockCountStatusSchema = Type.Union([Type.Literal('open'), Type.Literal('approved'), Type.Literal('discarded')]);

export const StockCountSchema = Type.Object({
  id: Type.String(),
  storeCode: Type.String(),
  status: StockCountStatusSchema,
  startedAt: Type.String(),
  startedBy: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  closedBy: Type.Union([Type.String(), Type.Null()]),
  /** The correction its approval posted (null while open, or when nothing differed). */
  correctionNumber: Type.Union([Type.String(), Type.Null()]),
  lineCount: Type.Integer(),
});
export type StockCount = Static<typeof StockCountSchema>;

/** Scanned at the till (or typed in the back office): each line with the moment it was counted. */
export const CountLinesSchema = Type.Object(
  {
    countedBy: ManagerName,
    lines: Type.Array(
      Type.Object(
        { code: ProductCode, qty: Type.Number({ minimum: 0, maximum: 1_000_000 }), countedAt: Timestamp() },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type CountLines = Static<typeof CountLinesSchema>;

export const CountLinesAnswerSchema = Type.Object({
  countId: Type.String(),
  accepted: Type.Integer(),
  /** Codes that are neither a SKU nor a barcode of the catalog nor stocked in the store: not counted. */
  unknownCodes: Type.Array(Type.String()),
});
export type CountLinesAnswer = Static<typeof CountLinesAnswerSchema>;

/** One SKU of a count: what was counted against what the ledger expected at that moment. */
export const CountVarianceSchema = Type.Object({
  sku: Type.String(),
  counted: Type.Number(),
  /** On hand when the count started. */
  onHandAtStart: Type.Number(),
  /** What moved (sales, receipts…) between the start and the moment the SKU was counted. */
  movedSince: Type.Number(),
  /** onHandAtStart + movedSince: what the shelf should have held when it was counted. */
  expected: Type.Number(),
  /** counted − expected: what the approval's correction will post. */
  variance: Type.Number(),
  countedAt: Type.String(),
});
export type CountVariance = Static<typeof CountVarianceSchema>;

export const StockCountDetailSchema = Type.Object({ count: StockCountSchema, skus: Type.Array(CountVarianceSchema) });
export type StockCountDetail = Static<typeof StockCountDetailSchema>;

export const StockCountListSchema = Type.Object({ items: Type.Array(StockCountSchema) });
export const StockCountQuerySchema = Type.Object({
  businessCode: Type.Optional(Code),
  storeCode: Type.Optional(Code),
  status: Type.Optional(StockCountStatusSchema),
});

/** Who imports a file travels in the query (the body is the CSV itself). */
export const CountImportQuerySchema = Type.Object({ importedBy: ManagerName }, { additionalProperties: false });

/** What a count file would do, before it is imported: nothing is stored. */
export const CountFilePreviewSchema = Type.Object({
  rows: Type.Integer(),
  /** The file's SHA-256: importing the same file twice is refused. */
  fileSha256: Type.String(),
  alreadyImported: Type.Boolean(),
  unknownCodes: Type.Array(Type.Object({ row: Type.Integer(), code: Type.String() })),
  /** Codes on more than one row (a SKU and its barcode count as the same product): their quantities are added. */
  duplicates: Type.Array(Type.Object({ sku: Type.String(), rows: Type.Array(Type.Integer()) })),
  skus: Type.Array(CountVarianceSchema),
});
export type CountFilePreview = Static<typeof CountFilePreviewSchema>;

export const CountImportAnswerSchema = Type.Object({
  countId: Type.String(),
  importId: Type.String(),
  rows: Type.Integer(),
  imported: Type.Integer(),
  unknownCodes: Type.Array(Type.Object({ row: Type.Integer(), code: Type.String() })),
  /**
   * Rows counted before what the count already had for their product (a later scan or file):
   * stored, but the later count stands for that product.
   */
  olderThanCounted: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), sku: Type.String() }))),
});
export type CountImportAnswer = Static<typeof CountImportAnswerSchema>;

export const CountDecisionSchema = Type.Object({ by: ManagerName }, { additionalProperties: false });
export type CountDecision = Static<typeof CountDecisionSchema>;
