import type { ColumnType, Generated } from 'kysely';

/**
 * The back office's tables, one shape for SQLite and PostgreSQL. Times are ISO-8601 UTC
 * text (they sort as they read), money is integer minor units, quantities thousandths.
 */
export interface BusinessesTable {
  id: string;
  code: string;
  name: string;
  currency: string;
  timezone: string;
  created_at: string;
}

export interface StoresTable {
  id: string;
  business_id: string;
  code: string;
  name: string;
  created_at: string;
  /** The branch's address on its documents; null: the business's (migration 0027). */
  address: string | null;
  /** The last group of the TIN for this branch (00001); null: the business's TIN as set. */
  tin_branch_code: string | null;
}

export interface TerminalsTable {
  id: string;
  business_id: string;
  store_id: string;
  code: string;
  name: string;
  token_hash: string | null;
  pairing_code_hash: string | null;
  pairing_expires_at: string | null;
  paired_at: string | null;
  last_contact_at: string | null;
  queue_depth: number | null;
  oldest_pending_at: string | null;
  needs_attention: number | null;
  pending_value_minor: number | null;
  app_version: string | null;
  /** The till's clock less the back office's at its last heartbeat that carried it (migration 0017); null before. */
  clock_offset_ms: number | null;
  created_at: string;
  /** Set by an admin's revoke (lost or stolen till); cleared when the terminal pairs again. */
  revoked_at: string | null;
  revoked_reason: string | null;
  /** The till's machine identification (RR 16-2018), printed on its invoices; null until set. */
  machine_min: string | null;
  machine_serial_number: string | null;
  machine_permit_number: string | null;
  machine_permit_date: string | null;
}

/** A pairing code that paired (migration 0019): typed again, it answers which terminal it paired and when. */
export interface RetiredPairingCodesTable {
  code_hash: string;
  terminal_id: string;
  used_at: string;
}

/** What a sales invoice prints about the business (RR 7-2024); one row per business once set. */
export interface BusinessProfilesTable {
  business_id: string;
  registered_name: string;
  trade_name: string | null;
  address: string;
  tin: string;
  vat_registered: number;
  footer: string | null;
  bnpc_weekly_purchase_cap_minor: number;
  bnpc_weekly_discount_cap_minor: number;
  /** The POS supplier printed at the invoice's foot (migration 0021): all null, or all set. */
  pos_supplier_name: string | null;
  pos_supplier_address: string | null;
  pos_supplier_tin: string | null;
  pos_accreditation_number: string | null;
  pos_accreditation_date: string | null;
  pos_accreditation_valid_until: string | null;
  updated_at: string;
}

export interface TaxesTable {
  business_id: string;
  code: string;
  name: string;
  rate_basis_points: number;
  inclusive: number;
}

export interface ProductsTable {
  business_id: string;
  sku: string;
  name: string;
  price_minor: number;
  tax_code: string | null;
  barcode: string | null;
  change_seq: number;
  updated_at: string;
  sc_pwd_eligible: Generated<number>;
  bnpc_eligible: Generated<number>;
  /** 'piece' | 'weight', or NULL where the catalog does not say (protocol/sold-by.ts). */
  sold_by: string | null;
}

/** One counter row per business, series and period: the only source of document numbers. */
export interface NumberCountersTable {
  business_id: string;
  series: string;
  period: string;
  last_value: number;
}

export interface SeriesSettingsTable {
  business_id: string;
  series: string;
  format: string;
  reset: string;
}

export interface SalesTable {
  id: string;
  business_id: string;
  store_id: string;
  terminal_id: string;
  idempotency_key: string;
  fingerprint: string;
  local_number: string;
  invoice_number: string;
  series_period: string;
  series_value: number;
  occurred_at: string;
  received_at: string;
  cashier: string;
  note: string | null;
  total_minor: number;
  paid_minor: number;
  status: string;
  flags: string;
  /** The sale's own VAT figures (protocol/vat-split.ts); null on sales stored before migration 0006. */
  vatable_minor: number | null;
  vat_minor: number | null;
  exempt_minor: number | null;
  zero_rated_minor: number | null;
  beneficiary_kind: string | null;
  beneficiary_id_number: string | null;
  beneficiary_name: string | null;
  buyer_name: string | null;
  buyer_address: string | null;
  buyer_tin: string | null;
  /** The number the receipt printed, where its till numbered the sale again (migration 0017); null otherwise. */
  printed_as: string | null;
}

