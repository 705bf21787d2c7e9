import { sql } from 'kysely';
import { rowId } from '../db/row-ids';
import type { BackOfficeDb, Tx } from '../db/database';
import { Problem } from '../problem';
import { requestFingerprint } from './fingerprint';
import { withTransactionRetries } from './retry-transaction';

export interface WriteRequest {
  /** Keys are scoped to the caller: `terminal:<id>` or `admin`. */
  scope: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
  /** The route pattern, for counting replays per endpoint. */
  endpoint: string;
}

export interface WriteResponse {
  status: number;
  /** The JSON text, stored and replayed byte for byte. */
  body: string;
  replayed: boolean;
}

/** What a write's effect returns: a fresh answer, or the original record found by its key. */
export type EffectResult =
  { status: number; body: unknown; replayedFromRecord?: false } | { status: number; body: unknown; replayedFromRecord: true };

export interface EffectContext {
  fingerprint: string;
  now: Date;
}

export interface WriteObserver {
  transactionRetried(): void;
  replayed(endpoint: string): void;
  inProgress(): void;
  keyReused(): void;
}

export const reusedKeyProblem = () =>
  new Problem(422, 'idempotency_key_reused', 'Idempotency key reused', 'This Idempotency-Key was already used for a different request.');

/**
 * The idempotency contract of PROTOCOL.md, for every write. The stored response is read,
 * the effect applied and the response stored in ONE transaction: a crash anywhere rolls
 * back all of it, a 4xx thrown by the effect stores nothing, and no number is lost.
 */
export class IdempotentWrites {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: BackOfficeDb,
    readonly ttlSeconds: number,
    readonly observer: WriteObserver,
  ) {}

  async run(request: WriteRequest, effect: (trx: Tx, context: EffectContext) => Promise<EffectResult>): Promise<WriteResponse> {
    const fingerprint = requestFingerprint(request.method, request.path, request.body);
    const flightKey = this.claim(request);
    try {
      const response = await withTransactionRetries(
        () => this.store.db.transaction().execute((trx) => this.attempt(trx, request, flightKey, fingerprint, effect)),
        () => this.observer.transactionRetried(),
      );
      // Counted once the transaction committed: an attempt that was rolled back and run again counts once.
      if (response.replayed) this.observer.replayed(request.endpoint);
      return response;
    } catch (error) {
      // Counted here, once, whether the stored answer or a record's own key (a sale's, a
      // refund's) found the reuse.
      if (error instanceof Problem && error.code === 'idempotency_key_reused') this.observer.keyReused();
      throw error;
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  private async attempt(
    trx: Tx,
    request: WriteRequest,
    flightKey: string,
    fingerprint: string,
    effect: (trx: Tx, context: EffectContext) => Promise<EffectResult>,
  ): Promise<WriteResponse> {
    if (this.store.kind === 'postgres') {
      // Another server instance working on the same key holds this lock until it commits.
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${flightKey}, 0)) as locked`.execute(trx);
      if (!rows[0]?.locked) throw this.inProgress();
    }
    const stored = await trx
      .selectFrom('idempotency_responses')
      .select(['fingerprint', 'status', 'body'])
      .where('scope', '=', request.scope)
      .where('key', '=', request.key)
      .executeTakeFirst();
    if (stored) {
      if (stored.fingerprint !== fingerprint) throw reusedKeyProblem();
      await this.logReplay(trx, request.endpoint);
      return { status: stored.status, body: stored.body, replayed: true };
    }

    const now = new Date();
    const result = await effect(trx, { fingerprint, now });
    const body = JSON.stringify(result.body);
    if (result.replayedFromRecord) {
      await this.logReplay(trx, request.endpoint);
      return { status: result.status, body, replayed: true };
    }
    await trx
      .insertInto('idempotency_responses')
      .values({
        scope: request.scope,
        key: request.key,
        method: request.method,
        path: request.path,
        fingerprint,
        status: result.status,
        body,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + this.ttlSeconds * 1000).toISOString(),
        endpoint: request.endpoint,
      })
      .execute();
    return { status: result.status, body, replayed: false };
  }

  /**
   * Marks a key as being worked on in this process (the write pipeline shares the set):
   * a second delivery of it meanwhile is answered 409 request_in_progress. Returns the
   * key to release; the caller releases it when the write is answered.
   */
  claim(request: Pick<WriteRequest, 'scope' | 'key'>): string {
    // Neither scope nor key may contain a space (and PostgreSQL text cannot hold NUL).
    const flightKey = `${request.scope} ${request.key}`;
    if (this.inFlight.has(flightKey)) throw this.inProgress();
    this.inFlight.add(flightKey);
    return flightKey;
  }

  release(flightKey: string): void {
    this.inFlight.delete(flightKey);
  }

  async logReplay(trx: Tx, endpoint: string): Promise<void> {
    await trx.insertInto('replay_log').values({ id: rowId(), endpoint, replayed_at: new Date().toISOString() }).execute();
  }

  inProgress(): Problem {
    this.observer.inProgress();
    return new Problem(
      409,
      'request_in_progress',
      'Request in progress',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
      undefined,
      {
        'retry-after': '1',
      },
    );
  }
}

/** Deletes stored responses past their time. Business records keep their keys forever. */
export async function cleanupExpiredResponses(store: BackOfficeDb, now = new Date()): Promise<number> {
  const result = await store.db.deleteFrom('idempotency_responses').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  await store.db
    .deleteFrom('replay_log')
    .where('replayed_at', '<', new Date(now.getTime() - 7 * 86_400_000).toISOString())
    .execute();
  return Number(result.numDeletedRows);
}
