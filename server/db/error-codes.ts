/** The `code` a database driver puts on its errors (SQLite's `SQLITE_…`, PostgreSQL's SQLSTATE), if the error has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** SQLite's I/O errors (SQLITE_IOERR and its extended codes): the disk failed a read, a write or a sync. */
export const isStorageError = (error: unknown): boolean => errorCode(error)?.startsWith('SQLITE_IOERR') === true;
