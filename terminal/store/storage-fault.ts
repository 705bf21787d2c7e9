import Database from 'better-sqlite3';

/** Why the terminal's own database could not take a write, in the words a cashier reads. */
export type StorageFaultCode = 'storage_full' | 'storage_read_only' | 'storage_busy' | 'storage_failed';

export interface StorageFault {
  code: StorageFaultCode;
  /** What happened and what to do, for the screen. */
  message: string;
  /** SQLite's own code (SQLITE_FULL, SQLITE_READONLY...), for the log and the manager. */
  sqliteCode: string;
}

const MESSAGES: Record<StorageFaultCode, string> = {
  storage_full: "The terminal's disk is full, so nothing was saved. Keep the cart and call the manager to free space, then try again.",
  storage_read_only:
    "The terminal's database cannot be written (the file or the disk is read-only), so nothing was saved. Keep the cart and call the manager.",
  storage_busy:
    "The terminal's database is held by another program, so nothing was saved. Wait a moment and try again; call the manager if it lasts.",
  storage_failed: "The terminal's disk reported an error, so nothing was saved. Keep the cart and call the manager.",
};

/**
 * The storage fault behind an error thrown by better-sqlite3, or null when the error is
 * not about the disk (a constraint, a bug: those stay what they are). A failed write in a
 * transaction is rolled back whole, so each of these means "nothing was written".
 */
export function storageFaultOf(error: unknown): StorageFault | null {
  if (!(error instanceof Database.SqliteError)) return null;
  const code = storageCodeOf(error.code);
  return code === null ? null : { code, message: MESSAGES[code], sqliteCode: error.code };
}

function storageCodeOf(sqliteCode: string): StorageFaultCode | null {
  if (sqliteCode === 'SQLITE_FULL') return 'storage_full';
  if (sqliteCode.startsWith('SQLITE_READONLY')) return 'storage_read_only';
  if (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED')) return 'storage_busy';
  if (
    sqliteCode.startsWith('SQLITE_IOERR') ||
    sqliteCode.startsWith('SQLITE_CANTOPEN') ||
    sqliteCode.startsWith('SQLITE_CORRUPT') ||
    sqliteCode === 'SQLITE_NOTADB'
  )
    return 'storage_failed';
  return null;
}
