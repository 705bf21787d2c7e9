import { afterEach, describe, expect, it } from 'vitest';
import { oneOutage, startOutageRig, type OutageRig } from '../../support/outage-rig';
import { allLocalSales, ringUpSale, tempDataDir } from '../../support/terminal';

/**
 * The back office process stopped and started again under a till running the shipped
 * tuning (no test knobs): the till says offline soon after it goes, whether or not a sale
 * is being sent, and its queue moves soon after it returns, each sale recorded once.
 * Bounded waits only (10 s for a 5 s goal); bench/terminal/outage-notice.ts prints the times.
 */

const BOUND_MS = 10_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a real back office stopped and restarted under a till', () => {
  let rig: OutageRig;

  it('idle, then selling: offline within the bound, and the queue out within the bound of its return, each sale once', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    rig = await startOutageRig(data.dir);
    cleanups.push(() => rig.close());
    rig.core.start();

    // 1. Nobody rings anything up: only the probe can notice. Sales rung up while down queue.
    const idle = await oneOutage(rig, { ringUpDuring: 0, downMs: 3_000, boundMs: BOUND_MS, ringUp: (core) => ringUpSale(core) });
    // 2. Down for longer with sales waiting: the worker's backoff has grown by the time it returns.
    const selling = await oneOutage(rig, { ringUpDuring: 8, downMs: 8_000, boundMs: BOUND_MS, ringUp: (core) => ringUpSale(core) });
    console.log(
      `outage noticed after ${idle.noticedMs} ms (idle) / ${selling.noticedMs} ms (selling); queue empty ${idle.drainedMs} / ${selling.drainedMs} ms after the back office answered again`,
    );

    const status = await rig.core.getStatus();
    expect(status).toMatchObject({ online: true, pending: 0, needsAttention: 0, syncStalled: null });
    const local = await allLocalSales(rig.core);
    expect(local).toHaveLength(8);
    const server = await rig.serverSales();
    expect(server.map((s) => s.seriesValue)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(server.map((s) => s.key))).toEqual(new Set(local.map((s) => s.cartKey)));
    for (const sale of local) expect(sale.syncState).toBe('synced');
  }, 120_000);
});
