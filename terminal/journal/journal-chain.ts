import { createHash } from 'node:crypto';
import type { Migration } from '../store/migrations';
import type { TerminalDb } from '../store/terminal-db';

/**
 * The electronic journal made tamper-evident: each entry written since this version carries
 * `chain`, the SHA-256 of the chain of the entry before it and of its own sequence and
 * fields. An entry changed, removed, renumbered or slipped in afterwards (by someone who
 * dropped the append-only triggers) breaks the chain from there on. The chain has no secret
 * key: someone who also computes every chain again gets past the links, but not past the
 * seals, the chain's head printed on every Z reading at its close, which the journal checked
 * later must still match (checkJournal lists each Z's seal against the journal).
 */
export const journalChainMigration = (version: number): Migration => ({
  version,
  name: 'journal chain',
  sql: `
    ALTER TABLE journal ADD COLUMN chain TEXT CHECK (chain IS NULL OR length(chain) = 64);
    -- Every entry from this one on is chained: one without a chain after it was slipped in (or stripped).
    INSERT INTO till_counters (name, value) VALUES ('journal_chain_from', (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal));
    CREATE TRIGGER journal_chain_from_fixed BEFORE UPDATE ON till_counters WHEN OLD.name = 'journal_chain_from' BEGIN
      SELECT RAISE(ABORT, 'where the journal chain starts never changes');
    END;
  `,
});

export interface ChainedFields {
  seq: number;
  terminal_code: string;
  kind: string;
  document_id: string;
  document_number: string;
  reprint: number;
  printed_at: string;
  day: string;
  text: string;
}

/** The chain of an entry: the one before it (empty for the first chained entry), its sequence and its fields, each length-prefixed. */
export function chainOf(previous: string | null, entry: ChainedFields): string {
  const hash = createHash('sha256');
  const fields = [
    previous ?? '',
    String(entry.seq),
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

/** A Z reading's journal seal: the head's chain, shortened to what a person can compare by eye. */
export const sealOf = (chain: string) => chain.slice(0, 16);

export interface ZSealCheck {
  zCounter: number | null;
  /** The last entry before the Z, and the seal the Z printed for it. */
  throughSeq: number;
  seal: string;
  /** Whether the journal now has that seal at that entry. */
  matches: boolean;
}

export interface JournalCheck {
  /** True when every chained entry is as it was written, none is missing or slipped in, and every Z's seal matches. */
  intact: boolean;
  entries: number;
  /** The first entry written with a chain (entries before this version carry none and are not checked); null before any. */
  chainedFrom: number | null;
  /** The last entry and its seal (what a Z reading closed now would print). */
  head: { seq: number; seal: string } | null;
  /** The first entry that is not as it was written, or that follows one removed or slipped in; or the entry a Z's seal no longer matches. */
  brokenAt: number | null;
  /** Each Z reading's seal against the journal, the latest first: what to compare with the Z readings on paper. */
  seals: ZSealCheck[];
}

/** Reads the whole journal in sequence, checks every link, then every Z's seal. */
export function checkJournal(db: TerminalDb): JournalCheck {
  const entries = db.prepare('SELECT COUNT(*) FROM journal').pluck().get() as number;
  const chainFrom = db.prepare("SELECT value FROM till_counters WHERE name = 'journal_chain_from'").pluck().get() as number;
  const chainAt = new Map<number, string>();
  let previous: string | null = null;
  let chainedFrom: number | null = null;
  let head: JournalCheck['head'] = null;
  let brokenAt: number | null = null;
  for (const row of db
    .prepare('SELECT seq, terminal_code, kind, document_id, document_number, reprint, printed_at, day, text, chain FROM journal ORDER BY seq')
    .iterate() as IterableIterator<ChainedFields & { chain: string | null }>) {
    if (row.seq < chainFrom && row.chain === null) continue;
    // From where the chain starts, every entry carries one, chained to the one before it.
    if (row.chain === null || chainOf(previous, row) !== row.chain) {
      brokenAt = row.seq;
      break;
    }
    chainedFrom ??= row.seq;
    chainAt.set(row.seq, row.chain);
    previous = row.chain;
    head = { seq: row.seq, seal: sealOf(row.chain) };
  }
  const seals = (
    db.prepare('SELECT z_counter AS zCounter, z_report FROM shifts WHERE z_report IS NOT NULL ORDER BY seq DESC').all() as {
      zCounter: number | null;
      z_report: string;
    }[]
  ).flatMap(({ zCounter, z_report }): ZSealCheck[] => {
    const sealed = (JSON.parse(z_report) as { journalSeal?: { throughSeq: number; seal: string } }).journalSeal;
    if (!sealed) return [];
    const chain = chainAt.get(sealed.throughSeq);
    return [{ zCounter, throughSeq: sealed.throughSeq, seal: sealed.seal, matches: chain !== undefined && sealOf(chain) === sealed.seal }];
  });
  const unmatched = seals.filter((s) => !s.matches).map((s) => s.throughSeq);
  if (unmatched.length > 0) brokenAt = Math.min(brokenAt ?? Infinity, ...unmatched);
  return { intact: brokenAt === null, entries, chainedFrom, head, brokenAt, seals };
}
