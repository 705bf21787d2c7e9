import { uuidv7 } from 'uuidv7';
import { MAX_SYNCED_CHECKPOINTS } from '../../protocol';
import type { QueueItem, QueueItemsArgs, QueueState } from '../terminal-api';
import type { Statement } from 'better-sqlite3';
import type { TerminalDb } from '../store/terminal-db';
import { OutboxKinds } from './outbox-kinds';

export interface NewOutboxEntry {
  key: string;
  /** A kind registered with `outbox.kinds` by the document's owner (sale, refund, ...). */
  kind: string;
  /** May hold `{saleId}`: resolved at send time from the dependency's acknowledgement. */
  path: string;
  /** The exact JSON text to POST: stored once, sent byte for byte on every retry. */
  body: string;
  documentId: string;
  documentNumber: string;
  valueMinor: number;
  /** The document (a sale) whose entry must be synced before this one may go. */
  dependsOnDocument?: string;
}

/** Stands in the path of a refund until its sale has the back office's id. */
export const SALE_ID_PLACEHOLDER = '{saleId}';

export interface OutboxEntry {
  seq: number;
  id: string;
  key: string;
  kind: string;
  path: string;
  body: string;
  documentId: string;
}

/** What became of one entry after a send. */
export type Settlement =
  /** `receipt`: the acknowledgement as the entry's kind read it. */
  | { entry: OutboxEntry; kind: 'synced'; status: number; response: string; receipt: unknown }
  | { entry: OutboxEntry; kind: 'refused'; status: number | null; code: string; detail: string }
  /**
   * `notRecorded`: this attempt surely left nothing on the back office (its own 401 turned it
   * away, or no byte of it left the terminal: a refused connection, an unresolved name).
   * Otherwise it may hold the entry now, and the entry is marked sent without a final answer.
   */
  | { entry: OutboxEntry; kind: 'retry'; status: number | null; code: string; detail: string; nextAttemptAt: string | null; notRecorded: boolean };

/** An acknowledged sale or refund the heartbeat asks the back office about (syncedCheckpoints). */
export interface Checkpoint {
  seq: number;
  key: string;
  syncedAt: string;
}

export interface OutboxStats {
  pending: number;
  oldestPendingAt: string | null;
  needsAttention: number;
}

export interface QueueHead {
  id: string;
  attempts: number;
  firstAttemptAt: string | null;
  createdAt: string;
}

interface ItemRow {
  id: string;
  key: string;
  kind: string;
  document_id: string;
  document_number: string;
  state: QueueState;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  synced_at: string | null;
  voided_at: string | null;
  voided_by: string | null;
  void_reason: string | null;
  sent_without_answer: number;
  dependency_number: string | null;
  dependency_state: QueueState | null;
}

/**
 * The queue of writes the back office has not acknowledged yet. Entries go
 * pending -> sending -> synced | needs_attention (or back to pending on a transient
 * failure). Every state change is a short transaction of its own: no transaction is
 * ever open while a request is on the wire. The round and the settle take the write lock
 * when they begin (IMMEDIATE): a deferred one that reads first cannot wait for a lock
 * another connection holds (SQLite answers SQLITE_BUSY at once, whatever busy_timeout says).
 */
export class Outbox {
  private readonly insert;
  // The statements of every round and every status, prepared once: a drain of 100,000 entries
  // is a thousand rounds, and statements prepared per call are freed only when the GC gets to them.
  private readonly st;

  /** Each kind's acknowledgement, registered by the kind's owner. */
  readonly kinds = new OutboxKinds();

