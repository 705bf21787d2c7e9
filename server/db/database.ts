import { open, type FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
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
  type SqliteDialectConfig,
  type Transaction,
  sql,
} from 'kysely';
import { errorCode, isReadOnlyError, isStorageError } from './error-codes';
import type { Database } from './tables';
import { startWalCheckpoints, WRITER_CEILING_PAGES, type WalCheckpoints } from './wal-checkpoints';
import { Refused } from '../refused';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface BackOfficeDb {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** SQLite only: the file, for online backups. */
  sqlite?: SQLite.Database;
  /** SQLite in a file opened with `checkpoints: 'background'`: the checkpoint worker. */
  checkpoints?: WalCheckpoints;
  /**
   * Resolves once every transaction committed so far is on disk. PostgreSQL: at once (a
   * commit returns only after its WAL flush, synchronous_commit=on). SQLite: at once too,
   * except after a `deferredSyncTransaction`, whose commit returns before
   * its WAL fsync: see there.
   */
  durable(): Promise<void>;
  /** SQLite: the error of the WAL sync that failed (after it nothing is acknowledged until a restart); null while none has. */
  syncFailure(): unknown;
  /**
   * SQLite: an I/O error met anywhere (SQLITE_IOERR in a statement or a commit of either
   * connection) counts as a failed sync: after it, as after a failed fsync, the pages on
   * disk cannot be trusted to hold what was written. PostgreSQL: nothing (it stops itself).
   */
  storageFailed(error: unknown): void;
  close(): Promise<void>;
}

export type Tx = Transaction<Database>;

/**
 * Runs `work` in a transaction that, on SQLite, commits WITHOUT waiting for its WAL fsync:
 * synchronous=NORMAL is set before its BEGIN and FULL again right after its COMMIT or
 * ROLLBACK, all on the one connection held throughout (SQLite allows the change only
 * between transactions), so every other transaction keeps synchronous=FULL. The caller
 * MUST `await store.durable()` after the commit and before telling anyone anything the
 * transaction decided (docs/write-pipeline.md, "Durable before answered"). What this buys:
 * the fsync runs on libuv's thread pool while the event loop goes on (the next requests are
 * parsed, authenticated and priced), instead of blocking the one thread. PostgreSQL: a
 * plain transaction.
 */
export async function deferredSyncTransaction<T>(store: BackOfficeDb, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (store.kind !== 'sqlite') return store.db.transaction().execute(work);
  return store.db.connection().execute(async (connection) => {
    await sql`pragma synchronous = normal`.execute(connection);
    try {
      return await connection.transaction().execute(work);
    } finally {
      await sql`pragma synchronous = full`.execute(connection);
    }
  });
}

/**
 * fdatasync of the WAL file, shared by every caller that arrives while none is waiting to
 * start: a sync covers every commit that returned before it STARTED, so a caller arriving
 * while one is running waits for the next one (started as soon as the running one ends).
 *
 * A sync that fails fails every sync after it, until the server restarts: after a failed
 * fsync Linux may have dropped the unwritten pages and marked them clean, so a later fsync
 * can succeed without them; and the WAL's frames are chained by their checksums, so a
 * commit written after a lost frame may not survive a crash either. Nothing more is
 * acknowledged; `onFailure` is told once (the server stops, as PostgreSQL does after a
 * failed fsync: sync-failure.ts) and a restart recovers from what is on disk. `fail` counts
 * another I/O error the same way. `datasync` is the file handle's own, replaced by tests.
 */
