import { createHash } from 'node:crypto';
import type { Migration } from '../store/migrations';
import type { TerminalDb } from '../store/terminal-db';

/**
 * The electronic journal made tamper-evident: each entry written since this version carries
 * `chain`, the SHA-256 of the chain of the entry before it and of its own fields. An entry
 * changed, removed or slipped in afterwards (by someone who dropped the append-only
 * triggers) breaks the chain from there on, and every Z reading prints the chain's head as
 * its journal seal: paper that the journal, checked later, must still match.
 */
export const journalChainMigration = (version: number): Migration => ({
  version,
  name: 'journal chain',
  sql: `ALTER TABLE journal ADD COLUMN chain TEXT CHECK (chain IS NULL OR length(chain) = 64);`,
});

export interface ChainedFields {
  terminal_code: string;
  kind: string;
  document_id: string;
  document_number: string;
  reprint: number;
  printed_at: string;
  day: string;
  text: string;
}

/** The chain of an entry: the one before it (empty for the first chained entry) and its own fields, each length-prefixed. */
export function chainOf(previous: string | null, entry: ChainedFields): string {
  const hash = createHash('sha256');
  const fields = [
    previous ?? '',
    entry.terminal_code,
    entry.kind,
    entry.document_id,
    entry.document_number,
    String(entry.reprint),
    entry.printed_at,
    entry.day,
    entry.text,
  ];
  for (const field of fields) hash.update(`${Buffer.byteLength(field)}:${field}\n`);
  return hash.digest('hex');
}

/** The chain's head now: the last chained entry's sequence and chain (null before the first). */
export function chainHead(db: TerminalDb): { seq: number; chain: string } | null {
  return (
    (db.prepare('SELECT seq, chain FROM journal WHERE chain IS NOT NULL ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; chain: string } | undefined) ?? null
  );
}

export interface JournalCheck {
  /** True when every chained entry is as it was written and none is missing or slipped in. */
  intact: boolean;
  /** Entries in the journal; of them, those written before the chain (this version) carry none. */
  entries: number;
  chainedFrom: number | null;
  /** The head: the seal a Z reading printed (or prints next) is its first 16 characters. */
  head: { seq: number; seal: string } | null;
  /** The first entry that does not match what was written (changed, or after one removed or slipped in). */
  brokenAt: number | null;
}

/** A Z reading's journal seal: the head's chain, shortened to what a person can compare by eye. */
export const sealOf = (chain: string) => chain.slice(0, 16);

/** Reads the whole journal in sequence and checks every link. */
export function checkJournal(db: TerminalDb): JournalCheck {
  let previous: string | null = null;
  const entries = db.prepare('SELECT COUNT(*) FROM journal').pluck().get() as number;
  let chainedFrom: number | null = null;
  let head: JournalCheck['head'] = null;
  for (const row of db
    .prepare('SELECT seq, terminal_code, kind, document_id, document_number, reprint, printed_at, day, text, chain FROM journal ORDER BY seq')
    .iterate() as IterableIterator<ChainedFields & { seq: number; chain: string | null }>) {
    if (row.chain === null) {
      // Before the chain began, entries carry none; after it, an entry without one was slipped in.
      if (chainedFrom !== null) return { intact: false, entries, chainedFrom, head, brokenAt: row.seq };
      continue;
    }
    chainedFrom ??= row.seq;
    if (chainOf(previous, row) !== row.chain) return { intact: false, entries, chainedFrom, head, brokenAt: row.seq };
    previous = row.chain;
    head = { seq: row.seq, seal: sealOf(row.chain) };
  }
  return { intact: true, entries, chainedFrom, head, brokenAt: null };
}
