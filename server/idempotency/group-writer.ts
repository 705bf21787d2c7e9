import { Worker } from 'node:worker_threads';
import { deferredSyncTransaction, type BackOfficeDb } from '../db/database';
import { errorCode } from '../db/error-codes';
import { Problem } from '../problem';
import { GroupQueue, type EndedGroup, type GroupQueueOptions } from './group-queue';
import { groupInTransaction, type GroupMember, type Settled } from './group-transaction';

/**
 * Where a group's transaction runs. On SQLite every statement runs on the thread that
 * issues it (better-sqlite3 is synchronous): at full ingest a third of the server's one
 * event loop went to the groups' statements and COMMITs while requests waited to be
 * parsed. There the groups run on a writer thread with a connection of its own
 * (group-writer-worker.ts): the server's thread parses, checks and answers while the writer
 * writes; the writes of a turn of the event loop cross in one message, each group's outcomes in one back. The commit's fsync stays where it was: the
 * pipeline's `store.durable()` on the server's thread, before anyone is answered (the WAL
 * is one file, whichever connection wrote to it). PostgreSQL's driver is asynchronous
 * already, and a database in memory cannot be shared: their groups run on the server's thread.
 */
export interface GroupWriter {
  readonly where: 'worker' | 'thread';
  /** Queues writes for the groups it forms (group-queue.ts); the pipeline hears of each group when its transaction has ended. */
  add(members: readonly GroupMember[]): void;
  /** After the groups that wait or run (the server's onClose: no write arrives any more). */
  close(): Promise<void>;
  /** Resolves once the writer can take a group (its thread has loaded and opened its connection). */
  ready(): Promise<void>;
  /** Tests: the writer thread stops at once, as a crash would (no-op on the server's thread). */
  stopAbruptly(): Promise<void>;
}

/** A failure or a refusal as it crosses between the threads: a Problem keeps its fields, an error its message and code. */
export type WireError =
  | {
      problem: {
        status: number;
        code: Problem['code'];
        title: string;
        detail: string;
        errors?: Problem['errors'];
        headers: Record<string, string>;
        members: Problem['members'];
      };
    }
  | { message: string; code?: string; stack?: string };
type WireSettled = Exclude<Settled, { kind: 'refused' | 'failed' }> | { kind: 'refused' | 'failed'; error: WireError };
/** Between the server's thread and the writer thread: writes to queue, and groups that ended. */
export type ToWriter = { add: readonly GroupMember[] } | 'close';
export type FromWriter = 'ready' | { ended: { ids: number[]; settled: WireSettled[]; retries: number } };

export function toWire(error: unknown): WireError {
  if (error instanceof Problem) {
    const { status, code, title, detail, errors, headers, members } = error;
    return { problem: { status, code, title, detail, errors, headers, members } };
  }
  const code = errorCode(error);
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(code !== undefined ? { code } : {}),
    // The writer thread's own stack, for the server's log of a 500.
    ...(error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {}),
  };
}

export function fromWire(wire: WireError): Error {
  if ('problem' in wire) {
    const p = wire.problem;
    return new Problem(p.status, p.code, p.title, p.detail, p.errors, p.headers, p.members);
  }
  const error = Object.assign(new Error(wire.message), wire.code !== undefined ? { code: wire.code } : {});
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}

export function endedToWire(group: EndedGroup): FromWriter {
  return {
    ended: {
      ids: group.members.map((m) => m.id),
      settled: group.settled.map((s) => (s.kind === 'refused' || s.kind === 'failed' ? { kind: s.kind, error: toWire(s.error) } : s)),
      retries: group.retries,
    },
  };
}

/** On the caller's thread, on the caller's store. */
export function inThreadGroupWriter(
  store: BackOfficeDb,
  ttlSeconds: number,
  options: GroupQueueOptions,
  ended: (group: EndedGroup) => void,
): GroupWriter {
  const queue = new GroupQueue(
    (group, oneByOne) => deferredSyncTransaction(store, (trx) => groupInTransaction(trx, store.kind, ttlSeconds, group, oneByOne)),
    options,
    ended,
  );
  return {
    where: 'thread',
    add: (members) => queue.add(members),
    ready: () => Promise.resolve(),
    close: () => queue.whenIdle(),
    stopAbruptly: async () => undefined,
  };
}

/**
 * On a writer thread with its own connection to the SQLite file (group-writer-worker.ts),
 * started at once (its modules load while the server starts). The writes of a turn of the
 * event loop cross in one message; the writer forms the groups itself, so it starts the
 * next group the moment a transaction ends, without waiting for this thread. If it dies,
 * the writes it held fail (500: none of them is acknowledged; the terminals retry, and a
 * write that did commit is answered as a replay) and the next write starts a new one.
 */
