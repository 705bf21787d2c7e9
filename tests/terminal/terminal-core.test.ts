import Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { SaleRequestSchema } from '../../protocol';
import { migrations } from '../../terminal/store/migrations';
import { callTerminalMethod, type TerminalStatus } from '../../terminal/terminal-api';
import { fastTuning, openCore, ringUpSale, startLink, tempDataDir, waitFor, waitUntilQueueEmpty, type Link } from '../support/terminal';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aTerminal(options: { link?: boolean; tuning?: typeof fastTuning } = {}) {
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  let link: Link | null = null;
  if (options.link !== false) {
    link = await startLink({ delayMs: 800 });
    const started = link;
    cleanups.push(() => started.close());
  }
  const holder = { core: await openCore(data.dir, options.tuning ?? fastTuning) };
  cleanups.push(() => holder.core.close());
  const pair = async () => {
    if (!link) throw new Error('no back office');
    return holder.core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
  };
  /** Closes the core and opens it again on the same data, like a till switched off and on. */
  const restart = async () => {
    await holder.core.close();
    holder.core = await openCore(data.dir, options.tuning ?? fastTuning);
    return holder.core;
  };
  const raw = () => new Database(join(data.dir, 'terminal.db'), { readonly: true });
  return { holder, link, pair, restart, raw, dataDir: data.dir };
}

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: unknown) => (e as { code?: string }).code,
  );

