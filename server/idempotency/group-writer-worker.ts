/**
 * The writer thread of workerGroupWriter (group-writer.ts): its own connection to the
 * SQLite file, the same groups (group-queue.ts) and transactions (group-transaction.ts) as
 * the server's thread would run, one group at a time. Its connection's settings:
 * writer-connection.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { deferredSyncTransaction } from '../db/database';
import { GroupQueue, type GroupQueueOptions } from './group-queue';
import { groupInTransaction } from './group-transaction';
import { endedToWire, type FromWriter, type ToWriter } from './group-writer';
import { openWriterConnection } from './writer-connection';

const { file, ttlSeconds, options, walCeiling } = workerData as { file: string; ttlSeconds: number; options: GroupQueueOptions; walCeiling: boolean };
const store = openWriterConnection(file, walCeiling);

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
