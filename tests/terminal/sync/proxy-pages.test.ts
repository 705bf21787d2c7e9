import { afterEach, describe, expect, it } from 'vitest';
import { aSignedInTill, codeOf, ringUpSale, waitFor, waitUntilQueueEmpty, type Cleanups } from '../../support/terminal';

/**
 * Something between the till and the back office (a proxy, a captive portal) answers
 * with its own error page, after the back office may already have recorded the sale.
 * That is no refusal: the sales are retried under their keys, never shown as needing
 * attention, and a manager can never void one, not even after a later real refusal.
 */

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MANAGER = { managerPin: '9999' };

describe("a proxy's HTML error page in place of the back office's answer", () => {
  it('is retried, never "needs attention"; the sales cannot be voided, even after a later refusal; each is recorded once', async () => {
    const { core, link } = await aSignedInTill(cleanups);
    link.proxy.setMode('html_error');
    // A backlog goes as a batch: the page answers the batch, then every single send.
    const sales = [];
    for (let i = 0; i < 5; i += 1) sales.push(await ringUpSale(core));
    core.start();
    await waitFor(async () => (await core.queueItems({})).every((item) => item.attempts >= 2), 'every sale to meet the page twice');

    // Voids are a manager's: Mario signs in at the till, so only the entry's history can refuse them.
    await core.signIn({ pin: '9999' });
    const status = await core.getStatus();
    expect(status.needsAttention).toBe(0);
    expect(status.pending).toBe(5);
    // The back office did record them: the page came after.
    expect(
      await link.backOffice.store.db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 5 });
    for (const item of await core.queueItems({})) {
      // Still queued (pending, or sending again right now), never needs_attention.
      expect(['pending', 'sending']).toContain(item.state);
      expect(item).toMatchObject({ sentWithoutAnswer: true, lastErrorCode: 'http_403' });
      expect(await codeOf(core.voidQueueEntry({ id: item.id, reason: 'customer left', approval: MANAGER }))).toBe('entry_not_voidable');
    }

    // Later the back office (here, the proxy speaking problem+json for it) really refuses one.
    const [first] = sales;
    if (!first) throw new Error('no sale');
    link.proxy.refuseKey(first.cartKey, { status: 422, code: 'validation_failed', detail: 'Refused after the fact.' });
    link.proxy.heal();
    await waitFor(
      async () => (await core.getStatus()).needsAttention === 1 && (await core.getStatus()).pending === 0,
      'the refusal to land and the rest to sync',
    );
    const [refused] = await core.queueItems({ state: 'needs_attention' });
    expect(refused).toMatchObject({ documentId: first.id, sentWithoutAnswer: true, lastErrorCode: 'validation_failed' });
    // Once sent without a final answer, always: the refusal does not make it voidable.
    expect(await codeOf(core.voidQueueEntry({ id: refused?.id ?? '', reason: 'looks refused', approval: MANAGER }))).toBe('entry_not_voidable');

    // The refusal is lifted and the manager retries: the back office's own copy answers.
    link.proxy.acceptKey(first.cartKey);
    await core.retryAll();
    await waitUntilQueueEmpty(core);
    expect((await core.getStatus()).needsAttention).toBe(0);
    const rows = await link.backOffice.store.db.selectFrom('sales').select(['idempotency_key', 'series_value']).orderBy('series_value').execute();
    expect(rows.map((r) => Number(r.series_value))).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(new Set(sales.map((s) => s.cartKey)));
    for (const sale of sales) expect((await core.getSale({ id: sale.id }))?.syncState).toBe('synced');
  });

  it('a refusal on the first and only attempt (problem+json) stays voidable', async () => {
    const { core, link } = await aSignedInTill(cleanups);
    const sale = await ringUpSale(core);
    link.proxy.refuseKey(sale.cartKey);
    core.start();
    await waitFor(async () => (await core.getStatus()).needsAttention === 1, 'the refusal');
    const [item] = await core.queueItems({ state: 'needs_attention' });
    expect(item).toMatchObject({ attempts: 1, sentWithoutAnswer: false });
    await core.signIn({ pin: '9999' });
    expect(await core.voidQueueEntry({ id: item?.id ?? '', reason: 'rung up twice', approval: MANAGER })).toMatchObject({ state: 'voided' });
  });
});
