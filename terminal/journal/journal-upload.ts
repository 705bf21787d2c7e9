import type pino from 'pino';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';
import { problemOf } from '../sync/delivery';
import type { ElectronicJournal } from './electronic-journal';

/** Entries per request: well under the back office's 1 MiB body limit at 32,000 characters each. */
const BATCH = 25;

/**
 * Sends the journal entries the back office does not have yet, in sequence, and moves the
 * till's "sent through" counter when it answers. The back office stores each (terminal,
 * seq) once, so a request whose answer was lost is simply sent again.
 */
export async function uploadJournal(
  journal: ElectronicJournal,
  client: BackOfficeClient,
  link: Connection,
  logger: pino.Logger,
): Promise<'idle' | 'sent' | 'failed'> {
  const batch = journal.unsent(BATCH);
  if (batch === null) return 'idle';
  const outcome = await client.send(link, 'POST', '/v1/journal', { json: JSON.stringify({ entries: batch.entries }) });
  if (outcome.kind === 'no_answer') return 'failed';
  if (outcome.status !== 200) {
    const problem = problemOf(outcome.status, outcome.body);
    logger.warn({ status: outcome.status, code: problem.code, detail: problem.detail, from: batch.entries[0]?.seq }, 'journal upload refused');
    return 'failed';
  }
  journal.sentThrough(batch.entries[batch.entries.length - 1]?.seq ?? 0);
  return 'sent';
}
