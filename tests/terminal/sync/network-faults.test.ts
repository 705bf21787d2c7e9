import { afterEach, describe, expect, it } from 'vitest';
import type { FaultMode } from '../../support/fault-proxy';
import { faultModes } from '../../support/fault-proxy';
import { aPairedTill, expectExactlyOnce, ringUpSale, waitFor, waitUntilQueueEmpty, type Cleanups } from '../../support/terminal';

const SALES = 20;
/** Faults where the server has the sale but the terminal does not know it yet. */
const committedDuringFault: FaultMode[] = ['drop_response', 'duplicate', 'cut_response', 'html_error'];

describe('a terminal selling through a broken network', () => {
  const cleanups: Cleanups = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  for (const mode of faultModes) {
    it(`${mode}: ${SALES} sales rung up during the fault reach the back office exactly once, gapless`, async () => {
      const { link, core } = await aPairedTill(cleanups, { proxy: { delayMs: 1500, retryAfter: '1' } });
      core.start();

      link.proxy.setMode(mode);
      for (let i = 0; i < SALES; i += 1) {
        await ringUpSale(core);
        // Let the worker pick some sales one by one and leave others to pile up into a batch.
        if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Counted on the sales themselves: a catalog pull or a heartbeat meeting the fault proves nothing.
      await waitFor(() => (link.proxy.stats.queuedWriteFaults.get(mode) ?? 0) >= 2, `the ${mode} fault to hit the sales`);
      link.proxy.heal();

      await waitUntilQueueEmpty(core);
      await expectExactlyOnce(link, core, SALES);
      if (committedDuringFault.includes(mode)) {
        // Proof the fault struck after the server committed: the terminal's resend was answered as a replay.
        const replays = await link.backOffice.store.db
          .selectFrom('replay_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(replays.n)).toBeGreaterThan(0);
      }
    });
  }

  it('the back office refusing one sale: it waits in needs_attention with the reason, the rest still sync', async () => {
    const { link, core } = await aPairedTill(cleanups);
    const sales = [];
    for (let i = 0; i < 10; i += 1) sales.push(await ringUpSale(core));
    const refused = sales[3];
    if (!refused) throw new Error('no sale');
    link.proxy.refuseKey(refused.cartKey, { status: 400, code: 'validation_failed', detail: 'Line 1: the quantity is not valid.' });
    core.start();
    // A sale rung up after the refused one, sent on its own, must flow as well.
    await waitUntilQueueEmpty(core);
    sales.push(await ringUpSale(core));
    await waitUntilQueueEmpty(core);

    const attention = await core.queueItems({ state: 'needs_attention' });
    expect(attention).toHaveLength(1);
    expect(attention[0]).toMatchObject({
      key: refused.cartKey,
      documentId: refused.id,
      lastErrorCode: 'validation_failed',
      lastErrorMessage: 'Line 1: the quantity is not valid.',
    });
    expect((await core.getStatus()).needsAttention).toBe(1);
    expect((await core.getSale({ id: refused.id }))?.syncState).toBe('needs_attention');
    expect(await core.queueItems({ state: 'synced' })).toHaveLength(10);
    expect((await core.listSales({})).filter((s) => s.invoiceNumber !== null)).toHaveLength(10);

    // The manager fixes the cause on the server side and retries: it goes through, exactly once.
    link.proxy.acceptKey(refused.cartKey);
    await core.retry({ id: attention[0]?.id ?? '' });
    await waitFor(
      async () => (await core?.getStatus())?.needsAttention === 0 && (await core?.getStatus())?.pending === 0,
      'the retried sale to sync',
    );
    await expectExactlyOnce(link, core, 11);
  });
});
