import { uuidv7 } from 'uuidv7';
import type { QueueItem, QueueItemsArgs, QueueState } from '../terminal-api';
import type { TerminalDb } from '../store/terminal-db';

export interface NewOutboxEntry {
  key: string;
  kind: 'sale';
  path: string;
  /** The exact JSON text to POST: stored once, sent byte for byte on every retry. */
  body: string;
  documentId: string;
  documentNumber: string;
  valueMinor: number;
}

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
  | { entry: OutboxEntry; kind: 'synced'; status: number; response: string }
  | { entry: OutboxEntry; kind: 'refused'; status: number | null; code: string; detail: string }
  | { entry: OutboxEntry; kind: 'retry'; status: number | null; code: string; detail: string; nextAttemptAt: string | null };

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
}

/**
 * The queue of writes the back office has not acknowledged yet. Entries go
 * pending -> sending -> synced | needs_attention (or back to pending on a transient
 * failure). Every state change is a short transaction of its own: no transaction is
 * ever open while a request is on the wire.
 */
export class Outbox {
  private readonly insert;

  constructor(private readonly db: TerminalDb) {
    this.insert = db.prepare(
      `INSERT INTO outbox (id, key, kind, method, path, body, body_bytes, document_id, document_number, value_minor, state, created_at)
       VALUES (?, ?, ?, 'POST', ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    );
  }

  /** Adds an entry; call inside the transaction that writes the document it carries. */
  enqueue(entry: NewOutboxEntry, now: string): void {
    this.insert.run(uuidv7(), entry.key, entry.kind, entry.path, entry.body, Buffer.byteLength(entry.body), entry.documentId, entry.documentNumber, entry.valueMinor, now);
  }

  /** After a crash, whatever was on the wire is simply sent again under the same key. */
  requeueSending(): number {
    return this.db.prepare("UPDATE outbox SET state = 'pending' WHERE state = 'sending'").run().changes;
  }

  /** The oldest pending entries, up to a count and a byte budget, marked as sending. */
  takeRound(maxItems: number, maxBytes: number, now: string): OutboxEntry[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT seq, id, key, kind, path, body, body_bytes AS bodyBytes, document_id AS documentId
           FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`,
        )
        .all(maxItems) as (OutboxEntry & { bodyBytes: number })[];
      const round: OutboxEntry[] = [];
      let bytes = 0;
      for (const row of rows) {
        if (round.length > 0 && bytes + row.bodyBytes + 200 > maxBytes) break;
        bytes += row.bodyBytes + 200;
        round.push({ seq: row.seq, id: row.id, key: row.key, kind: row.kind, path: row.path, body: row.body, documentId: row.documentId });
      }
      const mark = this.db.prepare(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?) WHERE seq = ?",
      );
      for (const entry of round) mark.run(now, entry.seq);
      return round;
    })();
  }

  /** Records the outcome of a round in one transaction; `acknowledge` writes back to the document. */
  settle(settlements: readonly Settlement[], now: string, acknowledge: (entry: OutboxEntry, response: string) => void): void {
    const synced = this.db.prepare(
      "UPDATE outbox SET state = 'synced', synced_at = ?, last_status = ?, response = ?, next_attempt_at = NULL, last_error_code = NULL, last_error_message = NULL WHERE seq = ?",
    );
    const refused = this.db.prepare(
      "UPDATE outbox SET state = 'needs_attention', last_status = ?, last_error_code = ?, last_error_message = ?, next_attempt_at = NULL WHERE seq = ?",
    );
    const retry = this.db.prepare(
      "UPDATE outbox SET state = 'pending', last_status = ?, last_error_code = ?, last_error_message = ?, next_attempt_at = ? WHERE seq = ? AND state = 'sending'",
    );
    this.db.transaction(() => {
      for (const s of settlements) {
        if (s.kind === 'synced') {
          synced.run(now, s.status, s.response, s.entry.seq);
          acknowledge(s.entry, s.response);
        } else if (s.kind === 'refused') refused.run(s.status, s.code, s.detail, s.entry.seq);
        else retry.run(s.status, s.code, s.detail, s.nextAttemptAt, s.entry.seq);
      }
    })();
  }

  /** A needs_attention or waiting entry (by entry id or document id) back to pending, due now. */
  retry(id: string): boolean {
    const info = this.db
      .prepare("UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE (id = ? OR document_id = ?) AND state IN ('needs_attention', 'pending')")
      .run(id, id);
    return info.changes > 0 || this.db.prepare('SELECT 1 FROM outbox WHERE id = ? OR document_id = ?').get(id, id) !== undefined;
  }

  retryAll(): number {
    return this.db.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE state IN ('needs_attention', 'pending')").run().changes;
  }

  /** Queue figures for the status: each read from an index, cheap even with 100,000 entries waiting. */
  stats(): OutboxStats {
    const count = this.db.prepare('SELECT COUNT(*) FROM outbox WHERE state = ?').pluck();
    const head = this.head();
    return {
      pending: (count.get('pending') as number) + (count.get('sending') as number),
      oldestPendingAt: head?.createdAt ?? null,
      needsAttention: count.get('needs_attention') as number,
    };
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
    const first = this.db.prepare('SELECT seq, id, attempts, first_attempt_at AS firstAttemptAt, created_at AS createdAt FROM outbox WHERE state = ? ORDER BY seq LIMIT 1');
    const candidates = [first.get('pending'), first.get('sending')] as ((QueueHead & { seq: number }) | undefined)[];
    const head = candidates.filter((c) => c !== undefined).sort((a, b) => a.seq - b.seq)[0];
    return head === undefined ? null : { id: head.id, attempts: head.attempts, firstAttemptAt: head.firstAttemptAt, createdAt: head.createdAt };
  }

  items(args: QueueItemsArgs): QueueItem[] {
    const limit = args.limit ?? 100;
    const rows = (
      args.state === undefined
        ? this.db.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY seq LIMIT ?').all(args.state, limit)
    ) as ItemRow[];
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
    }));
  }
}
