import type { Statement } from 'better-sqlite3';
import { MAX_SYNCED_CHECKPOINTS } from '../../protocol';
import type { TerminalDb } from '../store/terminal-db';

/** An acknowledged sale or refund the heartbeat asks the back office about. */
export interface Checkpoint {
  /** Its place in the order of acknowledgements (outbox.synced_order). */
  order: number;
  key: string;
}

/** Checkpoints spaced 1, 2, 4, … back from the last verified one: enough for a million acknowledgements. */
const FAMILY = 20;

/**
 * Whether the back office still holds the sales and refunds it acknowledged to this till, and
 * what to send again when it does not: it was restored from a backup taken before some of
 * them (docs/PROTOCOL.md, "A back office restored from a backup").
 *
 * A restore loses one run of acknowledgements: those recorded after the backup and before the
 * back office stopped. Each heartbeat names (`checkpoints`):
 *  - every acknowledgement after `verified` (the last one up to which the back office was found
 *    to hold everything), oldest first, up to the heartbeat's limit: a run lost after it is
 *    found, however many were acknowledged since the restore;
 *  - `verified` itself and the acknowledgements 1, 3, 7, 15, … before it: a backup older than
 *    the last check loses `verified` itself, and the ones before it bound the run from below.
 * The order is the till's own counter, not its clock (which may go back).
 */
/** The sales and refunds acknowledged to one terminal (@terminalId): the rows of the outbox_acknowledged index. */
const ACKNOWLEDGED = "synced_terminal = @terminalId AND state = 'synced' AND kind IN ('sale', 'refund')";

export class AcknowledgedCheck {
  private readonly st: { atOrBefore: Statement; after: Statement; verified: Statement; verify: Statement; resend: Statement };

  constructor(private readonly db: TerminalDb) {
    const acknowledged = `FROM outbox INDEXED BY outbox_acknowledged WHERE ${ACKNOWLEDGED}`;
    this.st = {
      atOrBefore: db.prepare(`SELECT synced_order AS "order", key ${acknowledged} AND synced_order <= @at ORDER BY synced_order DESC LIMIT 1`),
      after: db.prepare(`SELECT synced_order AS "order", key ${acknowledged} AND synced_order > @after ORDER BY synced_order LIMIT @limit`),
      verified: db.prepare('SELECT verified_order FROM acknowledged_checks WHERE terminal_id = ?').pluck(),
      verify: db.prepare(
        'INSERT INTO acknowledged_checks (terminal_id, verified_order) VALUES (?, ?) ON CONFLICT (terminal_id) DO UPDATE SET verified_order = excluded.verified_order',
      ),
      resend: db.prepare(
        `UPDATE outbox SET state = 'pending', synced_at = NULL, synced_terminal = NULL, synced_order = NULL, next_attempt_at = NULL,
           sent_without_answer = 1, last_error_code = 'resent_after_restore', last_error_message = @message
         WHERE ${ACKNOWLEDGED} AND synced_order > @from AND (@to IS NULL OR synced_order < @to)`,
      ),
    };
  }

  /** What the next heartbeat asks about, oldest first (at most MAX_SYNCED_CHECKPOINTS). */
  checkpoints(terminalId: string): Checkpoint[] {
    const verified = (this.st.verified.get(terminalId) as number | undefined) ?? 0;
    const before: Checkpoint[] = [];
    for (let k = 0; k < FAMILY && verified > 0; k++) {
      const found = this.st.atOrBefore.get({ terminalId, at: verified - (2 ** k - 1) }) as Checkpoint | undefined;
      if (found === undefined) break;
      if (before.at(-1)?.order !== found.order) before.push(found);
    }
    const after = this.st.after.all({ terminalId, after: verified, limit: MAX_SYNCED_CHECKPOINTS - before.length }) as Checkpoint[];
    return [...before.reverse(), ...after];
  }

  /**
   * The back office answered which checkpoints it holds (`held`). All of them: the last one
   * becomes `verified`. Otherwise every sale and refund acknowledged to `terminalId` between
   * the held checkpoints around the missing ones goes back to pending (the acknowledgement
   * before the first missing one, or the first ever, up to the one after the last missing
   * one, or the newest), to be sent again under its own key: what the back office still has
   * answers as a replay, what it lost is recorded again. Marked sent without an answer (it
   * was recorded once: no manager may void it). Answers how many went back.
   */
  resendLost(terminalId: string, checkpoints: readonly Checkpoint[], held: ReadonlySet<string>): number {
    const missing = checkpoints.filter((c) => !held.has(c.key));
    if (missing.length === 0) {
      const last = checkpoints.at(-1);
      if (last !== undefined) this.st.verify.run(terminalId, last.order);
      return 0;
    }
    const first = missing[0]!.order;
    const lastMissing = missing.at(-1)!.order;
    const from = checkpoints.filter((c) => c.order < first).at(-1)?.order ?? 0;
    const to = checkpoints.find((c) => c.order > lastMissing)?.order ?? null;
    return this.db
      .transaction(() => {
        this.st.verify.run(terminalId, from);
        return this.st.resend.run({
          terminalId,
          from,
          to,
          message: 'The back office no longer had it (restored from an older backup?): sent again under its own key.',
        }).changes;
      })
      .immediate();
  }
}
