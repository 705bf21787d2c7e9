import type { Migration } from '../store/migrations';

/**
 * The electronic journal: the text of every document the till issued or printed again
 * (sale invoices, return slips, X and Z readings, reprints marked as such), one row per
 * document in the till's own sequence. Append-only: triggers refuse UPDATE and DELETE.
 * What the back office has acknowledged is a counter beside it that only goes up.
 */
export const journalMigration = (version: number): Migration => ({
  version,
  name: 'electronic journal',
  sql: `
    CREATE TABLE journal (
      seq INTEGER PRIMARY KEY,
      terminal_code TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'x_reading', 'z_reading')),
      document_id TEXT NOT NULL,
      document_number TEXT NOT NULL,
      reprint INTEGER NOT NULL CHECK (reprint IN (0, 1)),
      printed_at TEXT NOT NULL,
      day TEXT NOT NULL,
      text TEXT NOT NULL
    );
    CREATE INDEX journal_day ON journal (day, seq);
    CREATE INDEX journal_document ON journal (document_id);
    CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
      SELECT RAISE(ABORT, 'the electronic journal is append-only');
    END;
    CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
      SELECT RAISE(ABORT, 'the electronic journal is append-only');
    END;

    -- Every print of a document: the first is the original, each later one a reprint.
    CREATE TABLE document_prints (seq INTEGER PRIMARY KEY, document_id TEXT NOT NULL, printed_at TEXT NOT NULL);
    CREATE INDEX document_prints_document ON document_prints (document_id);

    INSERT INTO till_counters (name, value) VALUES ('journal_sent_through', 0);
    CREATE TRIGGER journal_sent_only_up BEFORE UPDATE ON till_counters WHEN OLD.name = 'journal_sent_through' AND NEW.value < OLD.value BEGIN
      SELECT RAISE(ABORT, 'the journal upload never goes back');
    END;
  `,
});

/**
 * What the till adds to its journal's own sequence when it sends an entry: 0 until the back
 * office answers that it holds one of the sequences with another text (409
 * journal_seq_reused: this till was put back from a copy of its folder). It then only goes up.
 */
export const journalSeqOffsetMigration = (version: number): Migration => ({
  version,
  name: 'journal sequence offset',
  sql: `
    INSERT INTO till_counters (name, value) VALUES ('journal_seq_offset', 0);
    CREATE TRIGGER journal_seq_offset_only_up BEFORE UPDATE ON till_counters WHEN OLD.name = 'journal_seq_offset' AND NEW.value < OLD.value BEGIN
      SELECT RAISE(ABORT, 'the journal sequence offset never goes back');
    END;
  `,
});
