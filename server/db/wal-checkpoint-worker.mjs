// The WAL checkpoints of a SQLite back office, in a worker thread of their own
// (wal-checkpoints.ts). A checkpoint copies the pages committed to the -wal file into the
// database file and fsyncs both; run by the writer (SQLite's auto-checkpoint), it held the
// server's one event loop for its length. Here it runs on its own connection: PASSIVE,
// so it never waits for, nor blocks, the writer or a reader. Plain JavaScript: it needs
// no TypeScript loader to start.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, everyMs } = workerData;
const db = new SQLite(file, { fileMustExist: true });
// A checkpoint syncs the WAL before copying it and the database file after (FULL or NORMAL alike).
db.pragma('synchronous = FULL');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let timer;
let last = '';

function once() {
  try {
    // busy = 1 when another checkpoint runs; log: frames in the WAL; checkpointed: frames copied.
    // Told only when it changed: an idle server's WAL stays as it is, and so does the thread.
    const { busy, log, checkpointed } = checkpoint.get();
    const now = `${busy} ${log} ${checkpointed}`;
    if (log > 0 && now !== last) parentPort.postMessage({ busy, log, checkpointed });
    last = now;
  } catch (error) {
    // With its code: an I/O error (SQLITE_IOERR...) means the disk failed a checkpoint's write or sync.
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error), code });
  }
  timer = setTimeout(once, everyMs);
}

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});

once();
