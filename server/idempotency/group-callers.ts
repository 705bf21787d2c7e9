import { sql } from 'kysely';
import { terminalRevokedProblem, tokenReplacedProblem, type TerminalCaller } from '../auth/callers';
import type { DatabaseKind, Tx } from '../db/database';
import { selectByPairs } from '../db/hot-statements';
import type { Problem } from '../problem';

/** Why a write of a group goes no further, or null: it goes on. */
export type Entry = null | { refused: 'in-progress' } | { refused: Problem };

/**
 * The first step of every group, inside its transaction: each write's caller checked again
 * (its terminal revoked, or paired again with a new token, since the request was let in:
 * by another instance, the CLI, while the write waited, or within the token cache's second,
 * callers.ts) and, on PostgreSQL, the key's advisory lock tried. Another instance working
 * on a key holds its lock until it commits: 'in-progress'. Both in ONE statement on
 * PostgreSQL; a try never waits, so key locks take no part in any lock order. One entry
 * per write, in order.
 */
export async function enterGroup(trx: Tx, kind: DatabaseKind, writes: readonly { key: string; caller: TerminalCaller }[]): Promise<Entry[]> {
  const callers = writes.map((w) => w.caller);
  if (kind === 'postgres') {
    const { rows } = await sql<{ locked: boolean; paired: boolean; revoked_at: string | null }>`select
        pg_try_advisory_xact_lock(hashtextextended(t.k, 0)) as locked, term.id is not null as paired, term.revoked_at
      from unnest(${writes.map((w) => w.key)}::text[], ${callers.map((c) => c.terminalId)}::text[], ${callers.map((c) => c.tokenHash)}::text[])
        with ordinality as t(k, terminal_id, token_hash, n)
        left join terminals term on term.id = t.terminal_id and term.token_hash = t.token_hash
      order by t.n`.execute(trx);
    return rows.map((row) => (row.locked ? callerEntry(row.paired, row.revoked_at) : { refused: 'in-progress' }));
  }
  const { rows } = await trx.executeQuery<{ id: string; token_hash: string; revoked_at: string | null }>(
    selectByPairs(
      kind,
      'terminals',
      ['id', 'token_hash', 'revoked_at'],
      [{ match: ['id', 'token_hash'], pairs: callers.map((c) => [c.terminalId, c.tokenHash] as const) }],
    ),
  );
  const found = new Map(rows.map((row) => [`${row.id} ${row.token_hash}`, row.revoked_at]));
  return callers.map((c) => {
    const revokedAt = found.get(`${c.terminalId} ${c.tokenHash}`);
    return callerEntry(revokedAt !== undefined, revokedAt ?? null);
  });
}

function callerEntry(paired: boolean, revokedAt: string | null): Entry {
  if (!paired) return { refused: tokenReplacedProblem() };
  if (revokedAt !== null) return { refused: terminalRevokedProblem(revokedAt) };
  return null;
}
