import { sql } from 'kysely';
import { rowId } from '../db/row-ids';
import type { DatabaseKind, Tx } from '../db/database';
import { errorCode } from '../db/error-codes';
import { insertRows } from '../db/hot-statements';
import { Problem } from '../problem';
import { checkRefund } from '../refunds/record-refund';
import { checkSales, type SaleToCheck } from '../sales/record-sale';
import { enterGroup, storedAnswers } from './group-entry';
import { finishGroup, type Finishing } from './group-end';
import type { Checked, PipelineWrite } from './group-write';
import { reusedKeyProblem, type EffectContext, type WriteResponse } from './idempotent-writes';
import { isRetryableTransactionError, MAX_TRANSACTION_ATTEMPTS } from './retry-transaction';

/** A write of a group as its transaction takes it: plain data (it may cross to the writer thread). */
export interface GroupMember {
  /** The pipeline's number for it, to match its outcome to its caller. */
  id: number;
  write: PipelineWrite;
  fingerprint: string;
}

/**
 * What a group's transaction decided for one member; told to it only after the commit.
 * 'in-progress': another instance holds the key's lock (PostgreSQL); answered 409.
 */
export type Outcome =
  { kind: 'answer'; response: WriteResponse } | { kind: 'refused'; error: unknown } | { kind: 'in-progress' } | { kind: 'next-group' };

/** How a write of a committed (or failed) group ends: its outcome, or the error of a failure. */
export type Settled = Exclude<Outcome, { kind: 'next-group' }> | { kind: 'failed'; error: unknown };

/**
 * Runs a group's transaction until it commits or fails for good, and says how each write
 * ends ('next-group' for those its checks sent to the next group):
 *  - the group end failed for all of the group at once (GroupEndFailed): run again, its end
 *    one write at a time, each in its savepoint;
 *  - a write's own statements failed (WriteFailed): it alone fails; the others run again;
 *  - serialization failures, deadlocks, busy locks, unique races: the whole group runs
 *    again, up to MAX_TRANSACTION_ATTEMPTS, after a short random wait;
 *  - anything else (a failed commit included): every write of the group fails.
 * `transaction` runs one attempt in one transaction and commits it; a throw means nothing
 * of that attempt committed.
 */
export async function commitGroup(
  transaction: (group: readonly GroupMember[], oneByOne: boolean) => Promise<Outcome[]>,
  group: readonly GroupMember[],
  onRetry: () => void,
): Promise<(Settled | { kind: 'next-group' })[]> {
  const settled: (Settled | { kind: 'next-group' })[] = new Array(group.length);
  let live = group.map((_, i) => i);
  let oneByOne = false;
  for (let attempt = 1; live.length > 0;) {
    try {
      const outcomes = await transaction(
        live.map((i) => group[i]!),
        oneByOne,
      );
      live.forEach((i, k) => (settled[i] = outcomes[k]!));
      break;
    } catch (error) {
      if (error instanceof GroupEndFailed && !oneByOne) {
        oneByOne = true;
        continue;
      }
      if (error instanceof WriteFailed) {
        const failed = live[error.index]!;
        settled[failed] = { kind: 'failed', error: error.cause };
        live = live.filter((i) => i !== failed);
        continue;
      }
      if (isRetryableTransactionError(error) && attempt < MAX_TRANSACTION_ATTEMPTS) {
        onRetry();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        attempt += 1;
        continue;
      }
      for (const i of live) settled[i] = { kind: 'failed', error };
      break;
    }
  }
  return settled;
}

/** A write whose own statements failed with a server-side error: the group rolls back without it. */
export class WriteFailed extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super('a write of the group failed');
  }
}

/** The group end failed for all of the group at once: run the group again, its end one write at a time. */
export class GroupEndFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('the group end failed');
  }
}

/**
 * A refusal is an answer that stores nothing and leaves the rest of the group alone: a
 * 4xx Problem, or a PostgreSQL data exception (class 22: a value it cannot hold, answered 400).
 */
function isRefusal(error: unknown): boolean {
  if (error instanceof Problem) return error.status < 500;
  return /^22[0-9A-Z]{3}$/.test(errorCode(error) ?? '');
}

const savepoint = (trx: Tx, name: string) => sql.raw(`savepoint ${name}`).execute(trx);
const release = (trx: Tx, name: string) => sql.raw(`release savepoint ${name}`).execute(trx);
const rollbackTo = async (trx: Tx, name: string) => {
  await sql.raw(`rollback to savepoint ${name}`).execute(trx);
  await sql.raw(`release savepoint ${name}`).execute(trx);
};

