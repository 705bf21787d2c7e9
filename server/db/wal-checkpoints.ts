import { Worker } from 'node:worker_threads';
import { isStorageError } from './error-codes';

/**
 * The server's SQLite checkpoints, moved off its event loop. SQLite's auto-checkpoint runs in
 * the commit that takes the WAL past 1,000 pages: it copies those pages into the database
 * file and fsyncs the WAL and the file, all inside the writer's COMMIT, on the one thread
 * that also parses every request (measured at full ingest: a third of the time spent in
 * COMMIT). A worker thread with a connection of its own now runs a PASSIVE checkpoint every
 * `everyMs` (wal-checkpoint-worker.mjs): it never waits for the writer nor blocks it, and
 * once it has copied everything the writer's next transaction starts the WAL over.
 *
 * The writer keeps an auto-checkpoint, at `ceilingPages` (16 MB of 4 KB pages): should the
 * worker fall behind (a reader holding an old snapshot, a dead worker), the WAL still stops
 * growing there. Durability is SQLite's own: the checkpoint syncs the WAL before it copies
 * and the database file after, whichever connection runs it; commits are synced as before
 * (database.ts, docs/write-pipeline.md).
 */
/** Checkpoints the worker reported (it reports one when the WAL or what it copied changed); the last one's WAL size and frames copied; errors. */
export interface CheckpointStats {
  runs: number;
  walFrames: number;
  checkpointedFrames: number;
  errors: number;
  lastError?: string;
}

export interface WalCheckpoints {
  readonly stats: CheckpointStats;
  close(): Promise<void>;
}

export const CHECKPOINT_EVERY_MS = 50;
export const WRITER_CEILING_PAGES = 4000;

/** What the checkpoint worker reports after a checkpoint. */
export type CheckpointReport = { log?: number; checkpointed?: number; error?: string; code?: string };

/**
 * Counts a checkpoint's report; an I/O error (the disk failed the checkpoint's copy or its
 * sync: SQLITE_IOERR...) is also told to `onStorageError`, as a failed WAL sync is
 * (database.ts: after it, nothing more is acknowledged).
 */
export function countCheckpoint(stats: CheckpointStats, report: CheckpointReport, onStorageError: (error: Error) => void): void {
  if (report.error !== undefined) {
    stats.errors += 1;
    stats.lastError = report.error;
    if (isStorageError(report)) onStorageError(Object.assign(new Error(report.error), { code: report.code }));
    return;
  }
  stats.runs += 1;
  stats.walFrames = report.log ?? 0;
  stats.checkpointedFrames = report.checkpointed ?? 0;
}

export function startWalCheckpoints(
  file: string,
  everyMs = CHECKPOINT_EVERY_MS,
  onStorageError: (error: Error) => void = () => undefined,
): WalCheckpoints {
  const stats: CheckpointStats = { runs: 0, walFrames: 0, checkpointedFrames: 0, errors: 0 };
  const worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), { workerData: { file, everyMs } });
  worker.on('message', (report: CheckpointReport) => countCheckpoint(stats, report, onStorageError));
  // A worker that fails leaves the writer's own auto-checkpoint (the ceiling) to do the work.
  worker.on('error', (error) => {
    stats.errors += 1;
    stats.lastError = error.message;
  });
  let exited = false;
  worker.once('exit', () => (exited = true));
  // It never keeps the process alive on its own.
  worker.unref();
  let closed: Promise<void> | null = null;
  return {
    stats,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        worker.once('exit', () => resolve());
        // Held until it has exited: unreferenced, a process with nothing else to do (a start
        // refused before serving) ended while this waited, silently and with exit code 0.
        worker.ref();
        worker.postMessage('close');
        // A worker stuck in a checkpoint is stopped all the same.
        setTimeout(() => void worker.terminate(), 2000).unref();
      })),
  };
}
