import type { BackOfficeDb } from '../db/database';
import { isStorageError } from '../db/error-codes';
import { Problem } from '../problem';
import { requestFingerprint } from './fingerprint';
import type { EndedGroup, GroupQueueOptions } from './group-queue';
import type { PipelineWrite } from './group-write';
import { groupWriterFor, type GroupWriter } from './group-writer';
import type { IdempotentWrites, WriteResponse } from './idempotent-writes';

export type PipelineOptions = GroupQueueOptions;

/**
 * Groups in their transaction at once. SQLite: 1 (one writer). PostgreSQL: 2, so the next
 * group's key locks and checks overlap the previous group's end and commit (they queue on
 * the same counter and stock level rows only at their ends). Measured in one run, 32
 * terminals, alternating: 2 beat 1 and 3 in every round.
 */
export const defaultPipelineOptions = (store: BackOfficeDb): PipelineOptions => ({
  maxGroupWrites: 128,
  concurrentGroups: store.kind === 'sqlite' ? 1 : 2,
});

interface Caller {
  resolve(response: WriteResponse): void;
  reject(error: unknown): void;
}

/**
 * Group commit for terminal writes (docs/write-pipeline.md). Every write is queued for the
 * next group (group-queue.ts); a group's ONE transaction (group-transaction.ts: entry,
 * checks, end) runs where its GroupWriter runs it (group-writer.ts: on SQLite a writer
 * thread of its own). When it has committed, the commit is synced (`store.durable()`), and
 * only then is anyone of the group answered. A failed commit or sync fails every write of
 * the group (none is answered a success; the terminals retry, and a write that did commit
 * is answered as a replay).
 */
export class WritePipeline {
  /** Groups committed and the writes answered by them (replays and refusals included). */
  readonly stats = { groups: 0, writes: 0 };
  private readonly callers = new Map<number, Caller>();
  private nextId = 1;
  private readonly writer: GroupWriter;

  constructor(
    private readonly store: BackOfficeDb,
    private readonly writes: IdempotentWrites,
    options: PipelineOptions = defaultPipelineOptions(store),
  ) {
    this.writer = groupWriterFor(
      store,
      writes.ttlSeconds,
      options,
      (group) => void this.answer(group).catch((error: unknown) => this.failUnanswered(group, error)),
    );
  }

  /** Where the groups' transactions run: the writer thread (SQLite in a file) or this one. */
  get writesOn(): GroupWriter['where'] {
    return this.writer.where;
  }

  /** Runs a write in the next group and answers it once that group has committed and is on disk. */
  submit(write: PipelineWrite): Promise<WriteResponse> {
    const { request } = write;
    const fingerprint = requestFingerprint(request.method, request.path, request.body);
    const flightKey = this.writes.claim(request);
    const id = this.nextId++;
    const answered = new Promise<WriteResponse>((resolve, reject) => {
      this.callers.set(id, { resolve, reject });
      this.writer.add([{ id, write, fingerprint }]);
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

  /** Resolves once the first group can be written (the server starts listening after it). */
  ready(): Promise<void> {
    return this.writer.ready();
  }

  /** Stops the writer thread, after the groups it holds (the server's onClose). */
  close(): Promise<void> {
    return this.writer.close();
  }

  /** Tests: the writer thread dies as a crash would; the writes it held fail, the next write starts a new one. */
  stopWriterAbruptly(): Promise<void> {
    return this.writer.stopAbruptly();
  }

  /** Whatever went wrong while answering a group: every write of it not answered yet gets the error (a 500), none hangs. */
  private failUnanswered({ members }: EndedGroup, error: unknown): void {
    for (const member of members) this.reply(member.id, { error });
  }

  /** Answers one write, once (a write answered already, by a lost writer thread say, is left alone). */
  private reply(id: number, outcome: { response: WriteResponse } | { error: unknown }): void {
    const caller = this.callers.get(id);
    if (!caller) return;
    this.callers.delete(id);
    if ('response' in outcome) caller.resolve(outcome.response);
    else caller.reject(outcome.error);
  }

  private async answer({ members, settled, retries }: EndedGroup): Promise<void> {
    for (let r = 0; r < retries; r++) this.writes.observer.transactionRetried();
    // A disk that failed a group's statements or its commit fails every sync after it (database.ts).
    for (const s of settled) if (s.kind === 'failed' && isStorageError(s.error)) this.store.storageFailed(s.error);
    const writes = members.map((member, i) => ({ id: member.id, settled: settled[i]! })).filter((w) => this.callers.has(w.id));
    if (writes.every((w) => w.settled.kind === 'failed')) {
      // Nothing committed: every write gets its error.
      for (const w of writes) this.reply(w.id, { error: (w.settled as { error: unknown }).error });
      return;
    }
    try {
      await this.store.durable();
    } catch (error) {
      // Committed, but not known to be on disk: nobody is told it succeeded. A retry with
      // the same key finds the stored answer if the commit survived, or records it anew.
      for (const w of writes) this.reply(w.id, { error: w.settled.kind === 'failed' ? w.settled.error : error });
      return;
    }
    // Committed and durable: every answer may go out now.
    this.stats.groups += 1;
    this.stats.writes += writes.filter((w) => w.settled.kind !== 'failed').length;
    for (const { id, settled: s } of writes) {
      if (s.kind === 'answer') this.reply(id, { response: s.response });
      else if (s.kind === 'in-progress') this.reply(id, { error: this.writes.inProgress() });
      else this.reply(id, { error: s.error });
    }
  }
}
