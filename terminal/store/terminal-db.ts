import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations, type Migration } from './migrations';

export type TerminalDb = Database.Database;

export const TERMINAL_DB_FILE = 'terminal.db';

/**
 * Opens <dataDir>/terminal.db. WAL lets the screens read while the worker writes;
 * synchronous=FULL makes a commit survive a power cut, which is what "durable before
 * the receipt prints" means.
 */
export function openTerminalDb(dataDir: string, busyTimeoutMs = 5000): TerminalDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, TERMINAL_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A lock held by another connection (a backup, a second process) is waited for this long before a write fails.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  // Checkpoints cost a database-file fsync; letting the WAL grow larger keeps them off most payments.
  db.pragma('wal_autocheckpoint = 10000');
  migrate(db, migrations);
  return db;
}

/** Applies each migration not yet recorded, each in its own transaction with its record. */
export function migrate(db: TerminalDb, list: readonly Migration[]): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const done: number[] = [];
  for (const migration of [...list].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
    done.push(migration.version);
  }
  return done;
}
