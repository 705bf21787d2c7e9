import type { Outbox } from '../sync/outbox';
import type { TerminalDb } from '../store/terminal-db';
import type { QueueItem, QueueState } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import type { QueueCounts } from './queue-schemas';

const NOT_VOIDABLE: Partial<Record<QueueState, string>> = {
  synced: 'the back office already has it',
  sending: 'it is being sent right now; look again in a moment',
  voided: 'it is already voided',
};

/**
 * What a manager does to the queue beyond retrying: count it by state and void an entry.
 * A void keeps the entry and its document: the state becomes `voided`, with who, when
 * and why, and the sync worker (which only takes `pending`) never sends it again. A voided
 * sale's or refund's number is reported to the back office by itself (sync/void-reports.ts),
 * so the number reads there as voided, not lost.
 */
export class SyncQueue {
  constructor(
    private readonly db: TerminalDb,
    private readonly outbox: Outbox,
  ) {}

  counts(): QueueCounts {
    const counts: QueueCounts = { pending: 0, sending: 0, needs_attention: 0, synced: 0, voided: 0 };
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: QueueState; n: number }[];
    for (const row of rows) if (row.state in counts) counts[row.state] = row.n;
    return counts;
  }

  /**
   * Voids a pending or needs-attention entry. Writes that wait on it (the refunds of a
   * voided sale) can never be sent either: they are voided with it, naming it.
   */
  void(id: string, reason: string, by: string, now: Date = new Date()): QueueItem {
    const entry = this.outbox.item(id);
    if (entry === null) throw new TerminalError('not_found', `No queue entry ${id}.`);
    const refusal = NOT_VOIDABLE[entry.state];
    if (refusal !== undefined) throw new TerminalError('entry_not_voidable', `${entry.documentNumber} cannot be voided: ${refusal}.`);
    if (entry.sentWithoutAnswer) {
      // Sent at least once with no final answer (ever, even if a later attempt was refused): the back office may already hold it.
      // Attempts whose connection was refused do not count: they never left the till (docs/terminal-core.md).
      throw new TerminalError(
        'entry_not_voidable',
        `${entry.documentNumber} cannot be voided: it was already sent and the back office may have recorded it; let it sync first.`,
      );
    }
    const at = now.toISOString();
    // The conditions again in the UPDATE: the worker may have sent it since it was read.
    const mark = this.db.prepare(
      `UPDATE outbox SET state = 'voided', voided_at = @at, voided_by = @by, voided_by_name = (SELECT name FROM cashiers WHERE code = @by), void_reason = @reason,
         next_attempt_at = NULL
       WHERE id = @id AND state IN ('pending', 'needs_attention') AND sent_without_answer = 0`,
    );
    const dependents = this.db
      .prepare("SELECT id FROM outbox WHERE depends_on = ? AND state IN ('pending', 'needs_attention') AND sent_without_answer = 0")
      .pluck();
    this.db
      .transaction(() => {
        if (mark.run({ at, by, reason, id: entry.id }).changes === 0)
          throw new TerminalError('entry_not_voidable', `${entry.documentNumber} changed state meanwhile; look again.`);
        for (const dependent of dependents.all(entry.id) as string[])
          mark.run({ at, by, reason: `${entry.documentNumber} was voided: ${reason}`, id: dependent });
      })
      .immediate();
    return this.outbox.item(entry.id) ?? entry;
  }

  /** Every entry, oldest first, for the export file. */
  all(): QueueItem[] {
    const total = this.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
    return this.outbox.items({ limit: Math.max(1, total) });
  }
}
