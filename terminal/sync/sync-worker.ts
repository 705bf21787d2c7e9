import type pino from 'pino';
import { Compile } from 'typebox/compile';
import { BatchResponseSchema, PROBLEM_CONTENT_TYPE } from '../../protocol';
import type { BackOfficeClient, Connection, HttpOutcome, JsonBody } from './back-office-client';
import type { StatusBoard } from '../status-board';
import type { SyncTuning } from './tuning';
import { storageFaultOf } from '../store/storage-fault';
import type { SyncStall } from '../terminal-api';
import { backoffDelayMs } from './backoff';
import { classifyAnswer, problemOf, type Answer, type Delivery } from './delivery';
import type { Outbox, OutboxEntry, Settlement } from './outbox';

export interface SyncWorkerDeps {
  outbox: Outbox;
  client: BackOfficeClient;
  board: StatusBoard;
  tuning: SyncTuning;
  logger: pino.Logger;
  /** Null while the terminal is not paired. */
  connection(): Connection | null;
  random?: () => number;
  /** A round's answers left nothing pending: the back office has everything queued (its monitoring may still show a backlog). */
  emptied?(): void;
}

const BatchCheck = Compile(BatchResponseSchema);
/** What the loop does after a step: go on at once, wait this many ms (or until woken), or park until woken. */
type Next = 'now' | number | null;
/** A 409 "in progress" inside a batch carries no Retry-After of its own; the server's single answer says 1 s. */
const IN_PROGRESS_RETRY_MS = 1000;

/**
 * Sends the outbox to the back office, oldest first, one round at a time: a single
 * POST /v1/sales when one entry waits, POST /v1/sync/batch for a backlog. One loop,
 * one request in flight, never a database transaction across the network. Transient
 * failures close a gate for a jittered, capped, growing delay (or Retry-After).
 *
 * The loop never ends while the app runs: any exception in a step (the database locked,
 * full or read-only, a bug) is logged, shown as `status.syncStalled`, and the step is
 * tried again after a capped backoff. A round whose answers could not be recorded stays
 * `sending` in the database; before anything else the next step puts it back to `pending`
 * marked "sent without a final answer", and it goes again under the same key (the back
 * office replays what it already recorded): never lost, never recorded twice.
 */
export class SyncWorker {
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private gateUntil = 0;
  private gateFromRetryAfter = false;
  private failures = 0;
  private drainDone = 0;
  /** After a failed step: entries may be left `sending` with no answer recorded. */
  private requeueFirst = false;
  private stallFailures = 0;
  private stallUntil = 0;
  /**
   * The back office (address and token) that refused a gzip-compressed batch: its batches go
   * uncompressed until the process restarts or the terminal is paired again (a new token).
   */
  private plainBatchesFor: string | null = null;
  /** Requests sent since start, for benchmarks and tests. */
  requestsSent = 0;

  constructor(private readonly deps: SyncWorkerDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.run();
  }

  /** Returns once the request in flight (if any) has been answered and recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  /** Something new to send: look at once (a closed backoff gate stays closed). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** A manager's retry, or a new pairing: forget the backoff (a stalled step's too) and send now. */
  retryNow(): void {
    this.stallUntil = 0;
    this.openGate();
  }

  /** The back office answered a probe: a gate closed by a network failure opens, one set by Retry-After does not. */
  probeSucceeded(): void {
    if (!this.gateFromRetryAfter && this.gateUntil > Date.now()) this.openGate();
    // A worker parked by a 401 looks again: the token may be good again.
    else this.wake();
  }

  private openGate(): void {
    this.gateUntil = 0;
    this.failures = 0;
    this.gateFromRetryAfter = false;
    this.wake();
  }