export interface SaleLinesTable {
  sale_id: string;
  line_no: number;
  sku: string;
  name: string | null;
  qty_milli: number;
  unit_price_minor: number;
  discount_minor: number;
  tax_code: string | null;
  /** The tax the line was charged, as JSON (TaxRate, or null: none); NULL on lines recorded before migration 0016. */
  tax_as_charged: string | null;
  total_minor: number;
  /** senior_citizen, pwd, senior_citizen_bnpc or pwd_bnpc: the discount by kind, for the readings. */
  benefit_kind: string | null;
  benefit_vat_removed_minor: Generated<number>;
  benefit_discount_minor: Generated<number>;
}

export interface SalePaymentsTable {
  sale_id: string;
  line_no: number;
  method: string;
  amount_minor: number;
  reference: string | null;
}

export interface StockMovementsTable {
  id: string;
  business_id: string;
  store_id: string;
  sku: string;
  qty_milli: number;
  kind: string;
  document_id: string;
  created_at: string;
  /** When it happened (a sale's or refund's time at the till); null on rows from before 0022: created_at. */
  occurred_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * On hand per store and SKU: the running sum of stock_movements, updated in the same
 * transaction as every ledger insert (server/inventory/stock-ledger.ts recordMovements).
 */
export interface StockLevelsTable {
  business_id: string;
  store_id: string;
  sku: string;
  on_hand_milli: number;
}

/** Stored responses for replays: kept for the TTL, then cleaned up. */
export interface IdempotencyResponsesTable {
  scope: string;
  key: string;
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: string;
  created_at: string;
  expires_at: string;
  /** The route pattern it answered ('POST /v1/sales'), for monitoring's requests per endpoint; null only on rows from before migration 0005 that matched no route. */
  endpoint: string | null;
}

/** Every replay served, for the monitoring page's replay rate per endpoint. */
export interface ReplayLogTable {
  id: string;
  endpoint: string;
  replayed_at: string;
}

export interface RefundsTable {
  id: string;
  business_id: string;
  store_id: string;
  terminal_id: string;
  sale_id: string;
  idempotency_key: string;
  fingerprint: string;
  local_number: string;
  return_number: string;
  series_period: string;
  series_value: number;
  occurred_at: string;
  received_at: string;
  reason: string;
  total_minor: number;
  /** The refund's own VAT figures (protocol/vat-split.ts, a senior citizen's 20% line stays exempt); null before migration 0007. */
  vatable_minor: number | null;
  vat_minor: number | null;
  exempt_minor: number | null;
  zero_rated_minor: number | null;
  /** The number the return slip printed, where its till numbered the refund again (migration 0017); null otherwise. */
  printed_as: string | null;
}

export interface RefundLinesTable {
  refund_id: string;
  line_no: number;
  sku: string;
  qty_milli: number;
  amount_minor: number;
  /** 1: the item went back to stock (the refund's ledger movement); 0: it did not (damaged, expired, opened), no movement. */
  restocked: Generated<number>;
}

/**
 * Purchase receipts, transfers, inventory corrections and supplier returns: one table, so
 * numbering, dedup and monitoring have one path. `kind` is the document's number series.
 */
export interface StockDocumentsTable {
  id: string;
  business_id: string;
  kind: string;
  /** The store whose stock moves; for a transfer, the one it leaves. */
  store_id: string;
  to_store_id: string | null;
  status: string;
  number: string | null;
  series_period: string | null;
  series_value: number | null;
  supplier: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
  /** Corrections drafted for a second manager's approval (two-person rule): who did what. */
  drafted_by: string | null;
  /** A receipt's receiver, a correction's second manager, a transfer's sender. */
  approved_by: string | null;
  discarded_by: string | null;
  /** Who received a transfer at the store it went to (migration 0026). */
  received_by: string | null;
}

export interface StockDocumentLinesTable {
  document_id: string;
  line_no: number;
  sku: string;
  /** Signed for corrections, positive otherwise. */
  qty_milli: number;
  unit_cost_minor: number | null;
  qty_received_milli: number | null;
}

/** Admin document writes by key, forever: a replay after the response cache expired changes nothing. */
export interface DocumentWritesTable {
  scope: string;
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  created_at: string;
}

/** Fleet-page sessions signed out before their cookie expired (checked on every instance). */
export interface RevokedFleetSessionsTable {
  session_id: string;
  expires_at: string;
}

/**
 * How far each number series (or terminal receipt series) was verified: values
 * 1..scanned_through were looked at; `present` of them exist in `row_count` rows, and the
 * JSON list `missing` holds the others, re-checked on every report (a late receipt fills
 * its gap). Void once a numbered row is deleted or renumbered (the triggers bump the epoch).
 */
export interface ContinuityCheckpointsTable {
  kind: string;
  group_key: string;
  scanned_through: number;
  present: number;
  row_count: number;
  missing: string;
  updated_at: string;
  /** The continuity_epoch it was computed in; any other epoch's checkpoint is void. */
  epoch: number;
}

export interface ContinuityEpochTable {
  id: number;
  epoch: number;
}

/** A physical count of one store's shelves (migration 0006). */
export interface StockCountsTable {
  id: string;
  business_id: string;
  store_id: string;
  /** The store's id while open, NULL once approved or discarded: one open count per store. */
  open_store_id: string | null;
  status: string;
  started_at: string;
  started_by: string;
  closed_at: string | null;
  closed_by: string | null;
  correction_id: string | null;
}

export interface StockCountImportsTable {
  id: string;
  count_id: string;
  file_sha256: string;
  row_count: number;
  imported_at: string;
  imported_by: string;
}

export interface StockCountLinesTable {
  id: string;
  count_id: string;
  sku: string;
  qty_milli: number;
  mode: string;
  counted_at: string;
  counted_by: string;
  terminal_id: string | null;
  idempotency_key: string | null;
  line_no: number;
  import_id: string | null;
}

/** A till's electronic journal entry (server/journal/routes.ts). */
export interface JournalEntriesTable {
  terminal_id: string;
  seq: number | string;
  business_id: string;
  kind: string;
  document_number: string;
  reprint: number;
  printed_at: string;
  day: string;
  text: string;
  received_at: string;
}

/** A sale or refund a till voided before it was ever sent (migration 0023). */
export interface VoidedDocumentsTable {
  terminal_id: string;
  local_number: string;
  business_id: string;
  kind: string;
  idempotency_key: string;
  prefix: string;
  number: number | string | null;
  occurred_at: string;
  value_minor: number | string;
  voided_at: string;
  voided_by: string;
  reason: string;
  received_at: string;
}

export interface Database {
  businesses: BusinessesTable;
  business_profiles: BusinessProfilesTable;
  stores: StoresTable;
  terminals: TerminalsTable;
  retired_pairing_codes: RetiredPairingCodesTable;
  taxes: TaxesTable;
  products: ProductsTable;
  number_counters: NumberCountersTable;
  series_settings: SeriesSettingsTable;
  sales: SalesTable;
  sale_lines: SaleLinesTable;
  sale_payments: SalePaymentsTable;
  stock_movements: StockMovementsTable;
  stock_levels: StockLevelsTable;
  idempotency_responses: IdempotencyResponsesTable;
  replay_log: ReplayLogTable;
  refunds: RefundsTable;
  refund_lines: RefundLinesTable;
  stock_documents: StockDocumentsTable;
  stock_document_lines: StockDocumentLinesTable;
  document_writes: DocumentWritesTable;
  revoked_fleet_sessions: RevokedFleetSessionsTable;
  continuity_checkpoints: ContinuityCheckpointsTable;
  continuity_epoch: ContinuityEpochTable;
  stock_counts: StockCountsTable;
  stock_count_imports: StockCountImportsTable;
  stock_count_lines: StockCountLinesTable;
  journal_entries: JournalEntriesTable;
  voided_documents: VoidedDocumentsTable;
}
