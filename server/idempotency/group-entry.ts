import { sql } from 'kysely';
import { terminalRevokedProblem, tokenReplacedProblem, type TerminalCaller } from '../auth/callers';
import type { DatabaseKind, Tx } from '../db/database';
import { selectByPairs } from '../db/hot-statements';
import type { Problem } from '../problem';

/** Why a write of a group goes no further, or null: it goes on. */
export type Entry = null | { refused: 'in-progress' } | { refused: Problem };

/** The answer stored for a key (idempotency_responses), replayed to a delivery with the same payload. */
export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: string;
}

export interface GroupEntry {
  /** One per write, in order. */
  entries: Entry[];
  /** The answer stored for each write's key, if any, in order. */
  answers: (StoredAnswer | undefined)[];
}

/**
 * The first step of every group, inside its transaction, for each write:
 *  - its caller checked again: its terminal revoked, or paired again with a new token, since
 *    the request was let in (by another instance, the CLI, while the write waited, or within
 *    the token cache's second, callers.ts);
 *  - PostgreSQL: its key's advisory lock tried; another instance working on the key holds it
 *    until it commits: 'in-progress'. A try never waits, so key locks take no part in any
 *    lock order;
 *  - the answer stored for its key.
 * PostgreSQL: ONE statement. Its snapshot is taken before the locks are tried, so an answer
 * another instance committed in between is not seen here; the writers' own dedup reads that
 * follow (a sale by its terminal and key, a refund likewise) run in later statements, with
 * a newer snapshot, and find the record: the delivery is still answered as a replay, with
 * the stored answer read again then (storedAnswers, group-transaction.ts), so that it is the
 * first delivery's own answer, byte for byte, and not one rebuilt from the record.
 * SQLite (one writer, BEGIN IMMEDIATE): two reads, no round trips.
 */
export async function enterGroup(
  trx: Tx,
  kind: DatabaseKind,
  writes: readonly { scope: string; key: string; caller: TerminalCaller }[],
): Promise<GroupEntry> {
  const callers = writes.map((w) => w.caller);
  if (kind === 'postgres') {
    const { rows } = await sql<
      { locked: boolean; paired: boolean; revoked_at: string | null } & { [K in keyof StoredAnswer]: StoredAnswer[K] | null }
    >`select
        pg_try_advisory_xact_lock(hashtextextended(t.scope || ' ' || t.key, 0)) as locked,
        term.id is not null as paired, term.revoked_at, r.fingerprint, r.status, r.body
      from unnest(${writes.map((w) => w.scope)}::text[], ${writes.map((w) => w.key)}::text[],
                  ${callers.map((c) => c.terminalId)}::text[], ${callers.map((c) => c.tokenHash)}::text[])
        with ordinality as t(scope, key, terminal_id, token_hash, n)
        left join terminals term on term.id = t.terminal_id and term.token_hash = t.token_hash
        left join idempotency_responses r on r.scope = t.scope and r.key = t.key
      order by t.n`.execute(trx);
    return {
      entries: rows.map((row, i) => (row.locked ? callerEntry(row.paired, row.revoked_at, callers[i]!.timezone) : { refused: 'in-progress' })),
      answers: rows.map((row) =>
        row.fingerprint === null ? undefined : { fingerprint: row.fingerprint, status: Number(row.status), body: row.body! },
      ),
    };
  }
  const tokens = await trx.executeQuery<{ id: string; token_hash: string; revoked_at: string | null }>(
    selectByPairs(
      kind,
      'terminals',
      ['id', 'token_hash', 'revoked_at'],
      [{ match: ['id', 'token_hash'], pairs: callers.map((c) => [c.terminalId, c.tokenHash] as const) }],
    ),
  );
  const found = new Map(tokens.rows.map((row) => [`${row.id} ${row.token_hash}`, row.revoked_at]));
  return {
    entries: callers.map((c) => {
      const revokedAt = found.get(`${c.terminalId} ${c.tokenHash}`);
      return callerEntry(revokedAt !== undefined, revokedAt ?? null, c.timezone);
    }),
    answers: await storedAnswers(trx, kind, writes),
  };
}

/** The answer stored for each key, if any, in order: one read, each (scope, key) by its primary key. */
export async function storedAnswers(
  trx: Tx,
  kind: DatabaseKind,
  writes: readonly { scope: string; key: string }[],
): Promise<(StoredAnswer | undefined)[]> {
  const stored = await trx.executeQuery<StoredAnswer & { scope: string; key: string }>(
    selectByPairs(
      kind,
      'idempotency_responses',
      ['scope', 'key', 'fingerprint', 'status', 'body'],
      [{ match: ['scope', 'key'], pairs: writes.map((w) => [w.scope, w.key] as const) }],
    ),
  );
  const answers = new Map(
    stored.rows.map((row) => [`${row.scope} ${row.key}`, { fingerprint: row.fingerprint, status: Number(row.status), body: row.body }]),
  );
  return writes.map((w) => answers.get(`${w.scope} ${w.key}`));
}

function callerEntry(paired: boolean, revokedAt: string | null, timeZone: string): Entry {
  if (!paired) return { refused: tokenReplacedProblem() };
  if (revokedAt !== null) return { refused: terminalRevokedProblem(revokedAt, timeZone) };
  return null;
}
