/**
 * The writer thread of workerGroupWriter (group-writer.ts): its own connection to the
 * SQLite file, the same groups (group-queue.ts) and transactions (group-transaction.ts) as
 * the server's thread would run, one group at a time. Settings as the server's connection: synchronous=FULL outside the
 * groups (each group commits without its fsync; the server's thread syncs the WAL before
 * answering anyone), and the same checkpoint ceiling when checkpoints run in the background.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { deferredSyncTransaction, openDatabase } from '../db/database';
import { WRITER_CEILING_PAGES } from '../db/wal-checkpoints';
import { GroupQueue, type GroupQueueOptions } from './group-queue';
import { groupInTransaction } from './group-transaction';
import { endedToWire, type FromWriter, type ToWriter } from './group-writer';

const { file, ttlSeconds, options, walCeiling } = workerData as { file: string; ttlSeconds: number; options: GroupQueueOptions; walCeiling: boolean };
const store = openDatabase(`sqlite:${file}`);
if (walCeiling) store.sqlite?.pragma(`wal_autocheckpoint = ${WRITER_CEILING_PAGES}`);

const queue = new GroupQueue(
  (group, oneByOne) => deferredSyncTransaction(store, (trx) => groupInTransaction(trx, 'sqlite', ttlSeconds, group, oneByOne)),
  options,
  (group) => parentPort?.postMessage(endedToWire(group)),
);

parentPort?.postMessage('ready' satisfies FromWriter);
parentPort?.on('message', (message: ToWriter) => {
  if (message !== 'close') return queue.add(message.add);
  void queue
    .whenIdle()
    .then(() => store.close())
    .finally(() => parentPort?.close());
});