/**
 * One write's statements in a savepoint of the group's transaction: a refusal rolls back
 * that write alone and is returned; a retryable conflict re-runs the whole group; any other
 * failure is the write's own (WriteFailed: the group runs again without it).
 */
async function inSavepoint<T>(trx: Tx, index: number, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; refusal: unknown }> {
  await savepoint(trx, 'write');
  try {
    const value = await work();
    await release(trx, 'write');
    return { ok: true, value };
  } catch (error) {
    if (isRefusal(error)) {
      await rollbackTo(trx, 'write');
      return { ok: false, refusal: error };
    }
    if (isRetryableTransactionError(error)) throw error;
    throw new WriteFailed(index, error);
  }
}

/**
 * A group's work inside its ONE transaction (docs/write-pipeline.md), the same on the
 * writer thread (SQLite) and on the server's (PostgreSQL):
 *  1. the group's entry (group-entry.ts): every caller's token checked again, the answers
 *     stored for the keys read (a replay), and on PostgreSQL every key's advisory lock tried
 *     (never waits), all in one statement;
 *  2. the checks: sales together in set-based reads (checkSales), refunds each in its own
 *     savepoint (checkRefund); a refusal (4xx) stores nothing for its key;
 *  3. the group's end (finishGroup): ledger and stock levels, numbers for the survivors in
 *     arrival order, every row and stored answer in multi-row inserts (on PostgreSQL one
 *     statement for all of them); if it fails (GroupEndFailed), the pipeline runs the group
 *     again with `oneByOne`: its end one write at a time, each in its savepoint, so a write
 *     whose rows cannot be stored is refused alone.
 * Throws WriteFailed for a write whose own statements failed, and retryable conflicts as
 * they came; the caller commits, or rolls back on a throw.
 */
