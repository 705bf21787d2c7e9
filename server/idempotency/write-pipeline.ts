import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { deferredSyncTransaction, type BackOfficeDb, type Tx } from '../db/database';
import { insertRows } from '../db/hot-statements';
import { enterGroup } from './group-entry';
import { Problem } from '../problem';
import { requestFingerprint } from './fingerprint';
import { finishGroup, type Finishing } from './group-end';
import type { Checked, PipelineWrite, TogetherCheck } from './group-write';
import { reusedKeyProblem, type EffectContext, type IdempotentWrites, type WriteResponse } from './idempotent-writes';
import { isRetryableTransactionError, MAX_TRANSACTION_ATTEMPTS } from './retry-transaction';

export interface PipelineOptions {
  /** The most writes one group (one transaction, one commit) takes. */
  maxGroupWrites: number;
  /**
   * Groups in their transaction at once. SQLite: 1 (one writer). PostgreSQL: 2, so the
   * next group's key locks and checks overlap the previous group's end and commit (they
   * queue on the same counter and stock level rows only at their ends). Measured in one
   * run, 32 terminals, alternating: 2 beat 1 and 3 in every round.
   */
  concurrentGroups: number;
}

export const defaultPipelineOptions = (store: BackOfficeDb): PipelineOptions => ({
  maxGroupWrites: 128,
  concurrentGroups: store.kind === 'sqlite' ? 1 : 2,
});

interface Member {
  write: PipelineWrite;
  fingerprint: string;
  resolve(response: WriteResponse): void;
  reject(error: unknown): void;
}

/** What a group's transaction decided for one member; told to it only after the commit. */
type Outcome = { kind: 'answer'; response: WriteResponse } | { kind: 'refused'; error: unknown } | { kind: 'next-group' };

/** A write whose own statements failed with a server-side error: the group rolls back without it. */
class WriteFailed extends Error {
  constructor(
    readonly member: Member,
    override readonly cause: unknown,
  ) {
    super('a write of the group failed');
  }
}

/** The group end failed for all of the group at once: run the group again, its end one write at a time. */
class GroupEndFailed extends Error {
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
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  return /^22[0-9A-Z]{3}$/.test(code);
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
async function inSavepoint<T>(trx: Tx, member: Member, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; refusal: unknown }> {
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
    throw new WriteFailed(member, error);
  }
}

/**
 * Group commit for terminal writes (docs/write-pipeline.md). Writes that arrive while a
 * group is in its transaction wait and form the next group, up to maxGroupWrites: a lone
 * write on an idle server starts at once (no wait window), and under load each commit
 * carries many writes. In a group's ONE transaction:
 *  1. the group's entry (group-entry.ts): every caller's token checked again, the answers
 *     stored for the keys read (a replay), and on PostgreSQL every key's advisory lock tried
 *     (never waits), all in one statement;
 *  2. the checks: sales together in set-based reads (checkSales), refunds each in its own
 *     savepoint (checkRefund); a refusal (4xx) stores nothing for its key;
 *  3. the group's end (finishGroup): ledger and stock levels, numbers for the survivors in
 *     arrival order, every row and stored answer in multi-row inserts (on PostgreSQL one
 *     statement for all of them); if it fails, the group runs again with its end one write
 *     at a time, each in its savepoint, so a write whose rows cannot be stored is refused alone;
 *  4. the commit; only then is anyone answered.
 * A failed commit fails every write of the group (none is answered a success; the
 * terminals retry). A write whose own statements fail with a server-side error gets that
 * error and the group runs again without it. Serialization
 * failures, deadlocks, busy locks and unique races re-run the whole group.
 */
export class WritePipeline {
  /** Groups committed and the writes answered by them (replays and refusals included). */
  readonly stats = { groups: 0, writes: 0 };
  private readonly waiting: Member[] = [];
  private running = 0;
  /** Committed groups whose sync is still running (SQLite). */
  private syncing = 0;
  private scheduled = false;

  constructor(
    private readonly store: BackOfficeDb,
    private readonly writes: IdempotentWrites,
    private readonly options: PipelineOptions = defaultPipelineOptions(store),
  ) {}

