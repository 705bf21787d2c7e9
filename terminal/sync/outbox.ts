import { uuidv7 } from 'uuidv7';
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
  /** The terminal its dependency (a refund's sale) was acknowledged to; null if none or not known. */
  dependencyTerminal?: string | null;
}

/** What became of one entry after a send. */
export type Settlement =
  /** `receipt`: the acknowledgement as the entry's kind read it. */
  | { entry: OutboxEntry; kind: 'synced'; status: number; response: string; receipt: unknown }
  | { entry: OutboxEntry; kind: 'refused'; status: number | null; code: string; detail: string }
  /** Its number was the back office's already (409 local_number_reused): numbered again after `lastLocalNumber`, due now. */
  | { entry: OutboxEntry; kind: 'number_again'; status: number; code: string; detail: string; lastLocalNumber: string }
  /**
   * `notRecorded`: this attempt surely left nothing on the back office (its own 401 turned it
   * away, or no byte of it left the terminal: a refused connection, an unresolved name).
   * Otherwise it may hold the entry now, and the entry is marked sent without a final answer.
   */
  | { entry: OutboxEntry; kind: 'retry'; status: number | null; code: string; detail: string; nextAttemptAt: string | null; notRecorded: boolean };

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
  void_reported_at: string | null;
  void_report_code: string | null;
  void_report_message: string | null;
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
        `SELECT o.seq, o.id, o.key, o.kind, o.path, o.body, o.body_bytes AS bodyBytes, o.document_id AS documentId, d.response AS dependencyResponse, d.synced_terminal AS dependencyTerminal
         FROM outbox o LEFT JOIN outbox d ON d.id = o.depends_on
         WHERE o.state = 'pending' AND (o.depends_on IS NULL OR d.state = 'synced') ORDER BY o.seq LIMIT ?`,
      ),
      mark: db.prepare(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ?) WHERE seq = ?",
      ),
      synced: db.prepare(
        "UPDATE outbox SET state = 'synced', synced_at = ?, last_status = ?, response = ?, synced_terminal = ?, synced_order = ?, next_attempt_at = NULL, last_error_code = NULL, last_error_message = NULL WHERE seq = ?",
      ),
      order: db.prepare('UPDATE acknowledgement_order SET last = last + ? WHERE id = 1 RETURNING last').pluck(),
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
   * very round); one whose dependency is synced gets its path resolved, at each send, from
   * the dependency's acknowledgement as it stands (the path kept is the template: a sale sent
   * again to a restored back office gets a new id there, and its refund follows it).
   */
  takeRound(maxItems: number, maxBytes: number, now: string): OutboxEntry[] {
    return this.db
      .transaction(() => {
        const rows = this.st.round.all(maxItems) as (OutboxEntry & { bodyBytes: number; dependencyResponse: string | null })[];
        const round: OutboxEntry[] = [];
        let bytes = 0;
        for (const row of rows) {
          if (round.length > 0 && bytes + row.bodyBytes + 200 > maxBytes) break;
          const path = resolvePath(row.path, row.dependencyResponse);
          if (path === null) continue;
          bytes += row.bodyBytes + 200;
          round.push({
            seq: row.seq,
            id: row.id,
            key: row.key,
            kind: row.kind,
            path,
            body: row.body,
            documentId: row.documentId,
            dependencyTerminal: row.dependencyTerminal ?? null,
          });
        }
        const mark = this.st.mark;
        for (const entry of round) mark.run(now, entry.seq);
        return round;
      })
      .immediate();
  }

  /**
   * Records the outcome of a round in one transaction; each synced entry's kind writes its
   * acknowledgement back to its document. `terminalId`: who the round was sent as, kept with
   * each synced entry with its place in the order of acknowledgements (acknowledged-check.ts).
   */
  settle(settlements: readonly Settlement[], now: string, terminalId: string | null = null): void {
    const { synced, refused, order } = this.st;
    const retry = this.retryUpdate;
    this.db
      .transaction(() => {
        // The round's acknowledgements, numbered in the order the back office recorded them (acknowledged-check.ts).
        const count = settlements.filter((s) => s.kind === 'synced').length;
        let next = count === 0 ? 0 : (order.get(count) as number) - count;
        for (const s of settlements) {
          if (s.kind === 'synced') {
            synced.run(now, s.status, s.response, terminalId, ++next, s.entry.seq);
            this.kinds.of(s.entry.kind).acknowledge(s.entry.documentId, s.receipt);
          } else if (s.kind === 'refused') refused.run(s.status, s.code, s.detail, s.entry.seq);
          else if (s.kind === 'number_again') this.numberAgain(s);
          else retry.run(s.status, s.code, s.detail, s.nextAttemptAt, s.notRecorded ? 0 : 1, s.entry.seq);
        }
      })
      .immediate();
  }

  /**
   * The entry's document numbered again (its kind's numberAgain), its body carrying the new
   * number and the one printed (`printedAs`), pending and due now under the same key. Where
   * the kind cannot, it needs a person, as any refusal.
   */
  private numberAgain(s: Extract<Settlement, { kind: 'number_again' }>): void {
    const number = this.kinds.of(s.entry.kind).numberAgain(s.entry.documentId, s.lastLocalNumber);
    if (number === null) {
      this.st.refused.run(s.status, s.code, s.detail, s.entry.seq);
      return;
    }
    const body = JSON.parse(s.entry.body) as { localNumber?: unknown; printedAs?: unknown };
    const printedAs = typeof body.printedAs === 'string' ? body.printedAs : body.localNumber;
    const detail = `Numbered again as ${number} (printed as ${String(printedAs)}): ${s.detail}`;
    this.db
      .prepare(
        `UPDATE outbox SET state = 'pending', body = ?, document_number = ?, last_status = ?, last_error_code = ?, last_error_message = ?, next_attempt_at = NULL
         WHERE seq = ?`,
      )
      .run(JSON.stringify({ ...body, localNumber: number, printedAs }), number, s.status, s.code, detail, s.entry.seq);
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
      voided: r.voided_at === null ? null : voidRecord(r),
      sentWithoutAnswer: r.sent_without_answer === 1,
    }));
  }
}