describe('taking payment', () => {
  it('is refused with not_paired before the terminal is paired, and nothing is written', async () => {
    const t = await aTerminal({ link: false });
    const { cartKey } = await t.holder.core.openCart();
    expect(
      await codeOf(
        t.holder.core.pay({
          cartKey,
          cashier: 'ana',
          lines: [{ sku: 'A', qty: 1, unitPriceMinor: 1 }],
          payments: [{ method: 'cash', amountMinor: 1 }],
        }),
      ),
    ).toBe('not_paired');
    expect(await t.holder.core.listSales({})).toEqual([]);
    expect((await t.holder.core.getStatus()).offlineCause).toBe('not_paired');
  });

  it('found by an audit: tenders short of the amount due, or a card past it, are refused by the core itself and record nothing', async () => {
    const t = await aTerminal();
    await t.pair();
    const sardines = [{ sku: 'SARDINES', qty: 1, unitPriceMinor: 2450 }];
    const pay = async (payments: { method: 'cash' | 'card' | 'other'; amountMinor: number }[]) =>
      t.holder.core.pay({ cartKey: (await t.holder.core.openCart()).cartKey, cashier: 'ana', lines: sardines, payments });
    // ₱10.00 for ₱24.50 (the web host's API takes what any caller sends, not only the screen's tenders).
    expect(await codeOf(pay([{ method: 'cash', amountMinor: 1000 }]))).toBe('payment_short');
    // A ₱100 card for ₱24.50: ₱75.50 of change would leave the drawer for money the card took.
    expect(await codeOf(pay([{ method: 'card', amountMinor: 10_000 }]))).toBe('non_cash_over_due');
    expect(
      await codeOf(
        pay([
          { method: 'other', amountMinor: 2000 },
          { method: 'card', amountMinor: 1000 },
        ]),
      ),
    ).toBe('non_cash_over_due');
    // A card of nothing beside the cash (found by a probe: stored as a tender).
    expect(
      await codeOf(
        pay([
          { method: 'cash', amountMinor: 2450 },
          { method: 'card', amountMinor: 0 },
        ]),
      ),
    ).toBe('invalid_argument');
    const db = t.raw();
    try {
      for (const table of ['sales', 'sale_lines', 'sale_payments', 'outbox'])
        expect(db.prepare(`select count(*) as n from ${table}`).get(), table).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    // Card up to what is due and the rest in cash: the change comes from the cash.
    const paid = await pay([
      { method: 'card', amountMinor: 2000 },
      { method: 'cash', amountMinor: 1000 },
    ]);
    expect(paid).toMatchObject({ totalMinor: 2450, paidMinor: 3000, changeMinor: 550 });
    // The refusals took no receipt number: the first sale recorded is the first receipt.
    expect(paid.localNumber).toMatch(/-000001$/);
  });

  it('paying the same cart twice gives back the same sale: one sale, one receipt number, one outbox entry', async () => {
    const t = await aTerminal();
    await t.pair();
    const { cartKey } = await t.holder.core.openCart();
    const args = {
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'RICE', qty: 2, unitPriceMinor: 1000 }],
      payments: [{ method: 'cash' as const, amountMinor: 5000 }],
    };
    const first = await t.holder.core.pay(args);
    const second = await t.holder.core.pay(args);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ totalMinor: 2000, paidMinor: 5000, changeMinor: 3000, invoiceNumber: null });
    // The same cart with an item more (scanned into a paid cart a reload brought back), or another tender: refused, not answered with a receipt that leaves it out.
    expect(await codeOf(t.holder.core.pay({ ...args, lines: [...args.lines, { sku: 'SOAP', qty: 1, unitPriceMinor: 500 }] }))).toBe(
      'cart_already_paid',
    );
    expect(await codeOf(t.holder.core.pay({ ...args, payments: [{ method: 'cash', amountMinor: 10_000 }] }))).toBe('cart_already_paid');
    const next = await ringUpSale(t.holder.core);
    const db = t.raw();
    expect(db.prepare('SELECT COUNT(*) FROM sales').pluck().get()).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(2);
    db.close();
    const code = (await t.holder.core.getStatus()).terminalCode;
    expect([first.localNumber, next.localNumber]).toEqual([`${code}-000001`, `${code}-000002`]);
  });

  it('commits sale, lines, payments, stock movements and the exact SaleRequest in the outbox together', async () => {
    const t = await aTerminal();
    await t.pair();
    const sale = await ringUpSale(t.holder.core, 5);
    const db = t.raw();
    expect(db.prepare('SELECT COUNT(*) FROM sale_lines').pluck().get()).toBe(5);
    expect(db.prepare('SELECT COUNT(*) FROM sale_payments').pluck().get()).toBe(1);
    expect(db.prepare("SELECT SUM(qty_milli) FROM stock_movements WHERE sku = 'SKU-3'").pluck().get()).toBe(-3000);
    const entry = db.prepare('SELECT key, path, body FROM outbox').get() as { key: string; path: string; body: string };
    db.close();
    const body: unknown = JSON.parse(entry.body);
    expect(entry).toMatchObject({ key: sale.cartKey, path: '/v1/sales' });
    expect(Value.Check(SaleRequestSchema, body)).toBe(true);
    expect(body).toMatchObject({
      localNumber: sale.localNumber,
      occurredAt: sale.occurredAt,
      cashier: 'ana',
      lines: sale.lines,
      payments: sale.payments,
    });
  });

  it('receipt numbers stay gapless across restarts', async () => {
    const t = await aTerminal();
    await t.pair();
    const numbers: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 3; i += 1) numbers.push((await ringUpSale(t.holder.core)).localNumber);
      await t.restart();
    }
    const code = (await t.holder.core.getStatus()).terminalCode;
    expect(numbers).toEqual(Array.from({ length: 9 }, (_, i) => `${code}-${String(i + 1).padStart(6, '0')}`));
    expect((await t.holder.core.listSales({})).map((s) => s.localNumber)).toEqual([...numbers].reverse());
  });
});

