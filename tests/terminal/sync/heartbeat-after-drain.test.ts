import { afterEach, describe, expect, it } from 'vitest';
import { aPairedTill, fastTuning, ringUpSale, waitFor, waitUntilQueueEmpty, type Cleanups } from '../../support/terminal';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const UNAVAILABLE = { status: 503, code: 'unavailable', detail: 'The back office is busy (test proxy).' };
/** Beats a minute apart as in a shop: what the back office shows between them is what this test is about. */
const tuning = { ...fastTuning, heartbeatIntervalMs: 600_000 };

describe('the back office sees a till catch up at once, not a beat later', () => {
  it('a backlog it was told of is reported gone as soon as it is sent', async () => {
    const { core, link } = await aPairedTill(cleanups, { tuning });
    const depthAtBackOffice = async () =>
      (await link.backOffice.store.db.selectFrom('terminals').select('queue_depth').executeTakeFirstOrThrow()).queue_depth;
    // The back office refuses sales for a while, but takes the heartbeat: it is told of three waiting.
    link.proxy.refusePath('/v1/sales', UNAVAILABLE);
    link.proxy.refusePath('/v1/sync/batch', UNAVAILABLE);
    for (let i = 0; i < 3; i++) await ringUpSale(core, 1);
    core.start();
    await waitFor(async () => (await depthAtBackOffice()) === 3, 'the first heartbeat to report 3 sales waiting');

    link.proxy.refusePath('/v1/sales', null);
    link.proxy.refusePath('/v1/sync/batch', null);
    await waitUntilQueueEmpty(core);
    // The next beat would be ten minutes away: the one that says 0 went when the queue emptied.
    await waitFor(async () => (await depthAtBackOffice()) === 0, 'the back office to show the queue empty', 10_000);
    expect(await link.backOffice.store.db.selectFrom('sales').select('id').execute()).toHaveLength(3);
  });

  it('a till selling online sends no beat per sale', async () => {
    const { core, link } = await aPairedTill(cleanups, { tuning });
    const beats = () => link.proxy.stats.byPath.get('/v1/terminals/heartbeat') ?? 0;
    core.start();
    await waitFor(() => beats() >= 1, 'the first beat');
    for (let i = 0; i < 5; i++) {
      await ringUpSale(core, 1);
      await waitUntilQueueEmpty(core);
    }
    expect(await link.backOffice.store.db.selectFrom('sales').select('id').execute()).toHaveLength(5);
    // The start's beats (the first, and the one as the link is first found up), and at most one
    // more: a beat that happened to find a sale on its way reports it, and the queue emptying
    // after it sends the beat that says 0. Never one per sale.
    expect(beats()).toBeLessThanOrEqual(3);
  });
});
