import { errorCode } from '../db/error-codes';

/**
 * Failures where running the whole transaction again is the right answer: PostgreSQL
 * serialization failures and deadlocks, SQLite's busy lock, and a unique violation from
 * a racing writer (on the second run the check before the insert sees the winner's row).
 */
const RETRYABLE_PG_CODES = new Set(['40001', '40P01', '23505']);
const RETRYABLE_SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

export function isRetryableTransactionError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (RETRYABLE_PG_CODES.has(code) || RETRYABLE_SQLITE_CODES.has(code));
}

export const MAX_TRANSACTION_ATTEMPTS = 6;

export async function withTransactionRetries<T>(run: () => Promise<T>, onRetry: () => void = () => undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      onRetry();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