describe('arguments crossing the TerminalApi seam', () => {
  // What a host passes on from a screen goes through callTerminalMethod, as both hosts do:
  // a shape the method table refuses is validation_failed; a value the core itself refuses is invalid_argument.
  it.each([
    ['pair', { serverUrl: '', pairingCode: 'x' }, 'validation_failed'],
    ['pair', { serverUrl: 'ftp://example', pairingCode: 'x' }, 'invalid_argument'],
    ['searchProducts', { query: 5 }, 'validation_failed'],
    ['pay', { cartKey: 'bad key!', cashier: 'a', lines: [], payments: [] }, 'validation_failed'],
    [
      'pay',
      { cartKey: 'k', cashier: 'a', lines: [{ sku: 'A', qty: 1.0005, unitPriceMinor: 1 }], payments: [{ method: 'cash', amountMinor: 1 }] },
      'invalid_argument',
    ],
    [
      'pay',
      { cartKey: 'k', cashier: 'a', lines: [{ sku: 'A', qty: 1, unitPriceMinor: 0.5 }], payments: [{ method: 'cash', amountMinor: 1 }] },
      'validation_failed',
    ],
    [
      'pay',
      {
        cartKey: 'k',
        cashier: 'a',
        lines: Array.from({ length: 10 }, () => ({ sku: 'GOLD', qty: 1_000_000, unitPriceMinor: 1_000_000_000_000 })),
        payments: [{ method: 'cash', amountMinor: 1 }],
      },
      'invalid_argument',
    ],
    ['listSales', { limit: 0 }, 'validation_failed'],
    ['getSale', {}, 'validation_failed'],
    ['queueItems', { state: 'lost' }, 'validation_failed'],
    ['retry', { id: '' }, 'validation_failed'],
    ['updateSettings', { offlineWarningHours: -1 }, 'validation_failed'],
    ['retryAll', { everything: true }, 'validation_failed'],
  ] as const)('%s(%j) is refused with %s', async (method, args, code) => {
    const t = await aTerminal({ link: false });
    expect(await codeOf(callTerminalMethod(t.holder.core, method, args))).toBe(code);
    expect(await t.holder.core.queueCounts()).toEqual({ pending: 0, sending: 0, needs_attention: 0, synced: 0, voided: 0 });
  });
});

