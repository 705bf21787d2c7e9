import { Type, type Static } from 'typebox';
import { JournalDaySchema, JournalEntrySchema } from '../../protocol/journal';

export const RecordPrintArgsSchema = Type.Object({
  kind: Type.Union([Type.Literal('sale'), Type.Literal('refund'), Type.Literal('reading')]),
  /** The sale's or refund's id or number; the shift's id for a reading. */
  id: Type.String({ minLength: 1, maxLength: 64 }),
  /** A reading of a closed shift that ended the day: 'X' its own reading as it closed, 'Z' (the default) the day's. */
  reading: Type.Optional(Type.Union([Type.Literal('X'), Type.Literal('Z')])),
});
export type RecordPrintArgs = Static<typeof RecordPrintArgsSchema>;

export const PrintRecordSchema = Type.Object({
  /** The journal entry this print added, if any (a reprint, or an X reading). */
  journalSeq: Type.Union([Type.Integer(), Type.Null()]),
  reprint: Type.Boolean(),
});
export type PrintRecord = Static<typeof PrintRecordSchema>;

/** The day, "2026-12-01", on the business's wall clock; none: today there. */
export const JournalDayArgsSchema = Type.Object({ day: Type.Optional(JournalDaySchema) });
export type JournalDayArgs = Static<typeof JournalDayArgsSchema>;

export const JournalDaySchemaResult = Type.Object({
  day: Type.String(),
  terminalCode: Type.Union([Type.String(), Type.Null()]),
  entries: Type.Array(JournalEntrySchema),
  /** The day as a text file and as CSV (protocol/journal-export.ts), ready to save. */
  text: Type.String(),
  csv: Type.String(),
});
export type JournalDay = Static<typeof JournalDaySchemaResult>;

/** checkJournal: whether every chained entry is still as it was written (terminal/journal/journal-chain.ts). */
export const JournalCheckSchema = Type.Object({
  intact: Type.Boolean(),
  entries: Type.Integer(),
  /** The first entry written with a chain (entries before this version carry none); null before any. */
  chainedFrom: Type.Union([Type.Integer(), Type.Null()]),
  /** The last entry checked and its seal (what a Z reading prints as "Journal seal"). */
  head: Type.Union([Type.Object({ seq: Type.Integer(), seal: Type.String() }), Type.Null()]),
  /** The first entry that is not as it was written, or that follows one removed or slipped in, or whose Z seal no longer matches. */
  brokenAt: Type.Union([Type.Integer(), Type.Null()]),
  /** Each Z reading's seal against the journal, the latest first: compare with the Z readings on paper. */
  seals: Type.Array(
    Type.Object({ zCounter: Type.Union([Type.Integer(), Type.Null()]), throughSeq: Type.Integer(), seal: Type.String(), matches: Type.Boolean() }),
  ),
});
export type JournalCheck = Static<typeof JournalCheckSchema>;
