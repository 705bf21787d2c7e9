import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { unknownMigrations } from './migrate';
import { Refused } from '../refused';

/** Why a backup was not restored: said to the installer as it is. */
export class RestoreRefused extends Refused {}

/**
 * Puts a SQLite backup (`counter-server backup`) back as the server's database, with the
 * server stopped. Not a file copy: a database that stopped uncleanly (kill -9, power loss)
 * keeps committed pages in its `-wal` file, and a copied file beside that WAL is read with
 * it (the restore silently undone, or indexes that no longer match their tables). SQLite's
 * own backup API writes the copy INTO the database, through its WAL, page by page in one
 * transaction; then a checkpoint folds the WAL into the file. Refused while anything has
 * the database open (the server must be stopped). The backup is checked first
 * (`integrity_check`), and the result after (sound, and as many sales as the backup). Answers
 * the number of sales the database holds now.
 */
export async function restoreSqliteBackup(backupFile: string, databaseFile: string): Promise<{ sales: number }> {
  if (!existsSync(backupFile)) throw new RestoreRefused(`No backup at ${backupFile}.`);
  if (resolve(backupFile) === resolve(databaseFile)) throw new RestoreRefused('The backup is the database itself: name the backup file.');
  let source: SQLite.Database;
  let expected: number;
  try {
    source = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RestoreRefused(`${backupFile} cannot be opened as a database: ${(error as Error).message}`);
  }
  try {
    const check = integrityOf(source, backupFile);
    if (check !== 'ok') throw new RestoreRefused(`${backupFile} is not a sound copy (integrity_check: ${check}): nothing was restored.`);
    const why = notBackOffice(source);
    if (why !== null) throw new RestoreRefused(`${backupFile} is not a Counter back office database (${why}): nothing was restored.`);
    const unknown = unknownMigrations(source.prepare('select name from kysely_migration').pluck().all() as string[]);
    if (unknown.length > 0)
      throw new RestoreRefused(
        `${backupFile} was written by a newer version of Counter (migration ${unknown.join(', ')} is unknown to this one): restore it with that version. Nothing was restored.`,
      );
    mkdirSync(dirname(resolve(databaseFile)), { recursive: true });
    refuseIfInUse(databaseFile);
    const pages = source.pragma('page_count', { simple: true }) as number;
    expected = source.prepare('select count(*) from sales').pluck().get() as number;
    let copied: { totalPages: number; remainingPages: number };
    try {
      copied = await source.backup(databaseFile);
    } catch (error) {
      throw refusalOf(error, databaseFile);
    }
    // A database locked at the first step answers "done" having copied nothing: not a restore.
    if (copied.totalPages !== pages || copied.remainingPages !== 0)
      throw new RestoreRefused(`${databaseFile} was busy (is the server running?): nothing was restored. Stop the server and run restore again.`);
  } finally {
    source.close();
  }
  const restored = new SQLite(databaseFile);
  try {
    restored.pragma('journal_mode = WAL');
    restored.pragma('wal_checkpoint(TRUNCATE)');
    const check = integrityOf(restored, databaseFile);
    const sales = restored.prepare('select count(*) from sales').pluck().get() as number;
    if (check !== 'ok' || sales !== expected)
      throw new Error(
        `${databaseFile} was replaced but does not match the backup (integrity_check: ${check}; ${sales} sales, the backup ${expected}): restore again, from this backup or another.`,
      );
    return { sales };
  } finally {
    restored.close();
  }
}

/**
 * `counter-server backup`: an online, consistent copy of the database as it is, through
 * SQLite's backup API, while the server runs. It never creates the database (a mistyped
 * path is said) nor migrates it (an older server may be running on it); it refuses a file
 * that is not a back office database.
 */
export async function backupSqlite(databaseFile: string, backupFile: string): Promise<void> {
  if (!existsSync(databaseFile)) throw new RestoreRefused(`There is no database at ${resolve(databaseFile)} (DATABASE_URL): nothing was backed up.`);
  let source: SQLite.Database;
  try {
    source = new SQLite(databaseFile, { fileMustExist: true, timeout: 5_000 });
  } catch (error) {
    throw new RestoreRefused(`${databaseFile} cannot be opened as a database: ${(error as Error).message}`);
  }
  try {
    const why = notBackOffice(source);
    if (why !== null) throw new RestoreRefused(`${databaseFile} is not a Counter back office database (${why}): nothing was backed up.`);
    // The backup's folder is made only now: a refused backup leaves nothing behind.
    mkdirSync(dirname(resolve(backupFile)), { recursive: true });
    await source.backup(backupFile);
  } finally {
    source.close();
  }
}

/** Why a SQLite file is not a back office database (a till's database has sales too), or null. */
function notBackOffice(db: SQLite.Database): string | null {
  try {
    const tables = new Set(db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]);
    const missing = ['kysely_migration', 'businesses', 'terminals', 'sales'].filter((table) => !tables.has(table));
    if (missing.length > 0) return `it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}`;
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Refuses while another connection has the database open (the server always does, even
 * idle): an exclusive lock with no waiting succeeds only when nothing else holds the file.
 */
function refuseIfInUse(databaseFile: string): void {
  if (!existsSync(databaseFile)) return;
  let probe: SQLite.Database | undefined;
  try {
    probe = new SQLite(databaseFile, { fileMustExist: true, timeout: 0 });
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('begin exclusive; commit');
  } catch (error) {
    throw refusalOf(error, databaseFile);
  } finally {
    probe?.close();
  }
}

/** What SQLite's refusal means to the installer. */
function refusalOf(error: unknown, databaseFile: string): RestoreRefused {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new RestoreRefused(`${databaseFile} is in use (is the server running?): stop the server, then run restore again. Nothing was restored.`);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new RestoreRefused(
      `${databaseFile} is damaged (${String(code)}): move it aside with its -wal and -shm files (mv ${databaseFile} ${databaseFile}.damaged, and the same for ${databaseFile}-wal and ${databaseFile}-shm), then run restore again. Nothing was restored.`,
    );
  return new RestoreRefused(`${databaseFile} could not be restored (${String(code ?? (error as Error).message)}): nothing was restored.`);
}

/** 'ok', or what SQLite's integrity check found (its first lines), or why it could not read the file. */
function integrityOf(db: SQLite.Database, file: string): string {
  try {
    const rows = db.prepare('pragma integrity_check(5)').pluck().all() as string[];
    return rows.join('; ');
  } catch (error) {
    return `${file} cannot be read: ${(error as Error).message}`;
  }
}