describe('pairing', () => {
  it('is refused while a sale was sent without a final answer: pairing again must not record it twice', async () => {
    const t = await aTerminal();
    await t.pair();
    t.link?.proxy.setMode('drop_response');
    t.holder.core.start();
    await ringUpSale(t.holder.core);
    await waitFor(async () => (await t.holder.core.queueItems({})).some((item) => item.attempts > 0), 'the sale to be sent once');
    await t.holder.core.close();
    t.link?.proxy.heal();
    t.holder.core = await openCore(t.dataDir, fastTuning);
    // Pairing a paired till again is a manager's act (the roster is empty: the first manager is added first).
    expect(await codeOf(t.pair())).toBe('manager_required');
    await t.holder.core.addCashier({ code: 'mario', name: 'Mario', role: 'manager', pin: '9999' });
    await t.holder.core.signIn({ pin: '9999' });
    const before = await t.holder.core.getStatus();
    // A code for another terminal: spent, refused after the answer, and the old pairing stays.
    expect(await codeOf(t.pair())).toBe('queue_unsettled');
    expect(await t.holder.core.getStatus()).toMatchObject({ paired: true, terminalCode: before.terminalCode, serverUrl: before.serverUrl });
    t.holder.core.start();
    await waitUntilQueueEmpty(t.holder.core);
    expect(await codeOf(t.pair())).toBe('no error');
    const sales = await t.link?.backOffice.store.db.selectFrom('sales').select('id').execute();
    expect(sales).toHaveLength(1);
  });

  it('a wrong code is pairing_code_invalid, a used one pairing_code_used; a server that is not there is server_unreachable', async () => {
    const t = await aTerminal();
    expect(await codeOf(t.holder.core.pair({ serverUrl: t.link?.proxy.url ?? '', pairingCode: 'NOPE-NOPE' }))).toBe('pairing_code_invalid');
    const used = await t.link!.newPairingCode();
    expect((await t.link!.backOffice.app.inject({ method: 'POST', url: '/v1/terminals/pair', payload: { pairingCode: used } })).statusCode).toBe(201);
    const refusal = t.holder.core.pair({ serverUrl: t.link?.proxy.url ?? '', pairingCode: used });
    await expect(refusal).rejects.toMatchObject({ code: 'pairing_code_used' });
    await expect(refusal).rejects.toThrow(/^This pairing code was already used: it paired terminal T\d+ at /);
    expect(await codeOf(t.holder.core.pair({ serverUrl: 'http://127.0.0.1:9', pairingCode: 'ABCD' }))).toBe('server_unreachable');
    expect((await t.holder.core.getStatus()).paired).toBe(false);
  });

  it('an address that is not the back office says so in words: a web page, a path, https to a plain-http server (finding 9 of the installer probe)', async () => {
    const t = await aTerminal();
    const page = http.createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html>\n<html lang="en"><head><title>Counter fleet: Not found</title></head><body>Not found</body></html>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => page.close(() => resolve())));
    const origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    const refusal = async (serverUrl: string) =>
      t.holder.core.pair({ serverUrl, pairingCode: 'GKKY4-WT7YF' }).then(
        () => ({ code: 'paired', message: '' }),
        (error: { code?: string; message: string }) => ({ code: error.code, message: error.message }),
      );

    const html = await refusal(`${origin}/fleet`);
    expect(html.code).toBe('pairing_failed');
    expect(html.message).not.toMatch(/[<>]/);
    expect(html.message).toBe(
      `${origin}/fleet answered 404 with a web page, not as a Counter back office: check the address. Use the back office's own address, without a path (${origin}).`,
    );

    // The back office itself under a path: its own 404, and where to go instead.
    const backOffice = t.link!.proxy.url.replace(/\/+$/, '');
    const path = await refusal(`${backOffice}/backoffice`);
    expect(path.code).toBe('pairing_failed');
    expect(path.message).toBe(`There is no POST /backoffice/v1/terminals/pair. Use the back office's own address, without a path (${backOffice}).`);

    const tls = await refusal(`https://127.0.0.1:${(page.address() as AddressInfo).port}`);
    expect(tls.code).toBe('server_unreachable');
    expect(tls.message).toBe(
      `https://127.0.0.1:${(page.address() as AddressInfo).port} answers plain http, not https: is the back office's address ${origin}? (Plain http is taken only on this computer, or where the administrator allows it.)`,
    );
    expect((await t.holder.core.getStatus()).paired).toBe(false);
  });

  it('stores the token and codes, and survives a restart', async () => {
    const t = await aTerminal();
    const status = await t.pair();
    expect(status).toMatchObject({
      paired: true,
      serverUrl: t.link?.proxy.url,
      storeCode: 'MAIN',
      businessCode: 'MAIN',
      online: true,
      offlineCause: null,
    });
    await t.restart();
    expect(await t.holder.core.getStatus()).toMatchObject({ paired: true, terminalCode: status.terminalCode });
  });
});

