import { Type, type Static } from 'typebox';

/** RFC 9457 problem details, as every error of the wire contract is shaped. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  /** `local_number_reused` only: the last number of that till's series the back office holds. */
  lastLocalNumber: Type.Optional(Type.String()),
  /** `journal_seq_reused` only: the last journal sequence the back office holds for the terminal. */
  lastSeq: Type.Optional(Type.Integer()),
});
export type ProblemBody = Static<typeof ProblemSchema>;

/** Stable problem codes. A manager reads them on screen, a test asserts on them. */
export const problemCodes = [
  'validation_failed',
  'malformed_json',
  'json_too_deep',
  'quantity_too_small',
  'body_too_large',
  'unsupported_media_type',
  'headers_too_large',
  'request_timeout',
  'malformed_request',
  'not_found',
  'unauthorized',
  'terminal_revoked',
  'rate_limited',
  'forbidden',
  'idempotency_key_missing',
  'idempotency_key_malformed',
  'idempotency_key_reused',
  'request_in_progress',
  'local_number_conflict',
  'local_number_reused',
  'journal_seq_reused',
  'voided_document_recorded',
  'voided_number_conflict',
  'pairing_code_invalid',
  'pairing_code_used',
  'store_locked',
  'refund_exceeds_sale',
  'transfer_not_sent',
  'already_approved',
  'transfer_already_sent',
  'transfer_already_received',
  'count_already_open',
  'count_already_approved',
  'count_discarded',
  'count_file_invalid',
  'count_file_already_imported',
  'correction_discarded',
  'receipt_discarded',
  'transfer_discarded',
  'second_manager_required',
  'batch_item_not_allowed',
  'unknown_tax_code',
  'barcode_in_use',
  'sku_case_conflict',
  'barcode_sku_conflict',
  'profile_changed',
  'conflict',
  'internal_error',
  'service_unavailable',
  'storage_failed',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