/** Who voided an entry, when and why; for a sale or refund, what the back office was told of it (sync/void-reports.ts). */
function voidRecord(r: ItemRow): QueueItem['voided'] {
  const record = { at: r.voided_at ?? '', by: r.voided_by ?? '', reason: r.void_reason ?? '' };
  if (r.kind !== 'sale' && r.kind !== 'refund') return record;
  const refused = r.void_report_code === null ? null : `${r.void_report_code}: ${r.void_report_message ?? ''}`;
  return { ...record, reportedAt: r.void_reported_at, reportRefused: refused };
}

/** Why a pending entry is not being sent: its sale has not reached the back office yet. */
function waitingFor(r: ItemRow): string | null {
  if (r.state !== 'pending' || r.dependency_state === null || r.dependency_state === 'synced') return null;
  const where =
    r.dependency_state === 'needs_attention' ? 'it needs attention' : r.dependency_state === 'voided' ? 'it was voided' : 'it is still queued';
  return `Waits for sale ${r.dependency_number ?? '?'} to reach the back office (${where}).`;
}

/** A refund's path names the back office's sale id, known only once its sale is synced. */
function resolvePath(path: string, dependencyResponse: string | null): string | null {
  if (!path.includes(SALE_ID_PLACEHOLDER)) return path;
  if (dependencyResponse === null) return null;
  const answer = JSON.parse(dependencyResponse) as { id?: unknown };
  return typeof answer.id === 'string' ? path.replace(SALE_ID_PLACEHOLDER, encodeURIComponent(answer.id)) : null;
}