export function walSyncer(
  walFile: string,
  datasync: (handle: FileHandle) => Promise<void> = (handle) => handle.datasync(),
  onFailure: (error: unknown) => void = () => undefined,
): { sync: () => Promise<void>; close: () => Promise<void>; failure: () => unknown; fail: (error: unknown) => void } {
  let failed: unknown = null;
  const fail = (error: unknown) => {
    if (failed !== null) return;
    failed = error;
    onFailure(error);
  };
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  // The WAL file stays the same file while the database is open (SQLite removes it only when
  // the last connection closes): one handle for every sync saves an open and a close each.
  let handle: Promise<FileHandle> | null = null;
  const syncOnce = async () => {
    if (failed !== null) throw failed;
    handle ??= open(walFile, 'r');
    const opened = handle;
    let file: FileHandle;
    try {
      file = await opened;
    } catch (error) {
      // Not opened (nothing was synced, nothing lost): opened again at the next sync.
      if (handle === opened) handle = null;
      throw error;
    }
    try {
      await datasync(file);
    } catch (error) {
      fail(error);
      throw error;
    }
  };
  const start = (): Promise<void> => {
    const sync = syncOnce().finally(() => {
      if (running === sync) running = null;
    });
    running = sync;
    return sync;
  };
  const sync = () => {
    if (!running) return start();
    if (!queued) {
      const after = running.then(
        () => undefined,
        () => undefined,
      );
      queued = after.then(() => {
        queued = null;
        return start();
      });
    }
    return queued;
  };
  const close = async () => {
    await Promise.allSettled([running, queued]);
    const closing = handle;
    handle = null;
    if (closing) await (await closing).close();
  };
  return { sync, close, failure: () => failed, fail };
}

/**
 * SQLite's plain BEGIN takes the write lock only at the first write, so two writers can
 * both read the same counter and then one fails. BEGIN IMMEDIATE takes it up front.
 *
 * Every statement of the connection (a request's, a background task's: the cleanup of
 * expired answers, the continuity checker, ...) also goes past `onStorageError`: an I/O
 * error (SQLITE_IOERR...) is told to the store, which then acknowledges nothing more, as
 * after a failed WAL sync (walSyncer). Rethrown as it came.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private watched: DatabaseConnection | undefined;
  constructor(
    config: SqliteDialectConfig,
    private readonly onStorageError: (error: unknown) => void,
  ) {
    super(config);
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const told = (error: unknown): never => {
      if (isStorageError(error)) this.onStorageError(error);
      throw error;
    };
    // SQLite has the one connection: watched once.
    this.watched ??= {
      executeQuery: async (query) => {
        try {
          return await connection.executeQuery(query);
        } catch (error) {
          return told(error);
        }
      },
      async *streamQuery(query, chunkSize) {
        try {
          yield* connection.streamQuery(query, chunkSize);
        } catch (error) {
          told(error);
        }
      },
    };
    return this.watched;
  }
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
  constructor(
    sqlite: SQLite.Database,
    private readonly onStorageError: (error: unknown) => void,
  ) {
    const database = withStatementCache(sqlite);
    super({ database });
    this.database = database;
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.database }, this.onStorageError);
  }
}

// PostgreSQL's bigint (int8) and count(*) arrive as strings; every one of ours fits in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export function databaseKindOf(url: string): DatabaseKind {
  // An unset variable in a service file (DATABASE_URL=sqlite:) would serve a database that vanishes with the process.
  if (url === 'sqlite:' || url.trim() === 'sqlite:')
    throw new Refused('DATABASE_URL sqlite: needs a file (sqlite:./data/server.db); sqlite::memory: keeps nothing after the process ends');
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  throw new Refused(`DATABASE_URL must start with sqlite: or postgres:// (got "${databaseInLog(url)}")`);
}

/** DATABASE_URL as a log or a message may show it: a SQLite file's full path; any password masked. */
export function databaseInLog(url: string): string {
  if (url.startsWith('sqlite:')) return url === 'sqlite::memory:' ? url : `sqlite:${resolve(url.slice('sqlite:'.length))}`;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

export interface OpenOptions {
  /** PostgreSQL: connections in the pool (10). */
  poolSize?: number;
  /**
   * SQLite in a file: 'background' runs the WAL checkpoints in a worker thread of their own
   * (wal-checkpoints.ts), as the server does; otherwise the writer runs them in its commits.
   */
  checkpoints?: 'background' | 'in-commit';
  /** SQLite in a file: told once, when a sync of the WAL fails (the server stops: main.ts). */
  onSyncFailure?: (error: unknown) => void;
  /** SQLite in a file: the fdatasync of the WAL (tests replace it to make it fail). */
  datasync?: (handle: FileHandle) => Promise<void>;
}

export function openDatabase(url: string, options: OpenOptions = {}): BackOfficeDb {
  if (databaseKindOf(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length) || ':memory:';
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    // Never acknowledge what is not on disk: fsync at every commit.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    // A database in memory has nothing to sync, nor to checkpoint.
    const inMemory = file === ':memory:' || sqlite.memory;
    const syncer = inMemory ? null : walSyncer(`${file}-wal`, options.datasync, options.onSyncFailure);
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite, (error) => syncer?.fail(error)) });
    const durable = syncer ? syncer.sync : () => Promise.resolve();
    let checkpoints: WalCheckpoints | undefined;
    if (options.checkpoints === 'background' && !inMemory) {
      // A checkpoint the disk fails counts as a failed sync (nothing more is acknowledged).
      checkpoints = startWalCheckpoints(file, undefined, (error) => syncer?.fail(error));
      sqlite.pragma(`wal_autocheckpoint = ${WRITER_CEILING_PAGES}`);
    }
    return {
      kind: 'sqlite',
      db,
      sqlite,
      durable,
      syncFailure: () => syncer?.failure() ?? null,
      storageFailed: (error) => syncer?.fail(error),
      checkpoints,
      close: async () => {
        // The worker's connection first: the last one to close checkpoints and removes the WAL.
        await checkpoints?.close();
        await syncer?.close().catch(() => undefined);
        await db.destroy();
      },
    };
  }
  // A commit is acknowledged only once it is durable on the server: synchronous_commit=on.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, options: '-c synchronous_commit=on' });
  // A client losing its connection (PostgreSQL restarted, pg_terminate_backend) must not crash
  // the process: an idle one is dropped by the pool ('error' on the pool); one in use fails the
  // query it runs (the request is answered 503, the group rolled back by the dead session) and
  // the pool drops it when it comes back. pg-pool listens on idle clients only: without a
  // listener of every client's own, the 'error' it emits in use is an uncaught exception.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    durable: () => Promise.resolve(),
    syncFailure: () => null,
    storageFailed: () => undefined,
    close: () => db.destroy(),
  };
}