export function workerGroupWriter(
  file: string,
  ttlSeconds: number,
  options: GroupQueueOptions,
  walCeiling: boolean,
  ended: (group: EndedGroup) => void,
): GroupWriter {
  /** A writer thread and the writes sent to it that have not ended: each thread fails only its own. */
  interface Thread {
    worker: Worker;
    held: Map<number, GroupMember>;
    ready: Promise<void>;
  }
  let current: Thread | null = null;
  let closed = false;
  let toSend: GroupMember[] = [];
  const failed = (members: GroupMember[], error: Error) => {
    if (members.length > 0) ended({ members, settled: members.map(() => ({ kind: 'failed', error })), retries: 0 });
  };
  const start = (): Thread => {
    const worker = new Worker(new URL('./group-writer-start.mjs', import.meta.url), { workerData: { file, ttlSeconds, options, walCeiling } });
    const held = new Map<number, GroupMember>();
    let markReady!: () => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the group writer thread exited with ${code} before it was ready`)));
    });
    // Awaited by the server's start; a writer that never got ready fails the writes it held all the same.
    ready.catch(() => undefined);
    worker.on('message', (message: FromWriter) => {
      if (message === 'ready') {
        // Referenced until then: a process awaiting the writer's start is not left with nothing to wait for.
        // Closed meanwhile (a start that failed after the thread was made): kept referenced until it exits,
        // or the process would end with the close still awaited (exit 0, said nothing).
        if (held.size === 0 && !closed) worker.unref();
        return markReady();
      }
      const { ids, settled, retries } = message.ended;
      // A write already failed (its thread was taken for lost) is not answered twice.
      const known = ids.flatMap((id, i) => {
        const member = held.get(id);
        held.delete(id);
        return member ? [{ member, settled: settled[i]! }] : [];
      });
      // Referenced only while writes are held (or it is closing): an idle writer keeps no process alive.
      if (held.size === 0 && !closed) worker.unref();
      if (known.length === 0) return;
      ended({
        members: known.map((k) => k.member),
        settled: known.map(({ settled: s }) => (s.kind === 'refused' || s.kind === 'failed' ? { kind: s.kind, error: fromWire(s.error) } : s)),
        retries,
      });
    });
    const lost = (error: Error) => {
      if (current?.worker === worker) current = null;
      const members = [...held.values()];
      held.clear();
      failed(members, error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the group writer thread exited with ${code}`)));
    return { worker, held, ready };
  };
  current = start();
  let ready = current.ready;
  const send = () => {
    const members = toSend;
    toSend = [];
    if (members.length === 0) return;
    if (closed) return failed(members, new Error('the group writer was closed'));
    if (!current) {
      current = start();
      ready = current.ready;
    }
    for (const m of members) current.held.set(m.id, m);
    current.worker.ref();
    current.worker.postMessage({ add: members } satisfies ToWriter);
  };
  return {
    where: 'worker',
    add: (members) => {
      if (toSend.length === 0) setImmediate(send);
      toSend.push(...members);
    },
    ready: () => ready,
    close: () => {
      // Writes queued in this turn go to the thread first: it writes them before it closes.
      send();
      closed = true;
      const stopping = current?.worker;
      current = null;
      if (!stopping) return Promise.resolve();
      // It closes its connection after the groups it holds, then exits; one stuck is stopped all the same.
      // Held until then: an idle writer is unreferenced, and a process with nothing else to do
      // ended while this waited, with exit code 0 (npm start's "failed" then exited 0).
      stopping.ref();
      return new Promise<void>((resolve) => {
        stopping.once('exit', () => resolve());
        stopping.postMessage('close' satisfies ToWriter);
        setTimeout(() => void stopping.terminate(), 5000).unref();
      });
    },
    stopAbruptly: async () => {
      await current?.worker.terminate();
    },
  };
}

/** The writer thread for a SQLite file, the server's thread otherwise (PostgreSQL, a database in memory). */
export function groupWriterFor(store: BackOfficeDb, ttlSeconds: number, options: GroupQueueOptions, ended: (group: EndedGroup) => void): GroupWriter {
  const file = store.sqlite?.name;
  if (store.kind === 'sqlite' && file && file !== ':memory:' && !store.sqlite?.memory)
    return workerGroupWriter(file, ttlSeconds, options, store.checkpoints !== undefined, ended);
  return inThreadGroupWriter(store, ttlSeconds, options, ended);
}