  constructor(private readonly db: TerminalDb) {
    this.insert = db.prepare(
      `INSERT INTO outbox (id, key, kind, method, path, body, body_bytes, document_id, document_number, value_minor, state, created_at, depends_on)
       VALUES (?, ?, ?, 'POST', ?, ?, ?, ?, ?, ?, 'pending', ?, (SELECT id FROM outbox WHERE document_id = ?))`,
    );
    this.st = {
      round: db.prepare(
        `SELECT o.seq, o.id, o.key, o.kind, o.path, o.body, o.body_bytes AS bodyBytes, o.document_id AS documentId, d.response AS dependencyResponse
         FROM outbox o LEFT JOIN outbox d ON d.id = o.depends_on
         WHERE o.state = 'pending' AND (o.depends_on IS NULL OR d.state = 'synced') ORDER BY o.seq LIMIT ?`,
      ),
      mark: db.prepare(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?) WHERE seq = ?",
      ),
      resolve: db.prepare('UPDATE outbox SET path = ? WHERE seq = ?'),
      synced: db.prepare(
        "UPDATE outbox SET state = 'synced', synced_at = ?, last_status = ?, response = ?, synced_terminal = ?, next_attempt_at = NULL, last_error_code = NULL, last_error_message = NULL WHERE seq = ?",
      ),
      refused: db.prepare(
        "UPDATE outbox SET state = 'needs_attention', last_status = ?, last_error_code = ?, last_error_message = ?, next_attempt_at = NULL WHERE seq = ?",
      ),
      count: db.prepare('SELECT COUNT(*) FROM outbox WHERE state = ?').pluck(),
      first: db.prepare(
        'SELECT seq, id, attempts, first_attempt_at AS firstAttemptAt, created_at AS createdAt FROM outbox WHERE state = ? ORDER BY seq LIMIT 1',
      ),
    };
  }

  // Prepared on first use, once: code that only queues (a migration test on an older schema) never needs them.
  private retryStatement: Statement | null = null;
  private requeueStatement: Statement | null = null;

  /** Once set, sent_without_answer stays set: a later refusal does not prove the earlier attempt was not recorded. */
  private get retryUpdate(): Statement {
    return (this.retryStatement ??= this.db.prepare(
      "UPDATE outbox SET state = 'pending', last_status = ?, last_error_code = ?, last_error_message = ?, next_attempt_at = ?, sent_without_answer = MAX(sent_without_answer, ?) WHERE seq = ? AND state = 'sending'",
    ));
  }

  private get requeueUpdate(): Statement {
    return (this.requeueStatement ??= this.db.prepare("UPDATE outbox SET state = 'pending', sent_without_answer = 1 WHERE state = 'sending'"));
  }

  /** Adds an entry; call inside the transaction that writes the document it carries. */
  enqueue(entry: NewOutboxEntry, now: string): void {
    // An entry nobody could acknowledge would be sent, recorded and then fail every settle: refuse it before it is written.
    this.kinds.of(entry.kind);
    this.insert.run(
      uuidv7(),
      entry.key,
      entry.kind,
      entry.path,
      entry.body,
      Buffer.byteLength(entry.body),
      entry.documentId,
      entry.documentNumber,
      entry.valueMinor,
      now,
      entry.dependsOnDocument ?? null,
    );
  }

  /**
   * After a crash, or a round whose answers could not be recorded, whatever was on the
   * wire is sent again under the same key, marked as sent without a final answer.
   */
  requeueSending(): number {
    return this.requeueUpdate.run().changes;
  }

  /**
   * The oldest pending entries, up to a count and a byte budget, marked as sending. An
   * entry whose dependency is not synced yet stays behind (its sale may even be in this
   * very round); one whose dependency is synced gets its path resolved now, for good (until
   * a restored back office makes it go again: resendLost).
   */
  takeRound(maxItems: number, maxBytes: number, now: string): OutboxEntry[] {
    return this.db
      .transaction(() => {
        const rows = this.st.round.all(maxItems) as (OutboxEntry & { bodyBytes: number; dependencyResponse: string | null })[];
        const round: OutboxEntry[] = [];
        const resolve = this.st.resolve;
        let bytes = 0;
        for (const row of rows) {
          if (round.length > 0 && bytes + row.bodyBytes + 200 > maxBytes) break;
          const path = resolvePath(row.path, row.dependencyResponse);
          if (path === null) continue;
          if (path !== row.path) resolve.run(path, row.seq);
          bytes += row.bodyBytes + 200;
          round.push({ seq: row.seq, id: row.id, key: row.key, kind: row.kind, path, body: row.body, documentId: row.documentId });
        }
        const mark = this.st.mark;
        for (const entry of round) mark.run(now, entry.seq);
        return round;
      })
      .immediate();
  }

  /**
   * Records the outcome of a round in one transaction; each synced entry's kind writes its
   * acknowledgement back to its document. `terminalId`: who the round was sent as (kept with
   * each synced entry, for resendLost).
   */
  settle(settlements: readonly Settlement[], now: string, terminalId: string | null = null): void {
    const { synced, refused } = this.st;
    const retry = this.retryUpdate;
    this.db
      .transaction(() => {
        for (const s of settlements) {
          if (s.kind === 'synced') {
            synced.run(now, s.status, s.response, terminalId, s.entry.seq);
            this.kinds.of(s.entry.kind).acknowledge(s.entry.documentId, s.receipt);
          } else if (s.kind === 'refused') refused.run(s.status, s.code, s.detail, s.entry.seq);
          else retry.run(s.status, s.code, s.detail, s.nextAttemptAt, s.notRecorded ? 0 : 1, s.entry.seq);
        }
      })
      .immediate();
  }

  /**
   * The heartbeat's checkpoints of what the back office acknowledged to `terminalId`: its
   * newest acknowledged sale or refund, then the newest acknowledged at least 1, 2, 4, 8, …
   * minutes before that one, newest first (at most MAX_SYNCED_CHECKPOINTS; each one probe of
   * the outbox_synced_checkpoints index). Sent as their keys; resendLost reads the answer.
   */
  syncedCheckpoints(terminalId: string): Checkpoint[] {
    const newest = this.db
      .prepare(
        `SELECT seq, key, synced_at AS syncedAt FROM outbox INDEXED BY outbox_synced_checkpoints
         WHERE synced_terminal = ? AND state = 'synced' AND kind IN ('sale', 'refund') ORDER BY synced_at DESC, seq DESC LIMIT 1`,
      )
      .get(terminalId) as Checkpoint | undefined;
    if (newest === undefined) return [];
    const before = this.db.prepare(
      `SELECT seq, key, synced_at AS syncedAt FROM outbox INDEXED BY outbox_synced_checkpoints
       WHERE synced_terminal = ? AND state = 'synced' AND kind IN ('sale', 'refund') AND synced_at <= ? ORDER BY synced_at DESC, seq DESC LIMIT 1`,
    );
    const checkpoints = [newest];
    const from = Date.parse(newest.syncedAt);
    // 2^30 minutes is two thousand years: every acknowledgement is newer than that.
    for (let minutes = 1; checkpoints.length < MAX_SYNCED_CHECKPOINTS && minutes <= 2 ** 30; minutes *= 2) {
      const next = before.get(terminalId, new Date(from - minutes * 60_000).toISOString()) as Checkpoint | undefined;
      if (next === undefined) break;
      if (next.seq !== checkpoints[checkpoints.length - 1]!.seq) checkpoints.push(next);
    }
    return checkpoints;
  }

  /**
   * The back office answered which checkpoints it holds (`held`). If it lacks the newest, it
   * lost documents it had acknowledged: restored from a backup taken before them. Every sale
   * and refund acknowledged to `terminalId` after the newest checkpoint it still holds (all of
   * them if it holds none) goes back to pending, to be sent again under its own key: what
   * it still has answers as a replay, what it lost is recorded again (with a new number; the
   * acknowledgement is written back to the document as at the first time). Marked sent
   * without an answer, so no manager can void it: it was recorded once. Answers how many.
   */
  resendLost(terminalId: string, checkpoints: readonly Checkpoint[], held: ReadonlySet<string>): number {
    const newest = checkpoints[0];
    if (newest === undefined || held.has(newest.key)) return 0;
    const kept = checkpoints.find((c) => held.has(c.key)) ?? null;
    // Acknowledged to this terminal after the newest checkpoint still held (all, if none is).
    const lost = (o: string) => `${o}.synced_terminal = @terminalId AND ${o}.state = 'synced' AND ${o}.kind IN ('sale', 'refund')
      AND (@keptAt IS NULL OR ${o}.synced_at > @keptAt OR (${o}.synced_at = @keptAt AND ${o}.seq > @keptSeq))`;
    const which = { terminalId, keptAt: kept?.syncedAt ?? null, keptSeq: kept?.seq ?? null };
    return this.db
      .transaction(() => {
        // A refund's path named its sale's id on the back office that is gone: resolved again
        // when it goes, from its sale's acknowledgement then (a new id if the sale went again too).
        const resolved = this.db
          .prepare(`SELECT o.seq, o.path, d.response FROM outbox o JOIN outbox d ON d.id = o.depends_on WHERE ${lost('o')}`)
          .all(which) as { seq: number; path: string; response: string | null }[];
        const unresolve = this.st.resolve;
        for (const row of resolved) unresolve.run(unresolvedPath(row.path, row.response), row.seq);
        return this.db
          .prepare(
            `UPDATE outbox SET state = 'pending', synced_at = NULL, synced_terminal = NULL, next_attempt_at = NULL, sent_without_answer = 1,
               last_error_code = 'resent_after_restore', last_error_message = @message WHERE ${lost('outbox')}`,
          )
          .run({ ...which, message: 'The back office no longer had it (restored from an older backup?): sent again under its own key.' }).changes;
      })
      .immediate();
  }

  /** A needs_attention or waiting entry (by entry id or document id) back to pending, due now. */
  retry(id: string): boolean {
    const info = this.db
      .prepare(
        "UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE (id = ? OR document_id = ?) AND state IN ('needs_attention', 'pending')",
      )
      .run(id, id);
    return info.changes > 0 || this.db.prepare('SELECT 1 FROM outbox WHERE id = ? OR document_id = ?').get(id, id) !== undefined;
  }

  retryAll(): number {
    return this.db.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE state IN ('needs_attention', 'pending')").run().changes;
  }

  /** Queue figures for the status: each read from an index, cheap even with 100,000 entries waiting. */
  stats(): OutboxStats {
    const count = this.st.count;
    const head = this.head();
    return {
      pending: (count.get('pending') as number) + (count.get('sending') as number),
      oldestPendingAt: head?.createdAt ?? null,
      needsAttention: count.get('needs_attention') as number,
    };
  }

  /**
   * Entries on the wire now or ever sent without a final answer, not synced since: the back
   * office may hold them under this terminal's identity, so they must not be sent under
   * another one. An entry whose every attempt was refused a connection (or got the back
   * office's own refusal) is not among them: it cannot be there.
   */
  unsettledSentCount(): number {
    return this.db
      .prepare("SELECT count(*) FROM outbox WHERE state = 'sending' OR (state IN ('pending', 'needs_attention') AND sent_without_answer = 1)")
      .pluck()
      .get() as number;
  }

  /** The value of sales the back office has not accepted yet (needs_attention included), for the heartbeat. */
  pendingValueMinor(): number {
    return this.db
      .prepare("SELECT COALESCE(SUM(value_minor), 0) FROM outbox WHERE state IN ('pending', 'sending', 'needs_attention')")
      .pluck()
      .get() as number;
  }

  /** The oldest entry not yet acknowledged, for spotting a head that never completes. */
  head(): QueueHead | null {
    // Entries are created in seq order, so the lowest pending or sending seq is also the oldest.
    const first = this.st.first;
    const candidates = [first.get('pending'), first.get('sending')] as ((QueueHead & { seq: number }) | undefined)[];
    const head = candidates.filter((c) => c !== undefined).sort((a, b) => a.seq - b.seq)[0];
    return head === undefined ? null : { id: head.id, attempts: head.attempts, firstAttemptAt: head.firstAttemptAt, createdAt: head.createdAt };
  }

  items(args: QueueItemsArgs): QueueItem[] {
    const order = args.newestFirst === true ? 'DESC' : 'ASC';
    const where = args.state === undefined ? '' : 'WHERE o.state = @state';
    return this.select(`${where} ORDER BY o.seq ${order} LIMIT @limit`, { state: args.state, limit: args.limit ?? 100 });
  }

  /** One entry, by its id or the id of the document it carries. */
  item(id: string): QueueItem | null {
    return this.select('WHERE o.id = @id OR o.document_id = @id LIMIT 1', { id })[0] ?? null;
  }

  private select(tail: string, params: Record<string, unknown>): QueueItem[] {
    const sql = `SELECT o.*, d.document_number AS dependency_number, d.state AS dependency_state FROM outbox o LEFT JOIN outbox d ON d.id = o.depends_on ${tail}`;
    const used = Object.fromEntries(Object.entries(params).filter(([name, value]) => value !== undefined && sql.includes(`@${name}`)));
    const rows = this.db.prepare(sql).all(used) as ItemRow[];
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      kind: r.kind,
      documentId: r.document_id,
      documentNumber: r.document_number,
      state: r.state,
      attempts: r.attempts,
      createdAt: r.created_at,
      nextAttemptAt: r.next_attempt_at,
      lastErrorCode: r.last_error_code,
      lastErrorMessage: r.last_error_message,
      syncedAt: r.synced_at,
      waitingFor: waitingFor(r),
      voided: r.voided_at === null ? null : { at: r.voided_at, by: r.voided_by ?? '', reason: r.void_reason ?? '' },
      sentWithoutAnswer: r.sent_without_answer === 1,
    }));
  }
}

