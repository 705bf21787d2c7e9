import { Type, type Static } from 'typebox';
import { LocalNumber } from './local-number';
import { ManagerName } from './manager-name';
import { MAX_MINOR } from './sales';
import { Timestamp } from './timestamp';

/** The path a till reports its voided documents to (one per request). */
export const VOIDED_DOCUMENTS_PATH = '/v1/terminals/voided-documents';

/** The longest void reason: the till's own limit (a manager types it in the sync queue). */
export const MAX_VOID_REASON = 500;

/**
 * `POST /v1/terminals/voided-documents`: a sale or refund the till numbered and a manager
 * voided in its sync queue before it was ever sent (docs/manager.md, "Sync queue"). It never
 * reaches the back office, so its number would read as lost; this says it was voided, by whom,
 * when and why. Keyed by (terminal, localNumber): delivered twice, it is recorded once. A
 * document the back office holds under `key` is never recorded as voided (409
 * voided_document_recorded).
 */
export const VoidedDocumentSchema = Type.Object({
  kind: Type.Union([Type.Literal('sale'), Type.Literal('refund')]),
  /** The receipt or return number the till gave it (T01-000004, T01-R000001), as a sale's or refund's (protocol/local-number.ts). */
  localNumber: LocalNumber(),
  /** The Idempotency-Key it would have been sent under: the back office checks it holds no document under it. */
  key: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._:-]+$' }),
  /** When it was rung up at the till (the till's clock). */
  occurredAt: Timestamp(),
  /** Its total, minor units. */
  valueMinor: Type.Integer({ minimum: 0, maximum: MAX_MINOR }),
  /** When the manager voided it (the till's clock). */
  voidedAt: Timestamp(),
  /** The manager who voided it, by name as on the till's roster. */
  voidedBy: ManagerName,
  reason: Type.String({ minLength: 1, maxLength: MAX_VOID_REASON }),
});
export type VoidedDocument = Static<typeof VoidedDocumentSchema>;

/** The answer: 201 when recorded now, 200 when the back office had it already (`alreadyHad`). */
export const VoidedDocumentRecordedSchema = Type.Object({
  kind: Type.Union([Type.Literal('sale'), Type.Literal('refund')]),
  localNumber: Type.String(),
  /** When the back office first recorded it (its own clock). */
  recordedAt: Type.String(),
  alreadyHad: Type.Boolean(),
});
export type VoidedDocumentRecorded = Static<typeof VoidedDocumentRecordedSchema>;
