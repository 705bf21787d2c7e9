import type { Migration } from '../store/migrations';

/**
 * v8: the manager's stock desk. `stock_desk_documents` keeps the back office's open stock
 * work for this store as last fetched (so the desk works offline); `stock_work` is what the
 * till did with it, each row queued through the outbox under its own key, with the back
 * office's number written back when the answer arrives.
 */
export const stockDeskMigration = (version: number): Migration => ({
  version,
  name: 'stock desk: open stock work and what the till did with it',
  sql: `
    CREATE TABLE stock_desk_documents (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      number TEXT,
      status TEXT NOT NULL,
      direction TEXT,
      label TEXT NOT NULL,
      lines TEXT NOT NULL,
      fetched_at TEXT NOT NULL
    );
    CREATE TABLE stock_work (
      id TEXT PRIMARY KEY,
      work_key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      document_id TEXT NOT NULL,
      number TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL
    );
  `,
});
