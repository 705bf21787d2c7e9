import type { Kysely } from 'kysely';
import type { VoidedDocument, VoidedDocumentRecorded } from '../../protocol';
import type { TerminalCaller } from '../auth/callers';
import type { Database } from '../db/tables';
import { Problem } from '../problem';
import { heldDocuments } from './held-documents';

/**
 * A local number split as the receipt continuity splits a sale's (RECEIPT_PREFIX_SQL: the
 * text before its trailing digits, and those digits as a number): T01-000004 is T01- and 4.
 * No trailing digits, or more than a double holds exactly: no number (never counted).
 */
export function receiptSeriesOf(localNumber: string): { prefix: string; number: number | null } {
  const digits = /[0-9]*$/.exec(localNumber)?.[0] ?? '';
  const prefix = localNumber.slice(0, localNumber.length - digits.length);
  const number = digits === '' ? null : Number(digits);
  return { prefix, number: number !== null && Number.isSafeInteger(number) ? number : null };
}

/**
 * Records that a till voided a sale or refund before it was ever sent, once per (terminal,
 * local number). The same report again answers what was recorded (200, `alreadyHad`). Refused,
 * nothing stored:
 * - 409 voided_document_recorded: this back office holds a sale or refund of the terminal
 *   under the report's key. A document recorded is never voided (a till refuses to void an
 *   entry it ever sent without a final answer; this is the back office's own check of it).
 * - 409 voided_number_conflict: the terminal reported this number voided already, for
 *   another document (another key): the till numbered twice (put back from a copy of its
 *   folder). The first report stands.
 */
export async function recordVoidedDocument(
  db: Kysely<Database>,
  terminal: TerminalCaller,
  voided: VoidedDocument,
  now: Date,
): Promise<{ status: 200 | 201; body: VoidedDocumentRecorded }> {
  return db.transaction().execute(async (trx) => {
    const held = await heldDocuments(trx, terminal.terminalId, [voided.key]);
    if (held.length > 0)
      throw new Problem(
        409,
        'voided_document_recorded',
        'Document recorded',
        `${voided.localNumber} of ${terminal.terminalCode} is recorded here (under the key ${voided.key}): a document the back office holds is never recorded as voided. Look at it in the sales or refunds.`,
      );
    const { prefix, number } = receiptSeriesOf(voided.localNumber);
    const receivedAt = now.toISOString();
    const inserted = await trx
      .insertInto('voided_documents')
      .values({
        terminal_id: terminal.terminalId,
        local_number: voided.localNumber,
        business_id: terminal.businessId,
        kind: voided.kind,
        idempotency_key: voided.key,
        prefix,
        number,
        occurred_at: new Date(voided.occurredAt).toISOString(),
        value_minor: voided.valueMinor,
        voided_at: new Date(voided.voidedAt).toISOString(),
        voided_by: voided.voidedBy.trim(),
        reason: voided.reason,
        received_at: receivedAt,
      })
      .onConflict((c) => c.columns(['terminal_id', 'local_number']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0)
      return { status: 201, body: { kind: voided.kind, localNumber: voided.localNumber, recordedAt: receivedAt, alreadyHad: false } };
    const first = await trx
      .selectFrom('voided_documents')
      .select(['idempotency_key', 'kind', 'received_at'])
      .where('terminal_id', '=', terminal.terminalId)
      .where('local_number', '=', voided.localNumber)
      .executeTakeFirstOrThrow();
    if (first.idempotency_key !== voided.key || first.kind !== voided.kind)
      throw new Problem(
        409,
        'voided_number_conflict',
        'Number voided already',
        `${voided.localNumber} of ${terminal.terminalCode} was reported voided already, for another document: the till numbered two documents alike (put back from a copy of its folder?). The first report stands.`,
      );
    return { status: 200, body: { kind: voided.kind, localNumber: voided.localNumber, recordedAt: first.received_at, alreadyHad: true } };
  });
}
