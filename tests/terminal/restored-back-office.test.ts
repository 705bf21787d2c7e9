import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addTerminalNow } from '../../server/terminals/pairing';
import type { TerminalCore } from '../../terminal/terminal-core';
import { countRows, invoiceSeriesValues, listenOnLoopback, range, startBackOffice } from '../support/back-office';
import { allLocalSales, fastTuning, openCore, tempDataDir, waitFor, waitUntilQueueEmpty, type Cleanups } from '../support/terminal';

const MANAGER = { managerPin: '9999' };
const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The acknowledgement up to which the till last found the back office holding everything. */
function verifiedOrder(dataDir: string): number | undefined {
  const till = new Database(join(dataDir, 'terminal.db'), { readonly: true });
  try {
    return till.prepare('SELECT verified_order FROM acknowledged_checks').pluck().get() as number | undefined;
  } finally {
    till.close();
  }
}

async function sell(core: TerminalCore, sku: string) {
  const { cartKey } = await core.openCart();
  return core.pay({
    cartKey,
    cashier: 'ana',
    lines: [{ sku, name: sku, qty: 2, unitPriceMinor: 2_450 }],
    payments: [{ method: 'cash', amountMinor: 5_000 }],
  });
}

const refundOne = (core: TerminalCore, sale: { id: string }, sku: string, key: string) =>
  core.refund({ refundKey: key, saleId: sale.id, lines: [{ sku, qty: 1 }], reason: 'dented', approval: MANAGER });

describe('a back office restored from an older backup', () => {
  it('gets again, from the till, every sale and refund it had acknowledged after the backup, each once; what the backup kept is not sent again', async () => {
    const first = await startBackOffice('sqlite');
    let firstOpen = true;
    cleanups.push(async () => {
      if (firstOpen) await first.close();
    });
    const { port } = await listenOnLoopback(first);
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    // A heartbeat slower than the queue's retries: after the restore the queue reaches the back office first.
    // Answers are waited for as long as they take: on a loaded machine a sale answered after a
    // short timeout would be sent again and counted as a replay, which is not what this counts.
    const core = await openCore(data.dir, { ...fastTuning, heartbeatIntervalMs: 1500, requestTimeoutMs: 30_000 });
    cleanups.push(() => core.close());
    const { pairingCode } = await addTerminalNow(first.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till' });
    await core.pair({ serverUrl: `http://127.0.0.1:${port}`, pairingCode });
    core.seedDemoPeople([
      { code: 'mario', name: 'Mario', role: 'manager', pin: '9999' },
      { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
    ]);
    await core.signIn({ pin: '1111' });
    core.start();

    // The morning: three sales and a refund, acknowledged; then last night's... this morning's backup.
    const morning = [await sell(core, 'RICE'), await sell(core, 'SARDINES'), await sell(core, 'SOAP')];
    await refundOne(core, morning[0]!, 'RICE', 'refund-morning');
    await waitUntilQueueEmpty(core);
    const backup = join(data.dir, '..', `${data.dir.split('/').at(-1)}-backup.db`);
    cleanups.push(() => rmSync(backup, { force: true }));
    await first.store.sqlite!.backup(backup);

    // The afternoon: three more sales, a refund of a morning sale and one of an afternoon sale, all acknowledged.
    const afternoon = [await sell(core, 'BREAD'), await sell(core, 'EGGS'), await sell(core, 'MILK')];
    await refundOne(core, morning[1]!, 'SARDINES', 'refund-of-morning-sale');
    await refundOne(core, afternoon[1]!, 'EGGS', 'refund-of-afternoon-sale');
    await waitUntilQueueEmpty(core);
    expect(await countRows(first.store, 'sales')).toBe(6);
    expect(await countRows(first.store, 'refunds')).toBe(3);
    // The till's heartbeat has found all of it there.
    await waitFor(() => verifiedOrder(data.dir) === 9, 'the back office to be found holding all nine');

    // The back office's disk dies; it is restored from the morning's backup, at the same address.
    await first.app.close();
    await first.store.close();
    firstOpen = false;
    // While the back office is down: a sale, and a refund of an afternoon sale the restored one will not have.
    // Both go to it as soon as it answers; the refund finds no sale there until the heartbeat has sent it again.
    const duringOutage = await sell(core, 'CANDLES');
    await refundOne(core, afternoon[2]!, 'MILK', 'refund-during-outage');
    const restored = await startBackOffice('sqlite', {}, { kind: 'sqlite', url: `sqlite:${backup}`, drop: async () => undefined });
    cleanups.push(() => restored.close());
    expect(await countRows(restored.store, 'sales')).toBe(3);
    await listenOnLoopback(restored, port);

    // The till's heartbeat finds the back office short and sends the afternoon again, each under its own key.
    await waitFor(
      async () => (await countRows(restored.store, 'sales')) === 7 && (await countRows(restored.store, 'refunds')) === 4,
      'the afternoon to reach the restored back office',
    );
    await waitUntilQueueEmpty(core);

    const sales = await restored.store.db.selectFrom('sales').select(['idempotency_key', 'local_number', 'invoice_number', 'id']).execute();
    const local = await allLocalSales(core);
    expect(sales.map((s) => s.idempotency_key).sort()).toEqual(local.map((s) => s.cartKey).sort());
    expect(local.map((s) => s.localNumber)).toContain(duringOutage.localNumber);
    expect(await invoiceSeriesValues(restored.store)).toEqual(range(7));
    // Each local sale knows the number the restored back office gave it (the afternoon's are new).
    const invoiceOf = new Map(sales.map((s) => [s.local_number, s.invoice_number]));
    for (const sale of local) expect(sale.invoiceNumber).toBe(invoiceOf.get(sale.localNumber));

    // Each refund is there once, against the sale it refunds as the restored back office holds it.
    const refunds = await restored.store.db
      .selectFrom('refunds as r')
      .innerJoin('sales as s', 's.id', 'r.sale_id')
      .select(['r.idempotency_key', 's.local_number'])
      .orderBy('r.idempotency_key')
      .execute();
    expect(refunds).toEqual([
      { idempotency_key: 'refund-during-outage', local_number: afternoon[2]!.localNumber },
      { idempotency_key: 'refund-morning', local_number: morning[0]!.localNumber },
      { idempotency_key: 'refund-of-afternoon-sale', local_number: afternoon[1]!.localNumber },
      { idempotency_key: 'refund-of-morning-sale', local_number: morning[1]!.localNumber },
    ]);
    // What the backup kept was not all sent again: at most the two just before the lost run
    // (the checkpoints 1, 3 and 7 back from the last verified one bound the run from below).
    expect(await countRows(restored.store, 'replay_log')).toBeLessThanOrEqual(2);
    expect(await core.queueItems({ state: 'needs_attention' })).toEqual([]);
  });
});
