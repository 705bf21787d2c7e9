/**
 * (c) Memory while draining a backlog of 100,000 sales: the worker reads the outbox a
 * round at a time, so RSS must stay flat. Goal: peak RSS < 200 MB.
 * BENCH_SALES sets the backlog (default 100000). The back office is a stub that
 * acknowledges at once (BENCH_REAL_SERVER=1 uses the real one, whose ingest rate then sets the pace).
 */
import { measureDrain } from './drain';

const sales = Number(process.env.BENCH_SALES ?? 100_000);
const stub = process.env.BENCH_REAL_SERVER !== '1';
const f = await measureDrain(sales, 0, {}, stub);
console.log(`drain of ${f.sales} queued sales, no added latency, ${stub ? 'stub' : 'real'} back office`);
console.log(`RSS before ${f.rssBeforeMb.toFixed(0)} MB   peak ${f.peakRssMb.toFixed(0)} MB (goal < 200 MB, ratio ${(f.peakRssMb / 200).toFixed(2)})`);
console.log(
  `time ${f.seconds.toFixed(1)} s   requests ${f.requests}   back office recorded ${f.serverSales}; pending ${f.pendingAfter}, needs attention ${f.needsAttention}`,
);
