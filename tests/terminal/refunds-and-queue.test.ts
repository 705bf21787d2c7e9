import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pesoText, readingText } from '../../terminal/journal/document-text';
import { afterEach, describe, expect, it } from 'vitest';
import { callTerminalMethod } from '../../terminal/terminal-api';
import { aSignedInTill, codeOf, ringUpSale, waitFor, waitUntilQueueEmpty } from '../support/terminal';

const MANAGER = { managerPin: '9999' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const aTill = () => aSignedInTill(cleanups);

describe('refunds at the terminal', () => {
  it('a refund of a sale still queued waits for it, then reaches the back office against the right sale', async () => {
    const { core, link, raw } = await aTill();
    const first = await ringUpSale(core, 2);
    const sale = await ringUpSale(core, 2);
    const refund = await core.refund({
      refundKey: 'refund-1',
      saleId: sale.localNumber,
      lines: [{ sku: 'SKU-2', qty: 1 }],
      reason: 'dented can',
      approval: MANAGER,
    });
    expect(refund).toMatchObject({ saleId: sale.id, approvedBy: 'mario', totalMinor: 2500, returnNumber: null, syncState: 'pending' });
    expect(refund.localNumber).toMatch(/-R000001$/);
    const [queued] = await core.queueItems({ state: 'pending', newestFirst: true, limit: 1 });
    expect(queued).toMatchObject({ kind: 'refund', documentNumber: refund.localNumber, state: 'pending' });
    expect(queued?.waitingFor).toContain(sale.localNumber);

    // One transaction wrote the refund, its line, the stock coming back and the entry.
    let db = raw();
    expect(db.prepare("SELECT SUM(qty_milli) FROM stock_movements WHERE kind = 'refund' AND sku = 'SKU-2'").pluck().get()).toBe(1000);
    expect(db.prepare('SELECT COUNT(*) FROM refund_lines').pluck().get()).toBe(1);
    db.close();

    // Two sales and a refund queued: the batch carries the sales, the refund follows once its sale has an id.
    core.start();
    await waitUntilQueueEmpty(core);
    const serverSales = await link.backOffice.store.db.selectFrom('sales').select(['id', 'local_number']).execute();
    expect(serverSales.map((s) => s.local_number).sort()).toEqual([first.localNumber, sale.localNumber].sort());
    const serverSaleId = serverSales.find((s) => s.local_number === sale.localNumber)?.id;
    const serverRefunds = await link.backOffice.store.db
      .selectFrom('refunds')
      .select(['id', 'sale_id', 'local_number', 'return_number', 'total_minor'])
      .execute();
    expect(serverRefunds).toEqual([expect.objectContaining({ sale_id: serverSaleId, local_number: refund.localNumber })]);
    expect(Number(serverRefunds[0]?.total_minor)).toBe(2500);
    const movements = await link.backOffice.store.db
      .selectFrom('stock_movements')
      .select(['sku', 'qty_milli'])
      .where('kind', '=', 'refund')
      .execute();
    expect(movements.map((m) => [m.sku, Number(m.qty_milli)])).toEqual([['SKU-2', 1000]]);

    const local = (await core.lookupReceipt({ number: sale.localNumber }))?.refunds[0];
    expect(local).toMatchObject({ syncState: 'synced', returnNumber: serverRefunds[0]?.return_number });
    db = raw();
    // The path kept is the template: resolved at each send from the sale's acknowledgement as it stands.
    expect(db.prepare("SELECT path FROM outbox WHERE kind = 'refund'").pluck().get()).toBe('/v1/sales/{saleId}/refund');
    db.close();
  });

  it('never gives back more than was sold less earlier refunds, and a wrong or cashier PIN approves nothing', async () => {
    const { core, raw } = await aTill();
    const sale = await ringUpSale(core, 2);
    const line = (sku: string, qty: number) => ({
      refundKey: `k-${sku}-${qty}-${Math.random().toString(36).slice(2)}`,
      saleId: sale.id,
      lines: [{ sku, qty }],
      reason: 'changed mind',
      approval: MANAGER,
    });
    expect(await codeOf(core.refund({ ...line('SKU-2', 1), approval: { managerPin: '1111' } }))).toBe('not_allowed');
    expect(await codeOf(core.refund({ ...line('SKU-2', 1), approval: { managerPin: '4242' } }))).toBe('pin_wrong');
    expect(await codeOf(core.refund(line('SKU-2', 3)))).toBe('refund_exceeds_sale');
    expect(await codeOf(core.refund(line('NOT-SOLD', 1)))).toBe('refund_exceeds_sale');
    const again = line('SKU-2', 1);
    const firstTime = await core.refund(again);
    expect(await core.refund(again)).toEqual(firstTime);
    expect(await codeOf(core.refund(line('SKU-2', 2)))).toBe('refund_exceeds_sale');
    // The SKU on two lines: what they ask in all, and what is left (not "only 0 of SKU-2", then "-1").
    const twoLines = await core
      .refund({
        ...line('SKU-2', 1),
        lines: [
          { sku: 'SKU-2', qty: 1 },
          { sku: 'SKU-2', qty: 1 },
          { sku: 'SKU-2', qty: 1 },
        ],
      })
      .catch((error: unknown) => error);
    const told = '3 of SKU-2 asked in this refund (on 3 lines), but only 1 is left to refund';
    expect(twoLines).toMatchObject({
      code: 'refund_exceeds_sale',
      errors: [
        { path: '/lines/1/qty', message: told },
        { path: '/lines/2/qty', message: told },
      ],
    });
    await core.refund(line('SKU-2', 1));
    const left = await core.lookupReceipt({ number: sale.localNumber });
    // Typed in lower case, as a manager in a hurry does (a walk found "No sale t01-000001"), it is the same sale.
    expect((await core.lookupReceipt({ number: ` ${sale.localNumber.toLowerCase()} ` }))?.saleId).toBe(sale.id);
    expect(await core.lookupReceipt({ number: 'x01-999999' })).toBeNull();
    expect(left?.lines.map((l) => [l.sku, l.soldQty, l.refundedQty, l.refundableQty])).toEqual([
      ['SKU-1', 1, 0, 1],
      ['SKU-2', 2, 2, 0],
    ]);
    const db = raw();
    expect(db.prepare('SELECT COUNT(*) FROM refunds').pluck().get()).toBe(2);
    expect(db.prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'refund'").pluck().get()).toBe(2);
    db.close();
  });

  it('found by a black-box probe: a reason under 3 characters ("ab", "  x ") is refused before the PIN is tried, and nothing is stored', async () => {
    const { core, raw } = await aTill();
    const sale = await ringUpSale(core, 2);
    const footprint = () => {
      const db = raw();
      try {
        return {
          refunds: db.prepare('SELECT COUNT(*) FROM refunds').pluck().get(),
          lines: db.prepare('SELECT COUNT(*) FROM refund_lines').pluck().get(),
          returnNumbers: db.prepare("SELECT COUNT(*) FROM receipt_counters WHERE terminal_code LIKE 'return:%'").pluck().get(),
          queued: db.prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'refund'").pluck().get(),
          stockBack: db.prepare("SELECT COUNT(*) FROM stock_movements WHERE kind = 'refund'").pluck().get(),
          journal: db.prepare("SELECT COUNT(*) FROM journal WHERE kind = 'refund'").pluck().get(),
          wrongPins: db.prepare('SELECT COUNT(*) FROM wrong_pins').pluck().get(),
        };
      } finally {
        db.close();
      }
    };
    const before = footprint();
    let tries = 0;
    const asked = (reason: string, managerPin = '9999') => ({
      refundKey: `short-reason-${(tries += 1)}`,
      saleId: sale.localNumber,
      lines: [{ sku: 'SKU-2', qty: 1 }],
      reason,
      approval: { managerPin },
    });
    for (const reason of ['ab', '  x ', '   ', 'é']) {
      const refused = await core.refund(asked(reason)).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        code: 'refund_reason_too_short',
        message: 'Type the reason the items come back, in 3 characters or more: it is printed on the return slip.',
        errors: [{ path: '/reason', message: 'at least 3 characters' }],
      });
    }
    // Through the screens' door too, and a wrong PIN with it is not even tried: no wrong PIN counted towards the rest.
    expect(await codeOf(callTerminalMethod(core, 'refund', asked('ab', '4242')))).toBe('refund_reason_too_short');
    expect(footprint()).toEqual(before);

    const refund = await core.refund(asked('dented can'));
    expect(refund).toMatchObject({ reason: 'dented can', totalMinor: 2500 });
    expect(footprint()).toMatchObject({ refunds: 1, queued: 1 });
  });

  it('found by a BIR probe: a cash refund above the cash the drawer holds is refused before anything is written, saying how much it holds; by the card, or once the drawer holds it, it goes', async () => {
    const { core, raw } = await aTill();
    await core.openShift({ floatMinor: 2_000, approval: MANAGER });
    const soap = { sku: 'SOAP', name: 'Soap', unitPriceMinor: 2_450, taxCode: 'VAT12' };
    const pay = async (qty: number, payment: { method: 'cash' | 'card'; amountMinor: number; reference?: string }) => {
      const { cartKey } = await core.openCart();
      return core.pay({ cartKey, cashier: 'ana', lines: [{ ...soap, qty }], payments: [payment] });
    };
    // Four soaps by card (₱98.00), then one in cash (₱50.00 handed over, ₱25.50 change): the drawer holds ₱20.00 + ₱24.50.
    const byCard = await pay(4, { method: 'card', amountMinor: 9_800, reference: 'AUTH-1' });
    await pay(1, { method: 'cash', amountMinor: 5_000 });
    const footprint = () => {
      const db = raw();
      try {
        return {
          refunds: db.prepare('SELECT COUNT(*) FROM refunds').pluck().get(),
          tenders: db.prepare('SELECT COUNT(*) FROM refund_tenders').pluck().get(),
          returnNumbers: db.prepare("SELECT COUNT(*) FROM receipt_counters WHERE terminal_code LIKE 'return:%'").pluck().get(),
          queued: db.prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'refund'").pluck().get(),
          stockBack: db.prepare("SELECT COUNT(*) FROM stock_movements WHERE kind = 'refund'").pluck().get(),
          journal: db.prepare("SELECT COUNT(*) FROM journal WHERE kind = 'refund'").pluck().get(),
        };
      } finally {
        db.close();
      }
    };
    const before = footprint();
    const giveBack = (key: string, qty: number, moneyBack?: 'cash' | 'original_tender') =>
      core.refund({
        refundKey: key,
        saleId: byCard.id,
        lines: [{ sku: 'SOAP', qty }],
        reason: 'wrong scent',
        approval: MANAGER,
        ...(moneyBack ? { moneyBack } : {}),
      });

    // Three soaps back in cash, ₱73.50: the drawer holds ₱44.50.
    const refused = await giveBack('too-much-cash', 3).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'refund_beyond_drawer',
      errors: [{ path: '/moneyBack', message: 'at most ₱44.50 in cash' }],
    });
    const { message } = refused as Error;
    expect(message).toMatch(/^The drawer holds ₱44\.50 in cash now: not enough for the ₱73\.50 this refund pays out in cash\. /);
    expect(message).toContain('Refund it another way (the way it was paid');
    expect(message).toContain('have a manager pay cash into the drawer first');
    // Through the screens' door too; nothing written either time, and the drawer is as it was.
    expect(
      await codeOf(
        callTerminalMethod(core, 'refund', {
          refundKey: 'again',
          saleId: byCard.id,
          lines: [{ sku: 'SOAP', qty: 3 }],
          reason: 'wrong scent',
          approval: MANAGER,
        }),
      ),
    ).toBe('refund_beyond_drawer');
    expect(footprint()).toEqual(before);
    expect((await core.shiftReport({})).expectedCashMinor).toBe(4_450);

    // The way it was paid: back to the card, no cash out of the drawer.
    expect((await giveBack('to-the-card', 3, 'original_tender')).tenders).toEqual([{ method: 'card', amountMinor: 7_350 }]);
    // The last soap in cash, ₱24.50, is within the ₱44.50 the drawer holds: it goes, and the drawer holds ₱20.00.
    expect((await giveBack('last-soap', 1)).tenders).toEqual([{ method: 'cash', amountMinor: 2_450 }]);
    expect((await core.shiftReport({})).expectedCashMinor).toBe(2_000);
    expect(footprint()).toMatchObject({ refunds: 2, returnNumbers: 1, queued: 2, journal: 2 });
  });

  it('a refund an older till queued with a 1-character reason still reaches the back office: nothing a till recorded is refused forever', async () => {
    const { core, link, dataDir } = await aTill();
    const sale = await ringUpSale(core, 2);
    await core.refund({ refundKey: 'older-till', saleId: sale.id, lines: [{ sku: 'SKU-1', qty: 1 }], reason: 'dented can', approval: MANAGER });
    // As a till of the version before this rule wrote it: the refund and its queued body with the reason "x".
    const db = new Database(join(dataDir, 'terminal.db'));
    db.prepare("UPDATE refunds SET reason = 'x' WHERE refund_key = 'older-till'").run();
    const body = JSON.parse(db.prepare("SELECT body FROM outbox WHERE kind = 'refund'").pluck().get() as string) as { reason: string };
    db.prepare("UPDATE outbox SET body = ? WHERE kind = 'refund'").run(JSON.stringify({ ...body, reason: 'x' }));
    db.close();
    core.start();
    await waitUntilQueueEmpty(core);
    const stored = await link.backOffice.store.db.selectFrom('refunds').select(['local_number', 'reason']).execute();
    expect(stored).toEqual([{ local_number: expect.stringMatching(/-R000001$/), reason: 'x' }]);
    expect((await core.queueItems({ state: 'needs_attention' })).length).toBe(0);
  });

  it('when the back office says the refund exceeds the sale, it waits for a manager (needs attention)', async () => {
    const { core, link, raw } = await aTill();
    const sale = await ringUpSale(core, 1);
    core.start();
    await waitUntilQueueEmpty(core);
    // Another till refunded the whole sale at the back office already.
    const db = raw();
    const token = (JSON.parse(db.prepare("SELECT value FROM terminal_settings WHERE name = 'pairing'").pluck().get() as string) as { token: string })
      .token;
    db.close();
    const serverSale = await link.backOffice.store.db.selectFrom('sales').select('id').executeTakeFirstOrThrow();
    const elsewhere = await link.backOffice.app.inject({
      method: 'POST',
      url: `/v1/sales/${serverSale.id}/refund`,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'elsewhere-1' },
      payload: { localNumber: 'OTHER-1', occurredAt: new Date().toISOString(), lines: [{ sku: 'SKU-1', qty: 1 }], reason: 'other till' },
    });
    expect(elsewhere.statusCode).toBe(201);
    const refund = await core.refund({
      refundKey: 'late-1',
      saleId: sale.id,
      lines: [{ sku: 'SKU-1', qty: 1 }],
      reason: 'broken',
      approval: MANAGER,
    });
    await waitFor(async () => (await core.getStatus()).needsAttention === 1, 'the refund to need attention');
    const [entry] = await core.queueItems({ state: 'needs_attention' });
    expect(entry).toMatchObject({ documentNumber: refund.localNumber, lastErrorCode: 'refund_exceeds_sale' });
  });
});