/** Who this process runs as, for a message about a file it cannot open or write. */
function runningAs(): string {
  try {
    return `user ${userInfo().username}`;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

const sqliteMessageOf = (error: unknown): string =>
  `${error instanceof Error ? error.message : String(error)}${errorCode(error) ? `, ${errorCode(error)}` : ''}`;

/** The database file this process cannot write: which, and what to check. */
function readOnlyRefusal(file: string, error: unknown): Refused {
  return new Refused(
    `The database ${resolve(file)} (DATABASE_URL) cannot be written (SQLite: ${sqliteMessageOf(error)}): ` +
      `check the owner and permissions of the file, of its -wal and -shm files and of its folder (this server runs as ${runningAs()}), ` +
      'and that its disk is not mounted read-only. Nothing was done.',
  );
}

/**
 * What a SQLite file that will not open (openDatabase) means to an installer, as a Refused
 * (exit 2: fix the setting or the file, retrying changes nothing); null for any other error.
 */
export function sqliteOpenRefusal(file: string, error: unknown): Refused | null {
  if (isReadOnlyError(error)) return readOnlyRefusal(file, error);
  if (errorCode(error)?.startsWith('SQLITE_CANTOPEN'))
    return new Refused(
      `The database ${resolve(file)} (DATABASE_URL) cannot be opened or created (SQLite: ${sqliteMessageOf(error)}): ` +
        `check that its folder exists and that this server (${runningAs()}) may write in it (SQLite makes the file and its -wal and -shm beside it), ` +
        'and that the path is not a folder. Nothing was done.',
    );
  return null;
}

/**
 * SQLite in a file: refused unless this process can write it. A file it may only read
 * (another owner, mode 0644) opens, answers every read and `GET /health`, and fails every
 * write; in WAL mode even BEGIN IMMEDIATE passes (the -wal and -shm are the process's own),
 * so the probe writes a page, the header's user_version set to what it is, and rolls back.
 */
export function refuseUnlessWritable(store: BackOfficeDb, file: string): void {
  const sqlite = store.sqlite;
  if (!sqlite) return;
  try {
    const version = Number(sqlite.pragma('user_version', { simple: true }));
    sqlite.exec('begin immediate');
    try {
      sqlite.pragma(`user_version = ${version}`);
    } finally {
      if (sqlite.inTransaction) sqlite.exec('rollback');
    }
  } catch (error) {
    throw sqliteOpenRefusal(file, error) ?? error;
  }
}
