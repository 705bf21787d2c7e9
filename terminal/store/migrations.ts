import { productWordsMigration } from '../catalog/product-words-migration';
import { invoiceMigration } from '../invoicing/invoice-migration';
import { cashiersMigration } from '../cashiers/cashier-migration';
import { amountDueMigration } from '../sales/amount-due-migration';
import { sentWithoutAnswerMigration } from '../sync/sent-without-answer-migration';
import { syncedAsMigration } from '../sync/synced-as-migration';
import { stockDeskMigration } from '../stock/stock-desk-migration';
import { managerTables } from './versions/manager-tables';
import { payPathStorage } from './versions/pay-path-storage';
import { readingsMigration } from '../readings/readings-migration';
import { journalMigration, journalSeqOffsetMigration } from '../journal/journal-migration';
import { soldByMigration } from '../catalog/sold-by-migration';
import { voidApprovalMigration } from '../readings/void-approval-migration';
import { refundTendersMigration } from '../refunds/refund-tenders-migration';
import { beneficiaryKeyMigration } from '../invoicing/beneficiary-key-migration';
import { restockMigration } from '../refunds/restock-migration';
import { taxAsChargedMigration } from '../refunds/tax-as-charged-migration';
import { wrongPinsMigration } from '../cashiers/wrong-pins-migration';
import { printedAsMigration } from '../sales/renumbering';
import { invoiceProfilesMigration } from '../invoicing/issued-profiles';
import { cashMovementsMigration } from '../drawer/cash-movement-migration';
import { journalChainMigration } from '../journal/journal-chain';
import { voidReportsMigration } from '../sync/void-reports';
import { dayEndMigration } from '../shifts/day-end-migration';

/**
 * The terminal database's schema, one version at a time. A version once shipped is never
 * edited: a change is a new version, so every terminal in the field reaches the same schema.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE terminal_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE products (
        sku TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        price_minor INTEGER NOT NULL,
        tax_code TEXT,
        barcode TEXT
      );
      CREATE INDEX products_sku_nocase ON products (sku COLLATE NOCASE);
      CREATE INDEX products_barcode ON products (barcode);
      CREATE TABLE taxes (code TEXT PRIMARY KEY, name TEXT NOT NULL, rate_basis_points INTEGER NOT NULL, inclusive INTEGER NOT NULL);

      -- One row per terminal code: the last receipt number handed out. Never decremented.
      CREATE TABLE receipt_counters (terminal_code TEXT PRIMARY KEY, last_value INTEGER NOT NULL);

      CREATE TABLE sales (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        cart_key TEXT NOT NULL UNIQUE,
        local_number TEXT NOT NULL UNIQUE,
        terminal_code TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        cashier TEXT NOT NULL,
        note TEXT,
        total_minor INTEGER NOT NULL,
        paid_minor INTEGER NOT NULL,
        change_minor INTEGER NOT NULL,
        invoice_number TEXT,
        server_sale_id TEXT
      );
      CREATE TABLE sale_lines (
        sale_seq INTEGER NOT NULL REFERENCES sales (seq),
        line_no INTEGER NOT NULL,
        sku TEXT NOT NULL,
        name TEXT,
        qty_milli INTEGER NOT NULL,
        unit_price_minor INTEGER NOT NULL,
        discount_minor INTEGER,
        tax_code TEXT,
        total_minor INTEGER NOT NULL,
        PRIMARY KEY (sale_seq, line_no)
      );
      CREATE TABLE sale_payments (
        sale_seq INTEGER NOT NULL REFERENCES sales (seq),
        line_no INTEGER NOT NULL,
        method TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        reference TEXT,
        PRIMARY KEY (sale_seq, line_no)
      );
      -- The local stock view: movements only, summed when asked.
      CREATE TABLE stock_movements (
        id INTEGER PRIMARY KEY,
        sku TEXT NOT NULL,
        qty_milli INTEGER NOT NULL,
        kind TEXT NOT NULL,
        document_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX stock_movements_sku ON stock_movements (sku);

      -- Nothing is ever deleted from the outbox: a synced entry stays as the record of it.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        body TEXT NOT NULL,
        body_bytes INTEGER NOT NULL,
        document_id TEXT NOT NULL,
        document_number TEXT NOT NULL,
        value_minor INTEGER NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        first_attempt_at TEXT,
        next_attempt_at TEXT,
        last_status INTEGER,
        last_error_code TEXT,
        last_error_message TEXT,
        synced_at TEXT,
        response TEXT
      );
      CREATE INDEX outbox_state_seq ON outbox (state, seq);
      -- Covers the pending value the heartbeat reports, without visiting each row.
      CREATE INDEX outbox_state_value ON outbox (state, value_minor);
      CREATE INDEX outbox_document ON outbox (document_id);
    `,
  },
  managerTables(2),
  cashiersMigration(3),
  productWordsMigration(4),
  amountDueMigration(5),
  payPathStorage(6),
  sentWithoutAnswerMigration(7),
  stockDeskMigration(8),
  invoiceMigration(9),
  readingsMigration(10),
  journalMigration(11),
  soldByMigration(12),
  voidApprovalMigration(13),
  refundTendersMigration(14),
  beneficiaryKeyMigration(15),
  syncedAsMigration(16),
  taxAsChargedMigration(17),
  wrongPinsMigration(18),
  printedAsMigration(19),
  journalSeqOffsetMigration(20),
  invoiceProfilesMigration(21),
  cashMovementsMigration(22),
  journalChainMigration(23),
  voidReportsMigration(24),
  restockMigration(25),
  dayEndMigration(26),
];
