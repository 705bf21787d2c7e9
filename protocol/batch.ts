import { Type, type Static } from 'typebox';

export const MAX_BATCH_ITEMS = 500;

export const BatchItemSchema = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 255 }),
  /** Only POST can be batched; another method is that item's 400 batch_item_not_allowed, not the whole batch's refusal. */
  method: Type.String({ minLength: 1, maxLength: 16 }),
  path: Type.String({ minLength: 1, maxLength: 300 }),
  body: Type.Unknown(),
});
export type BatchItem = Static<typeof BatchItemSchema>;

export const BatchRequestSchema = Type.Object({
  items: Type.Array(BatchItemSchema, { minItems: 1, maxItems: MAX_BATCH_ITEMS }),
});
export type BatchRequest = Static<typeof BatchRequestSchema>;

export const BatchResultSchema = Type.Object({
  key: Type.String(),
  status: Type.Integer(),
  body: Type.Unknown(),
  replayed: Type.Boolean(),
});
export type BatchResult = Static<typeof BatchResultSchema>;

export const BatchResponseSchema = Type.Object({ results: Type.Array(BatchResultSchema) });
export type BatchResponse = Static<typeof BatchResponseSchema>;