describe('settings and schema', () => {
  it('settings persist across restarts', async () => {
    const t = await aTerminal({ link: false });
    expect(await t.holder.core.getSettings()).toEqual({
      offlineWarningHours: 24,
      printerName: null,
      discountApprovalPercent: 10,
      voidNeedsApproval: true,
    });
    await t.holder.core.updateSettings({ printerName: 'EPSON TM-T20' });
    await t.restart();
    expect(await t.holder.core.getSettings()).toEqual({
      offlineWarningHours: 24,
      printerName: 'EPSON TM-T20',
      discountApprovalPercent: 10,
      voidNeedsApproval: true,
    });
  });

  it('migrations are recorded once, however often the core opens', async () => {
    const t = await aTerminal({ link: false });
    await t.restart();
    const db = t.raw();
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(migrations.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('talking to the back office', () => {
  it('pulls the catalog and finds products by name, SKU or barcode, case-insensitively', async () => {
    const t = await aTerminal();
    const app = t.link?.backOffice.app;
    const put = (sku: string, name: string, barcode?: string) =>
      app?.inject({
        method: 'PUT',
        url: `/v1/admin/products/${sku}`,
        headers: t.link?.backOffice.adminHeaders(),
        payload: { businessCode: 'MAIN', name, priceMinor: 1500, ...(barcode ? { barcode } : {}) },
      });
    await put('RICE-5KG', 'Rice 5 kg', '7701234567890');
    await put('RICE-1KG', 'Rice 1 kg');
    await put('BEANS', 'Black beans');
    await put('SKYFLAKES', 'SkyFlakes Crackers 250 g');
    await t.pair();
    t.holder.core.start();
    await waitFor(async () => (await t.holder.core.searchProducts({ query: '' })).length === 4, 'the catalog to arrive');
    const skus = async (query: string) => (await t.holder.core.searchProducts({ query })).map((p) => p.sku).sort();
    expect(await skus('rice')).toEqual(['RICE-1KG', 'RICE-5KG']);
    expect(await skus('beans')).toEqual(['BEANS']);
    expect(await skus('rice-5')).toEqual(['RICE-5KG']);
    expect(await skus('7701234567890')).toEqual(['RICE-5KG']);
    expect(await skus('100%')).toEqual([]);
    // A brand written as one word, typed as two (a cashier walk found nothing for "sky flakes").
    expect(await skus('sky flakes')).toEqual(['SKYFLAKES']);
    expect(await skus('Sky Flakes 250')).toEqual(['SKYFLAKES']);
    expect(await skus('crackers sky flakes')).toEqual(['SKYFLAKES']);
    expect(await skus('sky beans')).toEqual([]);
  });

  it('acknowledged sales carry their invoice number; the heartbeat reports the queue', async () => {
    const t = await aTerminal();
    await t.pair();
    t.holder.core.start();
    const sale = await ringUpSale(t.holder.core);
    await waitUntilQueueEmpty(t.holder.core);
    const synced = await t.holder.core.getSale({ id: sale.id });
    expect(synced?.syncState).toBe('synced');
    expect(synced?.invoiceNumber).toMatch(/^INV-/);
    expect((await t.holder.core.queueItems({}))[0]).toMatchObject({ state: 'synced', attempts: 1, documentId: sale.id });
    const store = t.link?.backOffice.store;
    await waitFor(
      async () =>
        (await store?.db.selectFrom('terminals').select('app_version').where('app_version', '=', '0.1.0-test').executeTakeFirst()) !== undefined,
      'a heartbeat',
    );
    // It tells its clock: the back office keeps how far it is from its own (here, the same machine's).
    const row = await store?.db.selectFrom('terminals').select('clock_offset_ms').where('app_version', '=', '0.1.0-test').executeTakeFirstOrThrow();
    expect(row?.clock_offset_ms).not.toBeNull();
    expect(Math.abs(Number(row?.clock_offset_ms))).toBeLessThan(5_000);
  });

  it('a token the back office no longer knows (its terminal paired again elsewhere) pauses the queue as token_refused, not revoked; when it works again, it resumes', async () => {
    const t = await aTerminal();
    const { terminalCode } = await t.pair();
    const db = t.link?.backOffice.store.db;
    if (!db || !terminalCode) throw new Error('no back office');
    const row = await db.selectFrom('terminals').select('token_hash').where('code', '=', terminalCode).executeTakeFirstOrThrow();
    await db.updateTable('terminals').set({ token_hash: 'revoked' }).where('code', '=', terminalCode).execute();
    t.holder.core.start();
    await ringUpSale(t.holder.core);
    await waitFor(async () => (await t.holder.core.getStatus()).offlineCause === 'token_refused', 'token_refused');
    expect((await t.holder.core.getStatus()).pending).toBe(1);
    await db.updateTable('terminals').set({ token_hash: row.token_hash }).where('code', '=', terminalCode).execute();
    await waitUntilQueueEmpty(t.holder.core);
    expect((await t.holder.core.getStatus()).online).toBe(true);
  });

  it('says server_unreachable while requests die, and reports a head that never completes as stuck', async () => {
    const t = await aTerminal({ tuning: { ...fastTuning, requestTimeoutMs: 300, stuckAfterAttempts: 3 } });
    await t.pair();
    t.link?.proxy.setMode('delay');
    t.holder.core.start();
    await ringUpSale(t.holder.core);
    await waitFor(async () => (await t.holder.core.getStatus()).stuckHead !== null, 'a stuck head');
    const status = await t.holder.core.getStatus();
    const [entry] = await t.holder.core.queueItems({});
    expect(status).toMatchObject({ online: false, offlineCause: 'server_unreachable', pending: 1 });
    expect(status.stuckHead?.entryId).toBe(entry?.id);
    t.link?.proxy.heal();
    await waitUntilQueueEmpty(t.holder.core);
    expect((await t.holder.core.getStatus()).stuckHead).toBeNull();
  });

  it('drains a backlog in batches and reports its progress to listeners', async () => {
    const t = await aTerminal({ tuning: { ...fastTuning, batchSize: 10 } });
    await t.pair();
    for (let i = 0; i < 30; i += 1) await ringUpSale(t.holder.core);
    const seen: TerminalStatus[] = [];
    t.holder.core.onStatusChange((s) => seen.push(s));
    t.holder.core.start();
    await waitUntilQueueEmpty(t.holder.core);
    const drains = seen.flatMap((s) => (s.drain ? [s.drain] : []));
    expect(drains).toContainEqual({ done: 10, total: 30 });
    expect(drains).toContainEqual({ done: 20, total: 30 });
    expect((await t.holder.core.queueItems({ state: 'synced' })).every((e) => e.attempts === 1)).toBe(true);
  });

  it('status.drain is null while the back office is away, and counts sales queued meanwhile once a drain runs (probe finding 4)', async () => {
    const t = await aTerminal({ tuning: { ...fastTuning, batchSize: 10 } });
    await t.pair();
    const proxy = t.link?.proxy;
    if (!proxy) throw new Error('no link');
    // The back office stopped with 5 sales queued: a round fails, nothing drains.
    await proxy.refuseConnections();
    for (let i = 0; i < 5; i += 1) await ringUpSale(t.holder.core);
    t.holder.core.start();
    await waitFor(async () => (await t.holder.core.getStatus()).offlineCause === 'server_unreachable', 'offline');
    for (let i = 0; i < 25; i += 1) await ringUpSale(t.holder.core);
    expect(await t.holder.core.getStatus()).toMatchObject({ online: false, pending: 30, drain: null });
    // Back, over a slow link: a drain runs, and sales rung up while it runs count in its total.
    const seen: TerminalStatus[] = [];
    t.holder.core.onStatusChange((s) => seen.push(s));
    proxy.latencyMs = 300;
    await proxy.acceptConnections();
    await waitFor(async () => ((await t.holder.core.getStatus()).drain?.done ?? 0) >= 10, 'a drain under way');
    for (let i = 0; i < 3; i += 1) await ringUpSale(t.holder.core);
    const running = await t.holder.core.getStatus();
    expect(running.drain).toEqual({ done: running.drain?.done, total: 33 });
    expect(running.drain!.done + running.pending).toBe(33);
    proxy.latencyMs = 0;
    await waitUntilQueueEmpty(t.holder.core);
    const drains = seen.flatMap((s) => (s.drain ? [s.drain] : []));
    // Every figure counts the whole queue: 30, growing by one with each sale rung up, to 33.
    expect(drains[0]?.total).toBe(30);
    expect(drains.at(-1)?.total).toBe(33);
    drains.forEach((d, i) => i > 0 && expect(d.total).toBeGreaterThanOrEqual(drains[i - 1]!.total));
    expect(drains.every((d) => d.done < d.total)).toBe(true);
    expect((await t.holder.core.getStatus()).drain).toBeNull();
  });

  it('retryAll puts entries needing attention back in the queue', async () => {
    const t = await aTerminal();
    await t.pair();
    const sale = await ringUpSale(t.holder.core);
    t.link?.proxy.refuseKey(sale.cartKey);
    t.holder.core.start();
    await waitFor(async () => (await t.holder.core.getStatus()).needsAttention === 1, 'the refusal');
    t.link?.proxy.acceptKey(sale.cartKey);
    await t.holder.core.retryAll();
    await waitUntilQueueEmpty(t.holder.core);
    expect((await t.holder.core.getSale({ id: sale.id }))?.syncState).toBe('synced');
    expect(await codeOf(t.holder.core.retry({ id: 'no-such-entry' }))).toBe('not_found');
  });
});
