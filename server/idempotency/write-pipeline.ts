import type { BackOfficeDb } from '../db/database';
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
    this.writer = groupWriterFor(store, writes.ttlSeconds, options, (group) => void this.answer(group));
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

  private async answer({ members, settled, retries }: EndedGroup): Promise<void> {
    for (let r = 0; r < retries; r++) this.writes.observer.transactionRetried();
    const callers = members.map((m) => {
      const caller = this.callers.get(m.id)!;
      this.callers.delete(m.id);
      return caller;
    });
    if (settled.every((s) => s.kind === 'failed')) {
      // Nothing committed: every write gets its error.
      settled.forEach((s, i) => callers[i]!.reject((s as { error: unknown }).error));
      return;
    }
    try {
      await this.store.durable();
    } catch (error) {
      // Committed, but not known to be on disk: nobody is told it succeeded. A retry with
      // the same key finds the stored answer if the commit survived, or records it anew.
      settled.forEach((s, i) => callers[i]!.reject(s.kind === 'failed' ? s.error : error));
      return;
    }
    // Committed and durable: every answer may go out now.
    this.stats.groups += 1;
    this.stats.writes += settled.filter((s) => s.kind !== 'failed').length;
    settled.forEach((s, i) => {
      const caller = callers[i]!;
      if (s.kind === 'answer') caller.resolve(s.response);
      else if (s.kind === 'in-progress') caller.reject(this.writes.inProgress());
      else caller.reject(s.error);
    });
  }
}
