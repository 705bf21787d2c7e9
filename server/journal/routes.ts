import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AdminJournalQuerySchema, JournalUploadResultSchema, JournalUploadSchema, ProblemSchema, type JournalEntry } from '../../protocol';
import { journalAsCsv, journalAsText } from '../../protocol/journal-export';
import { requireAdmin, requireTerminal, terminalOf } from '../auth/callers';
import { refuseDaysOutOfRange } from '../books/business-day';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import { notFound, Problem } from '../problem';
import type { Services } from '../services';
import { businessByCode, codeMatches } from '../place-codes';

/**
 * A journal entry whose sequence the back office holds with another text: the till gave the
 * sequence again (restored from a copy of its folder, or the folder copied to another PC).
 * The journal is never rewritten: the answer names the terminal's last sequence here
 * (`lastSeq`), and the till sends its entries again after it (docs/PROTOCOL.md, "A till
 * restored from a copy of its folder"). The entries held stay as they are.
 */
class JournalSeqReused extends Problem {
  constructor(terminalCode: string, seq: number, index: number, lastSeq: number) {
    super(
      409,
      'journal_seq_reused',
      'Journal entry differs',
      `Journal entry ${seq} of ${terminalCode} is already recorded with another text: a journal is never rewritten. ` +
        `The last entry of this terminal here is ${lastSeq}: the till sends its entries again after it.`,
      [{ path: `/entries/${index}`, message: 'differs from the entry recorded' }],
      {},
      { lastSeq },
    );
  }
}

/**
 * The tills' electronic journals. A till uploads its entries in its own sequence; the
 * entry's identity is (terminal, seq), so a retry after a lost answer, or the same entry
 * sent twice, is stored once. The same seq with another text is refused (409
 * journal_seq_reused): a journal is never rewritten. An admin exports one terminal's day as text or CSV.
 */
export const journalRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { db } = services.store;

  app.post(
    '/v1/journal',
    {
      onRequest: requireTerminal(services.store, services.settings),
      schema: {
        summary: "Upload entries of the till's electronic journal (keyed by terminal and sequence: a duplicate is stored once)",
        body: JournalUploadSchema,
        response: { 200: JournalUploadResultSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const terminal = terminalOf(request);
      // Days a book could not be asked for (0000-01-01, 9999-12-31) are none a till's clock gives: refused, nothing stored.
      refuseDaysOutOfRange(request.body.entries.map((e, i) => ({ path: `/entries/${i}/day`, day: e.day })));
      const receivedAt = new Date().toISOString();
      return db.transaction().execute(async (trx) => {
        let recorded = 0;
        /** Entries this request recorded (rolled back if one is refused). */
        const recordedNow: number[] = [];
        for (const e of request.body.entries) {
          const inserted = await trx
            .insertInto('journal_entries')
            .values({
              terminal_id: terminal.terminalId,
              seq: e.seq,
              business_id: terminal.businessId,
              kind: e.kind,
              document_number: e.documentNumber,
              reprint: e.reprint ? 1 : 0,
              printed_at: e.printedAt,
              day: e.day,
              text: e.text,
              received_at: receivedAt,
            })
            .onConflict((c) => c.columns(['terminal_id', 'seq']).doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
            recorded += 1;
            recordedNow.push(e.seq);
            continue;
          }
          const held = await trx
            .selectFrom('journal_entries')
            .select(['text', 'kind', 'document_number'])
            .where('terminal_id', '=', terminal.terminalId)
            .where('seq', '=', e.seq)
            .executeTakeFirstOrThrow();
          if (held.text !== e.text || held.kind !== e.kind || held.document_number !== e.documentNumber) {
            const last = await trx
              .selectFrom('journal_entries')
              .select((eb) => eb.fn.max('seq').as('seq'))
              .where('terminal_id', '=', terminal.terminalId)
              .$if(recordedNow.length > 0, (q) => q.where('seq', 'not in', recordedNow))
              .executeTakeFirstOrThrow();
            throw new JournalSeqReused(terminal.terminalCode, e.seq, request.body.entries.indexOf(e), Number(last.seq));
          }
        }
        return { recorded, alreadyHad: request.body.entries.length - recorded };
      });
    },
  );

  app.get(
    '/v1/admin/journal',
    {
      onRequest: requireAdmin(services.store, services.settings),
      schema: {
        summary: "One terminal's electronic journal for one day, as text (default) or CSV",
        querystring: AdminJournalQuerySchema,
        response: { 200: Type.String(), '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const { terminal: code, day, format } = request.query;
      const businessCode = request.query.businessCode ?? DEFAULT_BUSINESS_CODE;
      // The business first: with MAIN and main both held, main is main's journal, Main is refused (409).
      const business = await businessByCode(db, businessCode);
      const terminal =
        business &&
        (await db
          .selectFrom('terminals')
          .select(['id', 'code'])
          .where('business_id', '=', business.id)
          .where(codeMatches('code', code))
          .executeTakeFirst());
      if (!terminal) throw notFound(`Terminal ${code} of ${businessCode}`);
      const rows = await db
        .selectFrom('journal_entries')
        .selectAll()
        .where('terminal_id', '=', terminal.id)
        .where('day', '=', day)
        .orderBy('seq')
        .execute();
      const entries: JournalEntry[] = rows.map((r) => ({
        seq: Number(r.seq),
        kind: r.kind as JournalEntry['kind'],
        documentNumber: r.document_number,
        reprint: Number(r.reprint) === 1,
        printedAt: r.printed_at,
        day: r.day,
        text: r.text,
      }));
      if (format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="journal-${terminal.code}-${day}.csv"`)
          .send(journalAsCsv(terminal.code, entries));
      // The terminal as stored (T01, however it was typed), as every answer gives a code.
      return reply.type('text/plain; charset=utf-8').send(journalAsText(terminal.code, day, entries, business.timezone));
    },
  );
};
