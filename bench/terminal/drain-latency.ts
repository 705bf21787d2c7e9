/**
 * (b) A backlog of 10,000 sales drained over a link adding 300 ms to every round trip.
 * Goal: <= 15 s (issue #10). BENCH_SALES sets the backlog (default 10000), BENCH_LATENCY_MS
 * the latency, BENCH_BATCH / BENCH_BATCH_BYTES the batch size in items / bytes (default:
 * the core's, 500 items / 512 KiB before gzip). BENCH_STUB=1 drains to a stub back office
 * that acknowledges at once: the terminal's and the link's share of the time alone.
 */
import { defaultSyncTuning, type SyncTuning } from '../../terminal/sync/tuning';
import { measureDrain } from './drain';

const sales = Number(process.env.BENCH_SALES ?? 10_000);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 300);
const stub = process.env.BENCH_STUB === '1';
const chosen: Partial<SyncTuning> = {
  ...(process.env.BENCH_BATCH === undefined ? {} : { batchSize: Number(process.env.BENCH_BATCH) }),
  ...(process.env.BENCH_BATCH_BYTES === undefined ? {} : { maxBatchBytes: Number(process.env.BENCH_BATCH_BYTES) }),
};
const f = await measureDrain(sales, latencyMs, chosen, stub);
const items = chosen.batchSize ?? defaultSyncTuning.batchSize;
const bytes = chosen.maxBatchBytes ?? defaultSyncTuning.maxBatchBytes;
console.log(
  `drain of ${f.sales} queued sales through a proxy adding ${latencyMs} ms per request (batch ${items} items / ${bytes / 1024} KiB, ${stub ? 'stub' : 'real'} back office)`,
);
console.log(
  `time ${f.seconds.toFixed(1)} s (goal <= 15 s, ratio ${(f.seconds / 15).toFixed(2)})   requests ${f.requests} (round trips alone ${((f.requests * latencyMs) / 1000).toFixed(1)} s)   sales/s ${(f.sales / f.seconds).toFixed(0)}`,
);
console.log(`back office recorded ${f.serverSales} sales; terminal left pending ${f.pendingAfter}, needs attention ${f.needsAttention}`);