  /** Runs a write in the next group and answers it once that group has committed. */
  submit(write: PipelineWrite): Promise<WriteResponse> {
    const { request } = write;
    const fingerprint = requestFingerprint(request.method, request.path, request.body);
    const flightKey = this.writes.claim(request);
    const answered = new Promise<WriteResponse>((resolve, reject) => {
      this.waiting.push({ write, fingerprint, resolve, reject });
      this.schedule();
    });
    return answered.then(
      (response) => {
        this.writes.release(flightKey);
        if (response.replayed) this.writes.observer.replayed(request.endpoint);
        return response;
      },
      (error: unknown) => {
        this.writes.release(flightKey);
        if (error instanceof Problem && error.code === 'idempotency_key_reused') this.writes.observer.keyReused();
        throw error;
      },
    );
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a timer: writes that arrived in the same turn of the event loop join
    // the group, and a lone write waits for nothing.
    setImmediate(() => {
      this.scheduled = false;
      // While a commit is being synced, the writes that arrive wait for the sync to end and
      // then go as ONE group (unless a full group is waiting already): one transaction per
      // sync, not many small ones sharing it, while this thread handles their requests.
      while (
        this.running < this.options.concurrentGroups &&
        this.waiting.length > 0 &&
        (this.syncing === 0 || this.waiting.length >= this.options.maxGroupWrites)
      ) {
        const members = this.waiting.splice(0, this.options.maxGroupWrites);
        this.running += 1;
        // The slot is free once the group's transaction has ended (committed or not): on
        // SQLite the next group runs while this one's commit is being synced to disk.
        let slotHeld = true;
        const freeSlot = () => {
          if (!slotHeld) return;
          slotHeld = false;
          this.running -= 1;
          if (this.waiting.length > 0) this.schedule();
        };
        void this.runGroup(members, freeSlot).finally(freeSlot);
      }
    });
  }

  private async runGroup(members: Member[], transactionEnded: () => void): Promise<void> {
    let group = members;
    let oneByOne = false;
    for (let attempt = 1; group.length > 0;) {
      let outcomes: Outcome[];
      try {
        // SQLite: the commit does not wait for its fsync; durable() does, off the event loop,
        // while the next group runs. Nobody is answered before it resolves.
        outcomes = await deferredSyncTransaction(this.store, (trx) => this.attempt(trx, group, oneByOne));
      } catch (error) {
        if (error instanceof GroupEndFailed && !oneByOne) {
          // Maybe one write's rows cannot be stored: find it, each write's end in its savepoint.
          oneByOne = true;
          continue;
        }
        if (error instanceof WriteFailed) {
          // Its own statements failed: it alone gets the error; the others run again, untouched.
          error.member.reject(error.cause);
          group = group.filter((m) => m !== error.member);
          continue;
        }
        if (isRetryableTransactionError(error) && attempt < MAX_TRANSACTION_ATTEMPTS) {
          this.writes.observer.transactionRetried();
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
          attempt += 1;
          continue;
        }
        for (const member of group) member.reject(error);
        return;
      }
      // Committed. The writes sent to the next group go back to the head of the queue now,
      // in arrival order (they read what this group committed; their own answers wait for a
      // later sync, which covers this commit too).
      const later = group.filter((_, i) => outcomes[i]!.kind === 'next-group');
      if (later.length > 0) this.waiting.unshift(...later);
      transactionEnded();
      this.syncing += 1;
      try {
        await this.store.durable();
      } catch (error) {
        // Committed, but not known to be on disk: nobody is told it succeeded. A retry with
        // the same key finds the stored answer if the commit survived, or records it anew.
        group.forEach((member, i) => outcomes[i]!.kind !== 'next-group' && member.reject(error));
        return;
      } finally {
        this.syncing -= 1;
        if (this.waiting.length > 0) this.schedule();
      }
      // Committed and durable: every answer may go out now.
      this.stats.groups += 1;
      this.stats.writes += outcomes.filter((o) => o.kind !== 'next-group').length;
      group.forEach((member, i) => {
        const outcome = outcomes[i]!;
        if (outcome.kind === 'answer') member.resolve(outcome.response);
        else if (outcome.kind === 'refused') member.reject(outcome.error);
      });
      return;
    }
  }

