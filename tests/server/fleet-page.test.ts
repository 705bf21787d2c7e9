import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { ADMIN_TOKEN, aSale, fleetSessionCookie, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { adminPost, post, receiveStock } from '../support/stock-documents';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS = 'test-output/fleet';

describe.each(databaseKinds)('the fleet page on %s, in Chromium', (kind) => {
  let bo: TestBackOffice;
  let browser: Browser;
  let base: string;
  const terminals: Record<string, PairedTerminal> = {};

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await bo.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(bo.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

    terminals.fresh = await bo.pairTerminal({ name: 'Front counter' });
    terminals.stale = await bo.pairTerminal({ name: 'Back room' });
    terminals.attention = await bo.pairTerminal({ name: '<script>alert("x")</script>' });
    const beat = (t: PairedTerminal, body: object) =>
      post(bo, '/v1/terminals/heartbeat', t.headers(), { appVersion: '1.2.0', needsAttention: 0, ...body });
    await beat(terminals.fresh!, { queueDepth: 1, oldestPendingAt: new Date(Date.now() - 60_000).toISOString(), pendingValueMinor: 12_550 });
    await beat(terminals.stale!, { queueDepth: 9, oldestPendingAt: new Date(Date.now() - 30 * 3_600_000).toISOString(), pendingValueMinor: 250_000 });
    await beat(terminals.attention!, { queueDepth: 2, oldestPendingAt: new Date().toISOString(), needsAttention: 2, pendingValueMinor: 1_000 });
    await bo.store.db
      .updateTable('terminals')
      .set({ last_contact_at: new Date(Date.now() - 3 * 3_600_000).toISOString() })
      .where('id', '=', terminals.stale!.id)
      .execute();

    const till = terminals.fresh!;
    let saleId = '';
    for (const n of [1, 2, 4]) {
      const sale = aSale({ localNumber: `F-${n}`, lines: [{ sku: 'COLA', qty: 2, unitPriceMinor: 2_500 }] });
      saleId = ((await post(bo, '/v1/sales', till.headers(uuidv7()), sale)).json() as { id: string }).id;
    }
    await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), {
      localNumber: 'FR-1',
      occurredAt: new Date().toISOString(),
      lines: [{ sku: 'COLA', qty: 1 }],
      reason: 'dented <can>',
    });
    await adminPost(bo, '/v1/inventory-corrections', { storeCode: 'MAIN', reason: 'count', lines: [{ sku: 'CHIPS', qtyDelta: 12 }] });
    await receiveStock(bo, 'MAIN', [{ sku: 'CANDLE', qty: 5 }]);
  });

  afterAll(async () => {
    await browser?.close();
    await bo?.close();
  });

  it('asks for the admin token, refuses a wrong one, and then shows the fleet with the troubled terminals standing out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const alerts: string[] = [];
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });

    await page.goto(`${base}/fleet`);
    expect(new URL(page.url()).pathname).toBe('/fleet/login');
    await page.fill('input[name=token]', 'not-the-token');
    await page.click('button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('not valid');

    await page.fill('input[name=token]', ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('#terminals');
    expect(new URL(page.url()).pathname).toBe('/fleet');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'counter_fleet');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/fleet' });
    expect(session?.value).not.toContain(ADMIN_TOKEN);

    const rowOf = (t: PairedTerminal) => page.locator('#terminals tbody tr', { hasText: t.code });
    expect(await rowOf(terminals.fresh!).getAttribute('class')).toBe('terminal ok');
    expect(await rowOf(terminals.fresh!).textContent()).toContain('125.50');
    const staleRow = rowOf(terminals.stale!);
    expect(await staleRow.getAttribute('class')).toContain('stale');
    expect(await staleRow.getAttribute('class')).toContain('old-pending');
    expect(await staleRow.locator('.label.stale').textContent()).toMatch(/^Stale: no contact for 3 h$/);
    expect(await staleRow.locator('.label.old-pending').textContent()).toMatch(/Oldest pending 30 h/);
    expect(await staleRow.textContent()).toContain('2,500.00');
    const attentionRow = rowOf(terminals.attention!);
    expect(await attentionRow.getAttribute('class')).toContain('attention');
    expect(await attentionRow.locator('.label.attention').textContent()).toBe('2 need attention');
    // The terminal's name is shown as text, never run.
    expect(await attentionRow.textContent()).toContain('<script>alert("x")</script>');
    expect(await page.locator('main script').count()).toBe(0);

    expect(await page.textContent('#continuity-totals')).toContain('Gaps in terminal receipts: 1');
    // Series in a manager's words: the invoices, not "invoice"; a delivery's "receipt" is never a till's.
    const seriesNames = await page.locator('#series tbody tr td:first-child').allTextContents();
    expect(seriesNames).toContain('MAIN sales invoices');
    expect(seriesNames).toContain('MAIN stock corrections');
    expect(seriesNames).toContain('MAIN purchase receipts'); // as the stock page names them
    expect(seriesNames.filter((name) => /\b(invoice|correction|receipt)$/.test(name))).toEqual([]);
    const receipts = page.locator('#terminal-receipts tbody tr', { hasText: terminals.fresh!.code });
    expect(await receipts.getAttribute('class')).toBe('bad');
    expect(await receipts.textContent()).toContain('missing3');
    expect(await page.locator('#recent-sales tbody tr').count()).toBe(3);
    expect(await page.textContent('#recent-refunds')).toContain('dented <can>');
    expect(await page.locator('#stock tbody tr', { hasText: 'CHIPS' }).textContent()).toContain('12');
    expect(await page.locator('#stock tbody tr.bad', { hasText: 'COLA' }).count()).toBe(1);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/fleet-${kind}.png`, fullPage: true });
    expect(alerts).toEqual([]);

    await page.click('header button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/fleet/login');
    await page.goto(`${base}/fleet`);
    expect(new URL(page.url()).pathname).toBe('/fleet/login');
    await context.close();
  });

  it('without a valid session the page redirects and shows no data; a forged cookie does not help', async () => {
    const plain = await bo.app.inject({ method: 'GET', url: '/fleet' });
    expect(plain.statusCode).toBe(303);
    expect(plain.headers.location).toBe('/fleet/login');
    const forged = await bo.app.inject({ method: 'GET', url: '/fleet', headers: { cookie: `counter_fleet=9999999999.${'A'.repeat(43)}` } });
    expect(forged.statusCode).toBe(303);
    const login = await bo.app.inject({
      method: 'POST',
      url: '/fleet/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${ADMIN_TOKEN}`,
    });
    expect(login.statusCode).toBe(303);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await bo.app.inject({ method: 'GET', url: '/fleet', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it("lists terminals in their numbers' order (T9 before T10) and shows times in the business's zone, the exact moment on hover", async () => {
    // Ten more tills: codes T04 .. T13 beside T01 .. T03.
    for (let n = 0; n < 10; n++) await bo.pairTerminal({ name: `Till ${n}` });
    // And one numbered past 99, as the hundredth till of a chain is.
    await bo.store.db.updateTable('terminals').set({ code: 'T100' }).where('code', '=', 'T13').execute();
    const cookie = await fleetSessionCookie(bo);
    const html = (await bo.app.inject({ method: 'GET', url: '/fleet', headers: { cookie } })).body;
    const codes = [...html.matchAll(/<td><strong>(T\d+)<\/strong>/g)].map((m) => m[1]);
    expect(codes).toEqual([...codes].sort((a, b) => Number(a!.slice(1)) - Number(b!.slice(1))));
    expect(codes.at(-1)).toBe('T100');
    expect(html).toContain('(times in Asia/Manila)');
    // No raw UTC stamps as text: they are in the title, the text is the Manila clock.
    expect(html).not.toMatch(/>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});