  private async pause(ms: number | null): Promise<void> {
    if (this.woken || this.stopped) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = ms === null ? null : setTimeout(() => done(), ms);
      const done = () => {
        if (timer !== null) clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      this.wakeUp = done;
    });
    this.woken = false;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      // A stalled worker waits out its backoff; a new sale's wake() does not cut it short.
      const stallWait = this.stallUntil - Date.now();
      if (stallWait > 0) {
        await this.pause(stallWait);
        continue;
      }
      let next: Next;
      try {
        // A step that returns has written to the database (after a stall it starts by requeueing): the stall is over.
        next = await this.step();
        if (this.deps.board.syncStalled !== null || this.stallFailures > 0) this.resumed();
      } catch (error) {
        next = this.stalled(error);
      }
      if (next !== 'now') await this.pause(next);
    }
  }

  /** One turn of the loop. Anything it throws stalls the worker for a while; nothing ends it. */
  private async step(): Promise<Next> {
    if (this.requeueFirst) {
      // Only this loop moves entries to `sending`, and it is between rounds: any left there lost their answer.
      const requeued = this.deps.outbox.requeueSending();
      this.requeueFirst = false;
      if (requeued > 0) this.deps.logger.warn({ requeued }, 'entries whose answer could not be recorded are queued again under the same key');
    }
    const connection = this.deps.connection();
    if (connection === null || this.deps.board.isTokenRevoked) return null;
    const wait = this.gateUntil - Date.now();
    if (wait > 0) return wait;
    const { batchSize, maxBatchBytes } = this.deps.tuning;
    const round = this.deps.outbox.takeRound(batchSize, maxBatchBytes, new Date().toISOString());
    if (round.length === 0) {
      this.drainDone = 0;
      this.deps.board.setDrain(null);
      this.deps.board.publish();
      return null;
    }
    // From here until settle commits, the round is `sending`: if anything below throws, requeue it first.
    this.requeueFirst = true;
    let deliveries: Delivery[];
    try {
      deliveries = round.length === 1 && round[0] ? [await this.sendOne(connection, round[0])] : await this.sendRound(connection, round);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'sync round failed unexpectedly');
      deliveries = round.map(() => ({
        kind: 'retry',
        status: null,
        code: 'internal_error',
        detail: String(error),
        cause: null,
        retryAfterMs: null,
        neverSent: false,
      }));
    }
    this.record(round, deliveries, connection);
    this.requeueFirst = false;
    return 'now';
  }

  /** A step threw: log it, show it, and try again after a capped, growing wait. Never throws. */
  private stalled(error: unknown): Next {
    const { tuning, logger, board } = this.deps;
    this.stallFailures += 1;
    this.requeueFirst = true;
    // Never 0: a failure that repeats at once must not spin the loop.
    const delay = Math.max(
      tuning.backoffBaseMs,
      backoffDelayMs(this.stallFailures, tuning.backoffBaseMs, tuning.stalledRetryCapMs, this.deps.random),
    );
    this.stallUntil = Date.now() + delay;
    const fault = storageFaultOf(error);
    const stall: SyncStall = {
      code: fault?.code ?? 'sync_failed',
      reason: fault?.message ?? `The sync worker failed: ${error instanceof Error ? error.message : String(error)}`,
      since: new Date().toISOString(),
      nextAttemptAt: new Date(this.stallUntil).toISOString(),
    };
    try {
      logger.error(
        { err: error, code: stall.code, sqliteCode: fault?.sqliteCode, failures: this.stallFailures, waitMs: delay },
        'sync worker stalled; it will try again',
      );
      board.stalled(stall);
      board.publish();
    } catch {
      // The loop goes on whatever the log or the screens do.
    }
    return delay;
  }

  private resumed(): void {
    this.deps.logger.info({ failures: this.stallFailures }, 'sync worker resumed');
    this.stallFailures = 0;
    this.stallUntil = 0;
    this.deps.board.resumed();
    this.deps.board.publish();
  }

  private async post(connection: Connection, path: string, json: string | JsonBody, idempotencyKey?: string): Promise<HttpOutcome> {
    this.requestsSent += 1;
    return this.deps.client.send(connection, 'POST', path, idempotencyKey === undefined ? { json } : { json, idempotencyKey });
  }

  /** How the entry's kind reads an acknowledgement (registered by the kind's owner with outbox.kinds). */
  private readerOf(entry: OutboxEntry): (body: unknown) => unknown {
    return this.deps.outbox.kinds.of(entry.kind).readReceipt;
  }

  private deliveryOf(outcome: HttpOutcome, entry: OutboxEntry, connection: Connection): Delivery {
    if (outcome.kind === 'no_answer') {
      const { code, message, cause, neverSent } = outcome;
      return { kind: 'retry', status: null, code, detail: message, cause, retryAfterMs: null, neverSent };
    }
    return this.classify(outcome, entry, connection);
  }

  /** The sorting rule (delivery.ts) for this entry, sent as `connection`. */
  private classify(answer: Answer, entry: OutboxEntry, connection: Connection): Delivery {
    // A refund whose sale this very terminal had acknowledged: "not found" is a back office that lost the sale.
    const saleAcknowledgedHere = entry.dependencyTerminal != null && entry.dependencyTerminal === connection.terminalId;
    return classifyAnswer(answer, this.readerOf(entry), entry.kind, saleAcknowledgedHere);
  }

  private async sendOne(connection: Connection, entry: OutboxEntry): Promise<Delivery> {
    return this.deliveryOf(await this.post(connection, entry.path, entry.body, entry.key), entry, connection);
  }

  /**
   * A round in order: runs of entries the batch route carries (sales, refunds) go as
   * batches, an entry of a kind sent alone (a till's stock work) goes on its own.
   */
  private async sendRound(connection: Connection, round: OutboxEntry[]): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    let run: OutboxEntry[] = [];
    const flush = async () => {
      if (run.length === 1 && run[0]) deliveries.push(await this.sendOne(connection, run[0]));
      else if (run.length > 1) deliveries.push(...(await this.sendBatch(connection, run)));
      run = [];
    };
    for (const entry of round) {
      if (!this.deps.outbox.kinds.of(entry.kind).alone) {
        run.push(entry);
        continue;
      }
      await flush();
      deliveries.push(await this.sendOne(connection, entry));
    }
    await flush();
    return deliveries;
  }

  /**
   * A batch goes gzip-compressed (a backlog's JSON shrinks several times over; maxBatchBytes
   * still counts its bytes before compression, as the back office's limit does). A back office
   * from before compressed batches answers 400 malformed_json, something in between may answer
   * 415: any refusal of the compressed batch as a whole sends the same batch, same keys, again
   * uncompressed, and the later batches to that back office go uncompressed too.
   */
  private async postBatch(connection: Connection, round: readonly OutboxEntry[]): Promise<HttpOutcome> {
    const backOffice = `${connection.serverUrl} ${connection.token ?? ''}`;
    if (this.plainBatchesFor === backOffice) return this.post(connection, '/v1/sync/batch', batchBody(round, false));
    const outcome = await this.post(connection, '/v1/sync/batch', batchBody(round, true));
    if (!batchRefused(outcome)) return outcome;
    this.plainBatchesFor = backOffice;
    this.deps.logger.warn(
      { status: outcome.kind === 'answer' ? outcome.status : null, entries: round.length },
      'the back office refused a gzip-compressed batch; batches to it go uncompressed',
    );
    // The compressed batch reached something that answered: a second attempt that never left proves nothing about it.
    return sentBefore(await this.post(connection, '/v1/sync/batch', batchBody(round, false)));
  }

  private async sendBatch(connection: Connection, round: OutboxEntry[]): Promise<Delivery[]> {
    const outcome = await this.postBatch(connection, round);
    if (outcome.kind === 'answer' && outcome.status === 200) {
      if (!BatchCheck.Check(outcome.body)) return round.map(() => invalidBatch());
      const byKey = new Map(outcome.body.results.map((r) => [r.key, r]));
      return round.map((entry) => {
        const result = byKey.get(entry.key);
        if (!result) return invalidBatch();
        // Items come inside the back office's own batch answer: an error item is its problem body.
        return this.classify(
          {
            status: result.status,
            body: result.body,
            retryAfterMs: result.status === 409 ? IN_PROGRESS_RETRY_MS : null,
            contentType: PROBLEM_CONTENT_TYPE,
          },
          entry,
          connection,
        );
      });
    }
    if (!batchRefused(outcome)) {
      return round.map((entry) => this.deliveryOf(outcome, entry, connection));
    }
    // The batch itself was refused (an older back office, a proxy's size limit, even as an HTML page): send one by one.
    // That page may have come after the back office recorded the batch, so a single send that never left proves nothing.
    const deliveries: Delivery[] = [];
    for (const entry of round) deliveries.push(sentBefore(await this.sendOne(connection, entry)));
    return deliveries;
  }

  /** Records a round's outcome in one transaction, then moves the gate and the status. */
  private record(round: OutboxEntry[], deliveries: Delivery[], sentWith: Connection): void {
    const { board, tuning } = this.deps;
    const now = Date.now();
    const progress = deliveries.filter((d) => d.kind === 'synced' || d.kind === 'refused' || d.kind === 'number_again').length;
    const retries = deliveries.flatMap((d) => (d.kind === 'retry' ? [d] : []));
    // A 401 to a token the till has since replaced (a manager paired it again while the round
    // was on the wire) is a plain retry under the new token, not a revocation.
    const unauthorized = deliveries.some((d) => d.kind === 'unauthorized') && this.deps.connection()?.token === sentWith.token;
    if (retries.length > 0) {
      this.failures = progress > 0 ? 1 : this.failures + 1;
      const retryAfter = Math.max(0, ...retries.map((d) => d.retryAfterMs ?? 0));
      const delay = Math.max(
        backoffDelayMs(this.failures, tuning.backoffBaseMs, tuning.backoffCapMs, this.deps.random),
        Math.min(retryAfter, tuning.retryAfterCapMs),
      );
      this.gateUntil = now + delay;
      this.gateFromRetryAfter = retryAfter > 0;
    } else {
      this.failures = 0;
    }
    const nextAttemptAt = retries.length > 0 ? new Date(this.gateUntil).toISOString() : null;
    let synced = 0;
    const settlements = round.map((entry, i): Settlement => {
      const d = deliveries[i] ?? invalidBatch();
      switch (d.kind) {
        case 'synced':
          synced += 1;
          return { entry, kind: 'synced', status: d.status, response: d.response, receipt: d.receipt };
        case 'refused':
          return { entry, kind: 'refused', status: d.status, code: d.code, detail: d.detail };
        case 'number_again':
          return { entry, kind: 'number_again', status: d.status, code: d.code, detail: d.detail, lastLocalNumber: d.lastLocalNumber };
        case 'unauthorized':
          // The back office's own 401: it turned the request away before doing anything with it.
          return { entry, kind: 'retry', status: 401, code: d.code, detail: d.detail, nextAttemptAt: null, notRecorded: true };
        case 'retry':
          return { entry, kind: 'retry', status: d.status, code: d.code, detail: d.detail, nextAttemptAt, notRecorded: d.neverSent };
      }
    });
    const at = new Date(now).toISOString();
    this.deps.outbox.settle(settlements, at, sentWith.terminalId ?? null);

    const cause = retries.find((d) => d.cause !== null)?.cause ?? null;
    if (unauthorized) board.revoked(deliveries.find((d) => d.kind === 'unauthorized')?.code);
    else if (progress === 0 && cause !== null) board.unreachable(cause);
    else board.reached();
    if (synced > 0) board.synced(at);
    this.drainDone += progress;
    const pending = this.deps.outbox.stats().pending;
    if (pending === 0) this.drainDone = 0;
    board.setDrain(pending > 0 && (round.length > 1 || this.drainDone > 0) ? this.drainDone : null);
    board.publish();
    if (pending === 0 && progress > 0) this.deps.emptied?.();
    if (retries.length > 0 || unauthorized) {
      const first = retries[0];
      this.deps.logger.warn(
        // A refused token waits for no gate (it waits for pairing again): no wait is logged for it.
        {
          entries: round.length,
          code: first?.code,
          status: first?.status,
          ...(retries.length > 0 ? { waitMs: Math.max(0, this.gateUntil - now) } : {}),
          unauthorized,
        },
        'sync round will be retried',
      );
    }
  }
}

