import { Type, type Static } from 'typebox';
import { CalendarDate, Timestamp } from './timestamp';

/** A business day as the till counted it: 2026-11-30. */
export const JournalDaySchema = CalendarDate();

export const JournalKindSchema = Type.Union([Type.Literal('sale'), Type.Literal('refund'), Type.Literal('x_reading'), Type.Literal('z_reading')]);
export type JournalKind = Static<typeof JournalKindSchema>;

/** The most text one entry carries as a till of this version writes it: a longer document goes in parts (terminal/journal/journal-parts.ts). */
export const JOURNAL_TEXT_MAX_CHARS = 32_000;

/**
 * The most text the back office takes in one entry: more than a till writes, so that an entry
 * a till of an earlier version wrote whole (a sale of hundreds of lines, before parts), and
 * that held back every entry after it, goes once both are upgraded (the body limit, 1 MiB,
 * still bounds a request).
 */
export const JOURNAL_TEXT_ACCEPTED_CHARS = 500_000;

/** The line that heads a reprint: on the paper (desktop and browser) and in the journal's text of it. */
export const REPRINT_MARK = '*** REPRINT ***';

/** One entry of a till's electronic journal: the text of a document as it was issued or printed again. */
export const JournalEntrySchema = Type.Object({
  /** The till's own journal sequence: 1, 2, 3, ... never reused. With the terminal, the entry's identity. */
  seq: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
  kind: JournalKindSchema,
  documentNumber: Type.String({ minLength: 1, maxLength: 64 }),
  reprint: Type.Boolean(),
  printedAt: Timestamp(),
  day: JournalDaySchema,
  text: Type.String({ minLength: 1, maxLength: JOURNAL_TEXT_ACCEPTED_CHARS }),
});
export type JournalEntry = Static<typeof JournalEntrySchema>;

/** POST /v1/journal: entries in sequence; delivering one twice records it once. */
export const JournalUploadSchema = Type.Object({ entries: Type.Array(JournalEntrySchema, { minItems: 1, maxItems: 25 }) });
export type JournalUpload = Static<typeof JournalUploadSchema>;

export const JournalUploadResultSchema = Type.Object({
  /** Entries stored by this request. */
  recorded: Type.Integer(),
  /** Entries the back office already had, with the same text. */
  alreadyHad: Type.Integer(),
});
export type JournalUploadResult = Static<typeof JournalUploadResultSchema>;

export const AdminJournalQuerySchema = Type.Object({
  /** The terminal's code (T01). */
  terminal: Type.String({ minLength: 1, maxLength: 32 }),
  businessCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  day: JournalDaySchema,
  format: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('csv')])),
});
export type AdminJournalQuery = Static<typeof AdminJournalQuerySchema>;
