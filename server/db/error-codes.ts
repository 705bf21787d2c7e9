/** The `code` a database driver puts on its errors (SQLite's `SQLITE_…`, PostgreSQL's SQLSTATE), if the error has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * SQLite's database file cannot be written (SQLITE_READONLY and its extended codes): its owner
 * or permissions, a disk mounted read-only (as Linux does after disk errors), a folder where
 * its -wal and -shm cannot be made.
 */
export const isReadOnlyError = (error: unknown): boolean => errorCode(error)?.startsWith('SQLITE_READONLY') === true;

/**
 * A disk that failed the database: SQLite's I/O errors (SQLITE_IOERR and its extended codes:
 * a read, a write or a sync failed), and a file that can no longer be written
 * (isReadOnlyError; a server that could not write it at all is refused at start). After one,
 * as after a failed fsync, nothing more is acknowledged and the server stops (database.ts).
 */
export const isStorageError = (error: unknown): boolean => errorCode(error)?.startsWith('SQLITE_IOERR') === true || isReadOnlyError(error);