/**
 * Built from the stored JSON text so each item's body is byte for byte what a single send
 * would carry: one piece per item, which the client writes out as bytes, so the batch never
 * becomes one string (a round of 500 sales would be a ~300 KB string in V8's large-object
 * space, kept until a full GC: see maxBatchBytes in tuning.ts).
 */
function batchBody(round: readonly OutboxEntry[], gzip: boolean): JsonBody {
  const pieces = round.map(
    (e, i) => `${i === 0 ? '{"items":[' : ','}{"key":${JSON.stringify(e.key)},"method":"POST","path":${JSON.stringify(e.path)},"body":${e.body}}`,
  );
  pieces.push(']}');
  return { pieces, gzip };
}

/**
 * A 4xx to the batch as a whole that is no "wait" and no 401: the batch route is missing or
 * too big for something in between. Each entry then goes alone and is judged on its own
 * answer, so a proxy's page here never makes an entry need attention.
 */
function batchRefused(outcome: HttpOutcome): boolean {
  if (outcome.kind !== 'answer' || outcome.status < 400 || outcome.status >= 500) return false;
  if (outcome.status === 401 || outcome.status === 408 || outcome.status === 429) return false;
  return !(outcome.status === 409 && problemOf(outcome.status, outcome.body).code === 'request_in_progress');
}

function invalidBatch(): Delivery {
  return {
    kind: 'retry',
    status: 200,
    code: 'invalid_response',
    detail: 'The batch answer did not carry a result for this entry.',
    cause: null,
    retryAfterMs: null,
    neverSent: false,
  };
}

/** An attempt that followed one which reached something in the same round: the entry may be held, whatever this one did. */
function sentBefore<T extends HttpOutcome | Delivery>(later: T): T {
  return later.kind === 'no_answer' || later.kind === 'retry' ? { ...later, neverSent: false } : later;
}
