/**
 * (b) A backlog of 10,000 sales drained over a link adding 300 ms to every round trip.
 * Goal: <= 60 s. BENCH_SALES sets the backlog (default 10000), BENCH_LATENCY_MS the latency,
 * BENCH_BATCH the batch size (default: the core's). BENCH_STUB=1 drains to a stub
 * back office that acknowledges at once: the terminal's and the link's share of the time alone.
 */
import { defaultSyncTuning } from '../../sync/tuning';
import { measureDrain } from './drain';

const sales = Number(process.env.BENCH_SALES ?? 10_000);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 300);
const batch = process.env.BENCH_BATCH === undefined ? {} : { batchSize: Number(process.env.BENCH_BATCH) };
const stub = process.env.BENCH_STUB === '1';
const f = await measureDrain(sales, latencyMs, batch, stub);
console.log(
  `drain of ${f.sales} queued sales through a proxy adding ${latencyMs} ms per request (batch ${batch.batchSize ?? defaultSyncTuning.batchSize} items / ${defaultSyncTuning.maxBatchBytes / 1024} KiB, ${stub ? 'stub' : 'real'} back office)`,
);
console.log(`time ${f.seconds.toFixed(1)} s (goal <= 60 s, ratio ${(f.seconds / 60).toFixed(2)})   requests ${f.requests}   sales/s ${(f.sales / f.seconds).toFixed(0)}`);
console.log(`back office recorded ${f.serverSales} sales; terminal left pending ${f.pendingAfter}, needs attention ${f.needsAttention}`);