describe('voiding a queued write', () => {
  it('needs a reason and a manager; keeps the entry and the sale; the worker never sends it', async () => {
    const { core, link, raw } = await aTill();
    const refused = await ringUpSale(core, 1);
    link.proxy.refuseKey(refused.cartKey);
    core.start();
    await waitFor(async () => (await core.getStatus()).needsAttention === 1, 'the sale to need attention');
    const refund = await core.refund({
      refundKey: 'r-of-refused',
      saleId: refused.id,
      lines: [{ sku: 'SKU-1', qty: 1 }],
      reason: 'wrong item',
      approval: MANAGER,
    });
    expect((await core.queueItems({ state: 'pending' }))[0]?.waitingFor).toMatch(/needs attention/);

    expect(await codeOf(callTerminalMethod(core, 'voidQueueEntry', { id: refused.id, reason: '', approval: MANAGER }))).toBe('validation_failed');
    // Ana (a cashier) is signed in: the manager's PIN alone does not make it a manager's void.
    expect(await codeOf(core.voidQueueEntry({ id: refused.id, reason: 'rung up twice by mistake', approval: MANAGER }))).toBe('manager_required');
    expect((await core.queueItems({ state: 'needs_attention' })).map((item) => item.documentId)).toEqual([refused.id]);
    await core.signIn({ pin: '9999' });
    expect(await codeOf(core.voidQueueEntry({ id: refused.id, reason: 'test sale', approval: { managerPin: '1111' } }))).toBe('not_allowed');
    const voided = await core.voidQueueEntry({ id: refused.id, reason: 'rung up twice by mistake', approval: MANAGER });
    expect(voided).toMatchObject({ state: 'voided', documentId: refused.id, voided: { by: 'mario', reason: 'rung up twice by mistake' } });
    expect(await core.queueCounts()).toMatchObject({ voided: 2, needs_attention: 0, pending: 0 });
    expect((await core.lookupReceipt({ number: refused.localNumber }))?.refunds[0]).toMatchObject({ id: refund.id, syncState: 'voided' });

    // The refusal is lifted and everything is retried: the voided sale still never goes.
    link.proxy.acceptKey(refused.cartKey);
    await core.retryAll();
    const next = await ringUpSale(core, 1);
    await waitFor(async () => (await core.getSale({ id: next.id }))?.syncState === 'synced', 'the next sale to sync');
    expect((await core.getSale({ id: refused.id }))?.syncState).toBe('voided');
    const serverNumbers = (await link.backOffice.store.db.selectFrom('sales').select('local_number').execute()).map((s) => s.local_number);
    expect(serverNumbers).toEqual([next.localNumber]);
    expect(await codeOf(core.voidQueueEntry({ id: next.id, reason: 'too late', approval: MANAGER }))).toBe('entry_not_voidable');
    const db = raw();
    expect(db.prepare('SELECT COUNT(*) FROM sales').pluck().get()).toBe(2);
    expect(db.prepare('SELECT voided_by, void_reason FROM outbox WHERE document_id = ?').get(refused.id)).toEqual({
      voided_by: 'mario',
      void_reason: 'rung up twice by mistake',
    });
    db.close();

    // The export is the manager desk's: with Ana (a cashier) signed in, the core refuses it.
    await core.signIn({ pin: '1111' });
    expect(await codeOf(core.exportQueue())).toBe('not_allowed');
    await core.signOut();
    expect(await codeOf(core.exportQueue())).toBe('not_signed_in');
    await core.signIn({ pin: '9999' });
    const exported = await core.exportQueue();
    expect(exported.counts).toMatchObject({ voided: 2, synced: 1 });
    expect(exported.entries).toHaveLength(3);
    expect(JSON.stringify(exported)).not.toContain(
      (await link.backOffice.store.db.selectFrom('terminals').select('token_hash').executeTakeFirstOrThrow()).token_hash,
    );

    // Found by a black-box probe: the reading counts the voided sale and refund (the drawer took and paid that money), and
    // says so, so the manager can tell why the back office has less.
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    const x = await core.shiftReport({});
    expect(x.salesCount).toBe(2);
    expect(x.queueVoided).toEqual({ salesCount: 1, salesMinor: refused.totalMinor, refundsCount: 1, refundsMinor: refund.totalMinor });
    expect(readingText(x).replace(/\s+/g, ' ')).toContain(
      `Voided from the sync queue (counted here, never sent to the back office): 1 sale(s), ${pesoText(refused.totalMinor)}; 1 refund(s), ${pesoText(refund.totalMinor)}.`,
    );
  });

  it('refuses to void a sale that was sent without an answer: the back office may already hold it', async () => {
    const { core, link } = await aTill();
    link.proxy.setMode('drop_response');
    core.start();
    const sale = await ringUpSale(core, 1);
    await waitFor(
      async () => (await core.queueItems({})).some((item) => item.attempts > 0 && item.state === 'pending'),
      'the sale to be sent once, its answer lost',
    );
    const [entry] = await core.queueItems({});
    await core.signIn({ pin: '9999' });
    expect(await codeOf(core.voidQueueEntry({ id: entry?.id ?? '', reason: 'customer left', approval: MANAGER }))).toBe('entry_not_voidable');
    link.proxy.heal();
    await waitUntilQueueEmpty(core);
    expect(await link.backOffice.store.db.selectFrom('sales').select('local_number').execute()).toEqual([{ local_number: sale.localNumber }]);
  });
});
