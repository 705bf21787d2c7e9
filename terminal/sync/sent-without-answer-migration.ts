import type { Migration } from '../store/migrations';

/**
 * Whether a queued write EVER went out without a final answer (no answer, a 5xx, a
 * proxy's page, a round whose answer could not be recorded; not an attempt that never left,
 * a refused connection: back-office-client.ts). Such an entry may be on the
 * back office already, so a manager can never void it, even after a later refusal.
 * Entries from before this version are judged by what is known: one sent and still
 * waiting, or refused after more than one attempt, is taken as sent without an answer.
 */
export const sentWithoutAnswerMigration = (version: number): Migration => ({
  version,
  name: 'outbox: sent without a final answer',
  sql: `
    ALTER TABLE outbox ADD COLUMN sent_without_answer INTEGER NOT NULL DEFAULT 0;
    UPDATE outbox SET sent_without_answer = 1
      WHERE (state IN ('pending', 'sending') AND attempts > 0) OR (state = 'needs_attention' AND attempts > 1);
  `,
});
