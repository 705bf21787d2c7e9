import type pino from 'pino';
import type { JournalEntry } from '../../protocol/journal';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';
import { problemOf } from '../sync/delivery';
import type { ElectronicJournal } from './electronic-journal';

/** Entries per request (the back office takes at most 25), and bytes: under its 1 MiB body limit whatever the text's characters. */
const BATCH = 25;
const BATCH_BYTES = 512 * 1024;

/** The first entries whose request stays under BATCH_BYTES; always the first one (at most 32,000 characters: about 200 KB escaped). */
function requestOf(entries: readonly JournalEntry[]): { json: string; last: number } {
  let count = entries.length;
  let json = JSON.stringify({ entries });
  while (count > 1 && Buffer.byteLength(json) > BATCH_BYTES) {
    count = Math.max(1, Math.floor(count / 2));
    json = JSON.stringify({ entries: entries.slice(0, count) });
  }
  return { json, last: entries[count - 1]?.seq ?? 0 };
}

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
  const request = requestOf(batch.entries);
  const outcome = await client.send(link, 'POST', '/v1/journal', { json: request.json });
  if (outcome.kind === 'no_answer') return 'failed';
  if (outcome.status !== 200) {
    const problem = problemOf(outcome.status, outcome.body);
    logger.warn({ status: outcome.status, code: problem.code, detail: problem.detail, from: batch.entries[0]?.seq }, 'journal upload refused');
    return 'failed';
  }
  journal.sentThrough(request.last);
  return 'sent';
}
