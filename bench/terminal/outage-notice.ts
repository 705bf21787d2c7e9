/**
 * (finding 14 of #9) How soon the till notices the back office is gone, and how soon its
 * queue moves once it is back, with the shipped sync tuning against the real server
 * process (SQLite), stopped with SIGTERM and started again. Goal: both <= 5 s. Runs
 * BENCH_OUTAGES outages (default 3) of each kind: an idle till (only the link probe can
 * notice) and a till ringing up sales while the back office is down (BENCH_DOWN_MS, default
 * 20 s, long enough for the sync worker's backoff to grow). BENCH_PROBE_MS sets the link
 * probe's interval (a huge value shows the times without the probe: heartbeat and backoff only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import type { TerminalCore } from '../../terminal/terminal-core';
import { defaultSyncTuning } from '../../terminal/sync/tuning';
import { oneOutage, startOutageRig, type OutageTimes } from '../../tests/support/outage-rig';

const outages = Number(process.env.BENCH_OUTAGES ?? 3);
const downMs = Number(process.env.BENCH_DOWN_MS ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'counter-bench-outage-'));

async function ringUp(core: TerminalCore): Promise<void> {
  await core.pay({
    cartKey: uuidv7(),
    cashier: 'ana',
    lines: [{ sku: 'RICE-5KG', name: 'Rice 5 kg', qty: 1, unitPriceMinor: 32_500 }],
    payments: [{ method: 'cash', amountMinor: 50_000 }],
  });
}

const probeMs = Number(process.env.BENCH_PROBE_MS ?? defaultSyncTuning.probeIntervalMs);
const rig = await startOutageRig(join(dir, 'terminal'), { probeIntervalMs: probeMs });
rig.core.start();
const idle: OutageTimes[] = [];
const selling: OutageTimes[] = [];
let rungUp = 0;
try {
  for (let i = 0; i < outages; i += 1) {
    idle.push(await oneOutage(rig, { ringUpDuring: 0, downMs: 3_000, boundMs: 120_000, ringUp }));
    selling.push(await oneOutage(rig, { ringUpDuring: 5, downMs, boundMs: 120_000, ringUp }));
    rungUp += 5;
  }
  const sales = await rig.serverSales();
  const max = (list: OutageTimes[], key: keyof OutageTimes) => Math.max(...list.map((t) => t[key]));
  const all = (list: OutageTimes[], key: keyof OutageTimes) => list.map((t) => t[key]).join(', ');
  console.log(
    `probe every ${probeMs} ms, timeout ${defaultSyncTuning.probeTimeoutMs} ms; backoff ${defaultSyncTuning.backoffBaseMs}..${defaultSyncTuning.backoffCapMs} ms`,
  );
  console.log(`outage noticed (idle till):      ${all(idle, 'noticedMs')} ms   max ${max(idle, 'noticedMs')} ms (goal <= 5000)`);
  console.log(`outage noticed (selling):        ${all(selling, 'noticedMs')} ms   max ${max(selling, 'noticedMs')} ms (goal <= 5000)`);
  console.log(
    `queue empty after return (${downMs / 1000} s down, 5 sales): ${all(selling, 'drainedMs')} ms   max ${max(selling, 'drainedMs')} ms (goal <= 5000)`,
  );
  console.log(`back office recorded ${sales.length} sales of ${rungUp}; series gapless: ${sales.every((s, i) => s.seriesValue === i + 1)}`);
} finally {
  await rig.close();
  rmSync(dir, { recursive: true, force: true });
}
