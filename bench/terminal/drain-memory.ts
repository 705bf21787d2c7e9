/**
 * (c) Memory while draining a backlog of 100,000 sales: the worker reads the outbox a
 * round at a time, so RSS must stay flat. Goal: peak RSS < 200 MB.
 * BENCH_SALES sets the backlog (default 100000); BENCH_BATCH / BENCH_BATCH_BYTES the batch
 * size in items / bytes (default: the core's). The back office is a stub that acknowledges
 * at once (BENCH_REAL_SERVER=1 uses the real one, whose ingest rate then sets the pace).
 */
import { defaultSyncTuning, type SyncTuning } from '../../terminal/sync/tuning';
import { measureDrain } from './drain';

const sales = Number(process.env.BENCH_SALES ?? 100_000);
const stub = process.env.BENCH_REAL_SERVER !== '1';
const tuning: Partial<SyncTuning> = {
  ...(process.env.BENCH_BATCH === undefined ? {} : { batchSize: Number(process.env.BENCH_BATCH) }),
  ...(process.env.BENCH_BATCH_BYTES === undefined ? {} : { maxBatchBytes: Number(process.env.BENCH_BATCH_BYTES) }),
};
const f = await measureDrain(sales, 0, tuning, stub);
const items = tuning.batchSize ?? defaultSyncTuning.batchSize;
const bytes = tuning.maxBatchBytes ?? defaultSyncTuning.maxBatchBytes;
console.log(`drain of ${f.sales} queued sales, no added latency, ${stub ? 'stub' : 'real'} back office (batch ${items} items / ${bytes / 1024} KiB)`);
console.log(`RSS before ${f.rssBeforeMb.toFixed(0)} MB   peak ${f.peakRssMb.toFixed(0)} MB (goal < 200 MB, ratio ${(f.peakRssMb / 200).toFixed(2)})`);
console.log(
  `time ${f.seconds.toFixed(1)} s   requests ${f.requests}   back office recorded ${f.serverSales}; pending ${f.pendingAfter}, needs attention ${f.needsAttention}`,
);