/** Why a pending entry is not being sent: its sale has not reached the back office yet. */
function waitingFor(r: ItemRow): string | null {
  if (r.state !== 'pending' || r.dependency_state === null || r.dependency_state === 'synced') return null;
  const where =
    r.dependency_state === 'needs_attention' ? 'it needs attention' : r.dependency_state === 'voided' ? 'it was voided' : 'it is still queued';
  return `Waits for sale ${r.dependency_number ?? '?'} to reach the back office (${where}).`;
}

/** resolvePath undone: the sale's id, as its acknowledgement gave it, back to the placeholder. */
function unresolvedPath(path: string, dependencyResponse: string | null): string {
  if (dependencyResponse === null) return path;
  const answer = JSON.parse(dependencyResponse) as { id?: unknown };
  return typeof answer.id === 'string' ? path.replace(encodeURIComponent(answer.id), SALE_ID_PLACEHOLDER) : path;
}

/** A refund's path names the back office's sale id, known only once its sale is synced. */
function resolvePath(path: string, dependencyResponse: string | null): string | null {
  if (!path.includes(SALE_ID_PLACEHOLDER)) return path;
  if (dependencyResponse === null) return null;
  const answer = JSON.parse(dependencyResponse) as { id?: unknown };
  return typeof answer.id === 'string' ? path.replace(SALE_ID_PLACEHOLDER, encodeURIComponent(answer.id)) : null;
}
