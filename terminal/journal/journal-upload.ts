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
 * seq) once, so a request whose answer was lost is simply sent again. A sequence it holds
 * with another text (409 journal_seq_reused, `lastSeq`) moves the entries not sent yet after
 * its last (ElectronicJournal.sendAfter), and they go again.
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
    // Put back from a copy of its folder, this till gave sequences the back office holds for
    // other entries: it sends its own after the back office's last, and goes on.
    const held = heldAgain(outcome.body);
    if (problem.code === 'journal_seq_reused' && held !== null) {
      // The entries before the one refused are the back office's with the same text (it holds every sequence up to lastSeq).
      const before = batch.entries[held.index - 1];
      if (before !== undefined) journal.sentThrough(before.seq - batch.offset);
      if (journal.sendAfter(held.lastSeq)) {
        logger.warn(
          { lastSeq: held.lastSeq, from: batch.entries[held.index]?.seq },
          'journal sequences held by the back office: sent again after its last',
        );
        return 'sent';
      }
    }
    logger.warn({ status: outcome.status, code: problem.code, detail: problem.detail, from: batch.entries[0]?.seq }, 'journal upload refused');
    return 'failed';
  }
  journal.sentThrough(request.last - batch.offset);
  return 'sent';
}

/** A 409 journal_seq_reused's last sequence held and the entry of the request it refused (`errors[0].path`, /entries/<i>). */
function heldAgain(body: unknown): { lastSeq: number; index: number } | null {
  const problem = body as { lastSeq?: unknown; errors?: { path?: unknown }[] } | undefined;
  const lastSeq = problem?.lastSeq;
  const path = problem?.errors?.[0]?.path;
  const index = typeof path === 'string' ? /^\/entries\/(\d+)$/.exec(path)?.[1] : undefined;
  if (typeof lastSeq !== 'number' || !Number.isSafeInteger(lastSeq) || index === undefined) return null;
  return { lastSeq, index: Number(index) };
}
