import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/** Why a backup was not restored: said to the installer as it is. */
export class RestoreRefused extends Error {}

/**
 * Puts a SQLite backup (`counter-server backup`) back as the server's database, with the
 * server stopped. Not a file copy: a database that stopped uncleanly (kill -9, power loss)
 * keeps committed pages in its `-wal` file, and a copied file beside that WAL is read with
 * it (the restore silently undone, or indexes that no longer match their tables). SQLite's
 * own backup API writes the copy INTO the database, through its WAL, page by page in one
 * transaction; then a checkpoint folds the WAL into the file. The backup is checked first
 * (`integrity_check`), and the result after. Answers the number of sales the database holds now.
 */
export async function restoreSqliteBackup(backupFile: string, databaseFile: string): Promise<{ sales: number }> {
  if (!existsSync(backupFile)) throw new RestoreRefused(`No backup at ${backupFile}.`);
  if (resolve(backupFile) === resolve(databaseFile)) throw new RestoreRefused('The backup is the database itself: name the backup file.');
  let source: SQLite.Database;
  try {
    source = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RestoreRefused(`${backupFile} cannot be opened as a database: ${(error as Error).message}`);
  }
  try {
    const check = integrityOf(source, backupFile);
    if (check !== 'ok') throw new RestoreRefused(`${backupFile} is not a sound copy (integrity_check: ${check}): nothing was restored.`);
    if (source.prepare("select 1 from sqlite_master where type = 'table' and name = 'sales'").get() === undefined)
      throw new RestoreRefused(`${backupFile} is not a Counter back office database (it has no sales): nothing was restored.`);
    mkdirSync(dirname(resolve(databaseFile)), { recursive: true });
    await source.backup(databaseFile);
  } finally {
    source.close();
  }
  const restored = new SQLite(databaseFile);
  try {
    restored.pragma('journal_mode = WAL');
    restored.pragma('wal_checkpoint(TRUNCATE)');
    const check = integrityOf(restored, databaseFile);
    if (check !== 'ok') throw new Error(`${databaseFile} failed its integrity check after the restore: ${check}`);
    return { sales: restored.prepare('select count(*) from sales').pluck().get() as number };
  } finally {
    restored.close();
  }
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
