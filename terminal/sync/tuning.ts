/** The knobs of the sync worker and its loops. Tests shrink them; production keeps the defaults. */
export interface SyncTuning {
  /** Every request gives up after this long: a hung server must not hold the queue. */
  requestTimeoutMs: number;
  /** Full-jitter exponential backoff: a random wait in [0, min(cap, base * 2^failures)]. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A Retry-After longer than this is not believed (a misconfigured proxy must not park the queue for a day). */
  retryAfterCapMs: number;
  /** Items per POST /v1/sync/batch (the server takes at most 500). */
  batchSize: number;
  /**
   * Request body budget per batch in bytes BEFORE gzip, as the server's 1 MiB limit counts
   * them. 500 five-line sales fit (the bench's: ~270 KB of JSON, ~9 KB gzipped): a
   * 10,000-sale drain over a 300 ms link takes 20 round trips. The round's JSON never becomes one string
   * and its answer is read from bytes (back-office-client.ts): as strings, rounds over
   * ~100 KB lived in V8's old generation and a 100,000-sale drain peaked at 205-238 MB
   * (now 172-197 MB in 30 runs of 35, 204-209 MB in 5: bench/terminal/README.md).
   */
  maxBatchBytes: number;
  catalogIntervalMs: number;
  /**
   * The invoice's business and machine profile (GET /v1/terminals/profile), on a loop of its
   * own: a detail a manager fixes in the back office reaches the till's invoices (and clears
   * its "Invoice details missing" warning) within this long, with no restart.
   */
  profileIntervalMs: number;
  heartbeatIntervalMs: number;
  /**
   * The link probe (GET /health): every this long, online or not, so an outage is seen
   * within about probeIntervalMs + probeTimeoutMs with no sale rung up, and a return opens
   * the sync worker's backoff gate within about probeIntervalMs.
   */
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** The longest wait between two tries of a stalled sync worker (its database failing): a local write, cheap to try. */
  stalledRetryCapMs: number;
  /** How long a write waits for a lock another connection holds on the terminal database before it fails (storage_busy). */
  databaseBusyTimeoutMs: number;
  /** After this many attempts the queue head is reported as stuck. */
  stuckAfterAttempts: number;
}

export const defaultSyncTuning: SyncTuning = {
  requestTimeoutMs: 15_000,
  backoffBaseMs: 500,
  backoffCapMs: 60_000,
  retryAfterCapMs: 300_000,
  batchSize: 500,
  maxBatchBytes: 512 * 1024,
  // A price or a product changed at the back office reaches the till within a minute, as the profile does (found by a
  // walk: the import said "within a minute" and the tills took up to five). Nothing changed: one small page each minute.
  catalogIntervalMs: 60_000,
  profileIntervalMs: 60_000,
  heartbeatIntervalMs: 60_000,
  probeIntervalMs: 2_000,
  probeTimeoutMs: 2_000,
  stalledRetryCapMs: 5_000,
  databaseBusyTimeoutMs: 5_000,
  stuckAfterAttempts: 10,
};

export function syncTuning(overrides: Partial<SyncTuning> = {}): SyncTuning {
  return { ...defaultSyncTuning, ...overrides };
}