  private async attempt(trx: Tx, group: readonly Member[], oneByOne: boolean): Promise<Outcome[]> {
    const outcomes: (Outcome | undefined)[] = new Array(group.length);
    // One instant for the whole group: its writes are received together.
    const now = new Date();
    // Each caller's token checked again, on PostgreSQL each key's lock tried, and the answers
    // stored for the keys read (group-entry.ts).
    const { entries, answers } = await enterGroup(
      trx,
      this.store.kind,
      group.map((m) => ({ scope: m.write.request.scope, key: m.write.request.key, caller: m.write.caller })),
    );
    const replays: string[] = [];
    const staged = new Map<number, Finishing>();
    const open: number[] = [];
    entries.forEach((entry, i) => {
      if (entry !== null) {
        outcomes[i] = { kind: 'refused', error: entry.refused === 'in-progress' ? this.writes.inProgress() : entry.refused };
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
        if (checked.result.replayedFromRecord) replays.push(member.write.request.endpoint);
      }
    };

    // Writes checked together (sales): a few set-based reads for all of them.
    const together = new Map<TogetherCheck, number[]>();
    for (const i of unanswered) {
      const check = group[i]!.write.check;
      if ('together' in check) together.set(check.together, [...(together.get(check.together) ?? []), i]);
    }
    for (const [checker, indexes] of together) {
      const writes = indexes.map((i) => ({
        input: (group[i]!.write.check as { input: unknown }).input,
        context: { fingerprint: group[i]!.fingerprint, now },
      }));
      const results = await checker.checkAll(trx, writes);
      indexes.forEach((i, k) => decide(i, results[k]!, writes[k]!.context));
    }

    // Writes checked alone (refunds), in arrival order, each in its own savepoint.
    for (const i of unanswered) {
      const check = group[i]!.write.check;
      if (!('alone' in check) || outcomes[i]) continue;
      const created = new Set([...staged].filter(([j]) => j < i).flatMap(([, f]) => f.staged.creates));
      if (group[i]!.write.touches.some((t) => created.has(t))) {
        // It refunds a sale of this very group: it and everything after it wait for the next.
        for (let j = i; j < group.length; j++) {
          if (staged.delete(j) || !outcomes[j]) outcomes[j] = { kind: 'next-group' };
        }
        break;
      }
      const context = { fingerprint: group[i]!.fingerprint, now };
      const run = await inSavepoint(trx, group[i]!, () => check.alone(trx, context));
      if (run.ok) decide(i, run.value, context);
      else outcomes[i] = { kind: 'refused', error: run.refusal };
    }

    if (replays.length > 0)
      await trx.executeQuery(
        insertRows(
          this.store.kind,
          'replay_log',
          replays.map((endpoint) => ({ id: uuidv7(), endpoint, replayed_at: now.toISOString() })),
        ),
      );
    await this.finish(
      trx,
      group,
      [...staged].sort(([a], [b]) => a - b).map(([index, finishing]) => ({ index, finishing })),
      outcomes,
      oneByOne,
    );
    return outcomes.map((o) => o ?? { kind: 'next-group' });
  }

  /**
   * The group's end for every staged write at once. If that fails for a reason that is not
   * a retryable conflict, the group runs again (GroupEndFailed) with its end one write at a
   * time, each in its savepoint, so that a write whose rows cannot be stored (a value
   * PostgreSQL refuses) is refused alone and the others keep consecutive numbers.
   */
  private async finish(
    trx: Tx,
    group: readonly Member[],
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
          this.store.kind,
          staged.map((s) => s.finishing),
          this.writes.ttlSeconds,
        );
      } catch (error) {
        if (isRetryableTransactionError(error)) throw error;
        throw new GroupEndFailed(error);
      }
      staged.forEach((s, k) => (outcomes[s.index] = { kind: 'answer', response: { ...finished[k]!, replayed: false } }));
      return;
    }
    for (const s of staged) {
      const run = await inSavepoint(trx, group[s.index]!, () => finishGroup(trx, this.store.kind, [s.finishing], this.writes.ttlSeconds));
      outcomes[s.index] = run.ok ? { kind: 'answer', response: { ...run.value[0]!, replayed: false } } : { kind: 'refused', error: run.refusal };
    }
  }
}
