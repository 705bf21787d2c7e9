import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import type { Database } from './tables';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface BackOfficeDb {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** SQLite only: the file, for online backups. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

export type Tx = Transaction<Database>;

/**
 * SQLite's plain BEGIN takes the write lock only at the first write, so two writers can
 * both read the same counter and then one fails. BEGIN IMMEDIATE takes it up front.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Kysely prepares every statement afresh; a sale runs about a dozen of them on the one
 * SQLite connection, so preparing is a real share of its time. Statements are reused by
 * their SQL text (a bounded, least-recently-used set: `in (?, ?, …)` lists vary in length).
 */
function withStatementCache(database: SQLite.Database, size = 512): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

class ImmediateSqliteDialect extends SqliteDialect {
  private readonly database: SqliteDatabase;
  constructor(sqlite: SQLite.Database) {
    const database = withStatementCache(sqlite);
    super({ database });
    this.database = database;
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

// PostgreSQL's bigint (int8) and count(*) arrive as strings; every one of ours fits in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export function databaseKindOf(url: string): DatabaseKind {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}

export function openDatabase(url: string, options: { poolSize?: number } = {}): BackOfficeDb {
  if (databaseKindOf(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length) || ':memory:';
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    // Never acknowledge what is not on disk: fsync at every commit.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
    return { kind: 'sqlite', db, sqlite, close: () => db.destroy() };
  }
  // A commit is acknowledged only once it is durable on the server: synchronous_commit=on.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, options: '-c synchronous_commit=on' });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', db, close: () => db.destroy() };
}