export async function groupInTransaction(
  trx: Tx,
  kind: DatabaseKind,
  ttlSeconds: number,
  group: readonly GroupMember[],
  oneByOne: boolean,
): Promise<Outcome[]> {
  const outcomes: (Outcome | undefined)[] = new Array(group.length);
  // One instant for the whole group: its writes are received together.
  const now = new Date();
  const { entries, answers } = await enterGroup(
    trx,
    kind,
    group.map((m) => ({ scope: m.write.request.scope, key: m.write.request.key, caller: m.write.caller })),
  );
  const replays: string[] = [];
  /** Writes answered from the record their key left (a sale, a refund): the stored answer is looked for again below. */
  const fromRecord: number[] = [];
  const staged = new Map<number, Finishing>();
  const open: number[] = [];
  entries.forEach((entry, i) => {
    if (entry !== null) {
      outcomes[i] = entry.refused === 'in-progress' ? { kind: 'in-progress' } : { kind: 'refused', error: entry.refused };
      return;
    }
    open.push(i);
    const answer = answers[i];
    if (!answer) return;
    const member = group[i]!;
    if (answer.fingerprint !== member.fingerprint) outcomes[i] = { kind: 'refused', error: reusedKeyProblem() };
    else {
      outcomes[i] = { kind: 'answer', response: { status: answer.status, body: answer.body, replayed: true } };
      replays.push(member.write.request.endpoint);
    }
  });
  // A write whose checks must see an earlier write of this group (the same receipt number,
  // the same sale refunded) waits for the next group, with every write after it.
  // (Replays are answered above whatever they touch.)
  const touched = new Set<string>();
  for (let i = 0; i < group.length; i++) {
    if (outcomes[i]) continue;
    if (group[i]!.write.touches.some((t) => touched.has(t))) {
      for (let j = i; j < group.length; j++) outcomes[j] ??= { kind: 'next-group' };
      break;
    }
    for (const t of group[i]!.write.touches) touched.add(t);
  }

  const unanswered = open.filter((i) => !outcomes[i]);
  const decide = (i: number, checked: Checked | Problem, context: EffectContext) => {
    const member = group[i]!;
    if (checked instanceof Problem) outcomes[i] = { kind: 'refused', error: checked };
    else if (checked.kind === 'staged')
      staged.set(i, { staged: checked.staged, request: member.write.request, fingerprint: member.fingerprint, now: context.now });
    else {
      outcomes[i] = {
        kind: 'answer',
        response: {
          status: checked.result.status,
          body: JSON.stringify(checked.result.body),
          replayed: checked.result.replayedFromRecord === true,
        },
      };
      if (checked.result.replayedFromRecord) {
        replays.push(member.write.request.endpoint);
        fromRecord.push(i);
      }
    }
  };

  // Sales are checked together: a few set-based reads for all of them.
  const sales: { index: number; sale: SaleToCheck }[] = [];
  for (const i of unanswered) {
    const { check } = group[i]!.write;
    if (check.kind === 'sale') sales.push({ index: i, sale: { ...check.input, context: { fingerprint: group[i]!.fingerprint, now } } });
  }
  const checkedSales = await checkSales(
    trx,
    sales.map((s) => s.sale),
  );
  sales.forEach(({ index, sale }, k) => decide(index, checkedSales[k]!, sale.context));

  // Refunds are checked alone, in arrival order, each in its own savepoint.
  for (const i of unanswered) {
    const { check } = group[i]!.write;
    if (check.kind !== 'refund' || outcomes[i]) continue;
    const created = new Set([...staged].filter(([j]) => j < i).flatMap(([, f]) => f.staged.creates));
    if (group[i]!.write.touches.some((t) => created.has(t))) {
      // It refunds a sale of this very group: it and everything after it wait for the next.
      for (let j = i; j < group.length; j++) {
        if (staged.delete(j) || !outcomes[j]) outcomes[j] = { kind: 'next-group' };
      }
      break;
    }
    const context = { fingerprint: group[i]!.fingerprint, now };
    const run = await inSavepoint(trx, i, () => checkRefund(trx, kind, check.input, context));
    if (run.ok) decide(i, run.value, context);
    else outcomes[i] = { kind: 'refused', error: run.refusal };
  }

  // PostgreSQL: a key another instance committed after the entry's snapshot was found by its
  // record (group-entry.ts); its stored answer, visible now, is the first delivery's own.
  // (A stored answer that expired stays answered from the record.)
  if (kind === 'postgres' && fromRecord.length > 0) {
    const again = await storedAnswers(
      trx,
      kind,
      fromRecord.map((i) => group[i]!.write.request),
    );
    fromRecord.forEach((i, k) => {
      const answer = again[k];
      if (answer && answer.fingerprint === group[i]!.fingerprint)
        outcomes[i] = { kind: 'answer', response: { status: answer.status, body: answer.body, replayed: true } };
    });
  }

  if (replays.length > 0)
    await trx.executeQuery(
      insertRows(
        kind,
        'replay_log',
        replays.map((endpoint) => ({ id: rowId(), endpoint, replayed_at: now.toISOString() })),
      ),
    );
  const finishing = [...staged].sort(([a], [b]) => a - b).map(([index, f]) => ({ index, finishing: f }));
  await finish(trx, kind, ttlSeconds, finishing, outcomes, oneByOne);
  return outcomes.map((o) => o ?? { kind: 'next-group' });
}

/**
 * The group's end for every staged write at once. If that fails for a reason that is not
 * a retryable conflict, the group runs again (GroupEndFailed) with its end one write at a
 * time, each in its savepoint, so that a write whose rows cannot be stored (a value
 * PostgreSQL refuses) is refused alone and the others keep consecutive numbers.
 */
async function finish(
  trx: Tx,
  kind: DatabaseKind,
  ttlSeconds: number,
  staged: { index: number; finishing: Finishing }[],
  outcomes: (Outcome | undefined)[],
  oneByOne: boolean,
): Promise<void> {
  if (staged.length === 0) return;
  if (!oneByOne) {
    let finished;
    try {
      finished = await finishGroup(
        trx,
        kind,
        staged.map((s) => s.finishing),
        ttlSeconds,
      );
    } catch (error) {
      if (isRetryableTransactionError(error)) throw error;
      throw new GroupEndFailed(error);
    }
    staged.forEach((s, k) => (outcomes[s.index] = { kind: 'answer', response: { ...finished[k]!, replayed: false } }));
    return;
  }
  for (const s of staged) {
    const run = await inSavepoint(trx, s.index, () => finishGroup(trx, kind, [s.finishing], ttlSeconds));
    outcomes[s.index] = run.ok ? { kind: 'answer', response: { ...run.value[0]!, replayed: false } } : { kind: 'refused', error: run.refusal };
  }
}
