import type { JournalEntry, JournalKind } from '../../protocol/journal';
import type { TerminalDb } from '../store/terminal-db';
import { businessDay, DEFAULT_BUSINESS_TIMEZONE } from '../invoicing/document-dates';
import { chainOf } from './journal-chain';
import { journalParts } from './journal-parts';

interface JournalRow {
  seq: number;
  terminal_code: string;
  kind: JournalKind;
  document_number: string;
  reprint: number;
  printed_at: string;
  day: string;
  text: string;
}

const toEntry = (r: JournalRow): JournalEntry => ({
  seq: r.seq,
  kind: r.kind,
  documentNumber: r.document_number,
  reprint: r.reprint === 1,
  printedAt: r.printed_at,
  day: r.day,
  text: r.text,
});

/**
 * The electronic journal on the till (table `journal`, append-only by trigger). A
 * document's entry is written in the transaction that writes the document (a sale, a
 * refund, a Z reading); an X reading and a reprint when they are printed.
 */
export class ElectronicJournal {
  private readonly statements: ReturnType<ElectronicJournal['prepare']>;

  constructor(private readonly db: TerminalDb) {
    this.statements = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      append: db.prepare(
        `INSERT INTO journal (seq, terminal_code, kind, document_id, document_number, reprint, printed_at, day, text, chain)
         VALUES (@seq, @terminal_code, @kind, @document_id, @document_number, @reprint, @printed_at, @day, @text, @chain)`,
      ),
      printsOf: db.prepare('SELECT COUNT(*) FROM document_prints WHERE document_id = ?').pluck(),
      // The last entry: the one the next is chained to (its chain null before the first chained entry), and the next sequence.
      last: db.prepare('SELECT seq, chain FROM journal ORDER BY seq DESC LIMIT 1'),
      // The business's time zone in the profile the till holds (invoice-profile-store.ts), without reading the whole profile.
      timeZone: db.prepare("SELECT json_extract(value, '$.profile.business.timezone') FROM terminal_settings WHERE name = 'invoice_profile'").pluck(),
      print: db.prepare('INSERT INTO document_prints (document_id, printed_at) VALUES (?, ?)'),
    };
  }

  append(entry: {
    terminalCode: string;
    kind: JournalKind;
    documentId: string;
    documentNumber: string;
    reprint: boolean;
    at: Date;
    text: string;
    /** The journal day it is filed under: the day of `at` unless the document is another day's (a Z ending the day before, after midnight). */
    day?: string;
  }): number {
    // A text longer than the back office takes in one entry goes in parts, one entry each (journalParts).
    // Each part is chained to the entry before it (journal-chain.ts).
    const day = entry.day ?? this.dayOf(entry.at);
    const seqs = journalParts(entry.text).map((text) => {
      const last = this.last();
      const fields = {
        seq: (last?.seq ?? 0) + 1,
        terminal_code: entry.terminalCode,
        kind: entry.kind,
        document_id: entry.documentId,
        document_number: entry.documentNumber,
        reprint: entry.reprint ? 1 : 0,
        printed_at: entry.at.toISOString(),
        day,
        text,
      };
      this.statements.append.run({ ...fields, chain: chainOf(last?.chain ?? null, fields) });
      return fields.seq;
    });
    return seqs[0]!;
  }

  /**
   * The journal's day of a moment on this till: its date on the business's wall clock, in the
   * time zone of the invoice profile the till holds (Asia/Manila before it has one), not the
   * machine's. (Until the fifteenth session it was the machine's date; entries keep the day
   * they were written under.)
   */
  dayOf(at: Date): string {
    return businessDay(at, this.timeZone());
  }

  /** The business's time zone, as the invoice profile this till holds names it (Asia/Manila before it has one). */
  timeZone(): string {
    return (this.statements.timeZone.get() as string | null | undefined) ?? DEFAULT_BUSINESS_TIMEZONE;
  }

  /** The chain's head now: the last entry's sequence and chain (null before the first chained entry): what a Z seals. */
  head(): { seq: number; chain: string } | null {
    const last = this.last();
    return last?.chain ? { seq: last.seq, chain: last.chain } : null;
  }

  private last(): { seq: number; chain: string | null } | undefined {
    return this.statements.last.get() as { seq: number; chain: string | null } | undefined;
  }

  /** Counts a print of a document; true when it had been printed before (this one is a reprint). */
  /** Whether the journal holds this document (its kind, id and number), written when it was issued. */
  holds(kind: JournalKind, documentId: string, documentNumber: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM journal WHERE kind = ? AND document_id = ? AND document_number = ? AND reprint = 0 LIMIT 1')
        .get(kind, documentId, documentNumber) !== undefined
    );
  }

  countPrint(documentId: string, at: Date): boolean {
    const before = this.statements.printsOf.get(documentId) as number;
    this.statements.print.run(documentId, at.toISOString());
    return before > 0;
  }

  /** Counts a print only when it is the document's first (its original); false, and nothing counted, when it was printed before. */
  countFirstPrint(documentId: string, at: Date): boolean {
    if ((this.statements.printsOf.get(documentId) as number) > 0) return false;
    this.statements.print.run(documentId, at.toISOString());
    return true;
  }

  /** One day's entries, in sequence; and the terminal code they were written under. */
  day(day: string): JournalEntry[] {
    return (this.db.prepare('SELECT * FROM journal WHERE day = ? ORDER BY seq').all(day) as JournalRow[]).map(toEntry);
  }

  /**
   * The entries the back office has not acknowledged yet, oldest first, numbered as they are
   * sent: the till's own sequence plus `offset` (0 unless the back office held some of its
   * sequences for other entries: sendAfter).
   */
  unsent(limit: number): { terminalCode: string; entries: JournalEntry[]; offset: number } | null {
    const rows = this.db
      .prepare("SELECT * FROM journal WHERE seq > (SELECT value FROM till_counters WHERE name = 'journal_sent_through') ORDER BY seq LIMIT ?")
      .all(limit) as JournalRow[];
    const first = rows[0];
    if (first === undefined) return null;
    // One request carries one terminal code's entries (a till paired as another terminal starts a new run).
    const differs = rows.findIndex((r) => r.terminal_code !== first.terminal_code);
    const same = differs === -1 ? rows : rows.slice(0, differs);
    const offset = this.offset();
    return { terminalCode: first.terminal_code, entries: same.map((r) => ({ ...toEntry(r), seq: r.seq + offset })), offset };
  }

  /** The back office has every entry up to `seq` (the till's own sequence). */
  sentThrough(seq: number): void {
    this.db.prepare("UPDATE till_counters SET value = MAX(value, ?) WHERE name = 'journal_sent_through'").run(seq);
  }

  sentThroughNow(): number {
    return this.db.prepare("SELECT value FROM till_counters WHERE name = 'journal_sent_through'").pluck().get() as number;
  }

  /**
   * The back office holds sequences of this till for other entries, up to `lastSeq` (409
   * journal_seq_reused: the till was put back from a copy of its folder). The entries not
   * sent yet go after it: the first one as lastSeq + 1, the rest in their order. Nothing on
   * the till is rewritten; only what it adds to its sequence when sending goes up. False when
   * that would not move it (the answer does not fit this till's journal).
   */
  sendAfter(lastSeq: number): boolean {
    return this.db.transaction(() => {
      const firstUnsent = this.db
        .prepare("SELECT MIN(seq) FROM journal WHERE seq > (SELECT value FROM till_counters WHERE name = 'journal_sent_through')")
        .pluck()
        .get() as number | null;
      if (firstUnsent === null) return false;
      const offset = lastSeq + 1 - firstUnsent;
      if (offset <= this.offset()) return false;
      this.db.prepare("UPDATE till_counters SET value = ? WHERE name = 'journal_seq_offset'").run(offset);
      return true;
    })();
  }

  private offset(): number {
    return this.db.prepare("SELECT value FROM till_counters WHERE name = 'journal_seq_offset'").pluck().get() as number;
  }
}
