import { openDatabase, type BackOfficeDb } from '../db/database';
import { WRITER_CEILING_PAGES } from '../db/wal-checkpoints';

/**
 * The writer thread's connection to the SQLite file (group-writer-worker.ts). Settings as
 * the server's connection (openDatabase: WAL, synchronous=FULL outside the groups; each
 * group commits without its fsync, the server's thread syncs the WAL before answering
 * anyone), the same checkpoint ceiling when checkpoints run in the background, and one of
 * its own:
 *
 * temp_store=MEMORY. A group's multi-row INSERTs each keep a statement journal (the pages
 * the statement changed, to undo it alone if it fails) and so does a write's savepoint;
 * past 64 KiB SQLite spills it to a temporary file. A group's inserts pass that at once:
 * profiled at full ingest (perf on the writer thread), 13.5% of the thread's time went in
 * writes to that file. In memory it holds at most a copy of the pages a group changes
 * (about 600 KB for the bench's groups of 13 sales; a group is at most 128 writes), freed
 * at the group's end. Nothing durable is in it: it only undoes a statement or a savepoint inside
 * the open transaction; a crash is recovered from the WAL, which this does not touch.
 */
export function openWriterConnection(file: string, walCeiling: boolean): BackOfficeDb {
  const store = openDatabase(`sqlite:${file}`);
  if (walCeiling) store.sqlite?.pragma(`wal_autocheckpoint = ${WRITER_CEILING_PAGES}`);
  store.sqlite?.pragma('temp_store = MEMORY');
  return store;
}
