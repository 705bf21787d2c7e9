import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transfer } from '../../protocol';
import { SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { waitFor as waitUntil } from '../support/terminal';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';
import { addStore, adminPost } from '../support/stock-documents';
import { putCompleteInvoiceProfile } from '../support/invoice-profile';

const DOCS_SCREENSHOTS = 'docs/screenshots';

describe("a manager at the till's stock desk, in Chromium", () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    // A till whose invoices lack nothing: the docs' screenshot shows no "Invoice details missing".
    rig = await startManagerRig(await buildRendererForTest(), putCompleteInvoiceProfile);
    page = await rig.openManagerPage();
    await page.getByTestId('manager-gate').waitFor(UI_WAIT);
    await page.getByTestId('manager-gate-pin').focus();
    await page.keyboard.type(MANAGER_PIN);
    await page.keyboard.press('Enter');
    await page.getByTestId('queue-screen').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('counts three products by scanning and receives a transfer short while the back office is away; each reaches it once', async () => {
    const bo = rig.backOffice;
    await addStore(bo, 'NORTH');
    for (const [sku, barcode] of [
      ['RICE-5KG', '4800016000015'],
      ['SARDINES', '4800024000029'],
      ['COFFEE', '4800047000013'],
    ] as const) {
      await bo.app.inject({
        method: 'PUT',
        url: `/v1/admin/products/${sku}`,
        headers: bo.adminHeaders(),
        payload: { businessCode: 'MAIN', name: sku, priceMinor: 1_000, barcode, taxCode: 'VAT12' },
      });
    }
    // The desk names what is counted from the till's catalog: these products reach it first (a scan before was shown by its barcode).
    await waitUntil(async () => (await rig.core.searchProducts({ query: 'COFFEE' })).length === 1, 'the catalog to reach the till');
    const count = (await adminPost(bo, '/v1/stock-counts', { storeCode: 'MAIN', startedBy: 'Liza' })).json() as { id: string };
    const transfer = (
      await adminPost(bo, '/v1/transfers', { fromStoreCode: 'NORTH', toStoreCode: 'MAIN', lines: [{ sku: 'COFFEE', qty: 12 }] })
    ).json() as Transfer;
    await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {});

    await page.getByTestId('manager-tab-stock').click();
    await page.getByTestId('stock-screen').waitFor(UI_WAIT);
    await page.getByTestId('stock-refresh').click();
    await waitForText(page, 'stock-notice', /Fetched from the back office: 2 open/);

    // The back office goes away; the desk keeps its list.
    await rig.plug.down();
    for (const [code, qty, name] of [
      ['4800016000015', '7', 'RICE-5KG'],
      ['SARDINES', '40', 'SARDINES'],
      ['4800047000013', '3', 'COFFEE'],
    ]) {
      await page.getByTestId('count-qty').fill(qty!);
      await page.getByTestId('count-code').fill(code!);
      await page.getByTestId('count-code').press('Enter');
      await waitForText(page, 'stock-notice', new RegExp(`Counted ${name} × ${qty}`));
    }
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="count-scanned-line"]').length === 3, undefined, UI_WAIT);
    await page.getByTestId('arrived-COFFEE').fill('11');
    // Its button says which transfer it receives (a screen reader's list of buttons read "Receive transfer" for each one).
    await page.getByRole('button', { name: `Receive transfer: ${transfer.transferNumber}, Transfer from NORTH`, exact: true }).click();
    await waitForText(page, 'stock-notice', /received, queued/);
    // Four pieces of work, none through while the plug is out.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="stock-work-row"]').length === 4, undefined, UI_WAIT);
    expect(await page.locator('[data-testid="stock-work-row"][data-state="synced"]').count()).toBe(0);

    await rig.plug.up();
    await page.locator('[data-testid="stock-work-row"][data-kind="transfer_receive"][data-state="synced"]').waitFor(SYNC_WAIT);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="stock-work-row"][data-state="synced"]').length === 4,
      undefined,
      SYNC_WAIT,
    );
    expect(await page.locator('[data-testid="stock-work-row"][data-kind="transfer_receive"] [data-testid="stock-work-number"]').textContent()).toBe(
      transfer.transferNumber,
    );
    // Said as the count's own lines say it, not the queue's word.
    expect(await page.locator('[data-testid="stock-work-row"][data-kind="transfer_receive"] td').last().textContent()).toBe('at the back office');
    await page.getByTestId('status-invoice-details').waitFor({ state: 'detached', ...SYNC_WAIT });
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    // From the top: the status bar is sticky, and a page left scrolled draws it half way down a full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${DOCS_SCREENSHOTS}/till-stock-desk.png`, fullPage: true });
    // The sync queue lists the work like sales, by kind, with the number that came back.
    await page.getByTestId('manager-tab-queue').click();
    await page.getByTestId('queue-filter-synced').click();
    const queued = page.locator(`[data-testid="queue-row"][data-document="${transfer.transferNumber}"][data-state="synced"]`);
    await queued.waitFor(UI_WAIT);
    expect(await queued.getByTestId('queue-kind').textContent()).toBe('transfer received');

    const lines = await bo.store.db
      .selectFrom('stock_count_lines')
      .select(['sku', 'qty_milli'])
      .where('count_id', '=', count.id)
      .orderBy('sku')
      .execute();
    expect(lines.map((l) => [l.sku, Number(l.qty_milli)])).toEqual([
      ['COFFEE', 3_000],
      ['RICE-5KG', 7_000],
      ['SARDINES', 40_000],
    ]);
    const arrived = await bo.store.db
      .selectFrom('stock_movements')
      .select(['kind', 'qty_milli'])
      .where('document_id', '=', transfer.id)
      .where('kind', '=', 'transfer_in')
      .execute();
    expect(arrived.map((m) => Number(m.qty_milli))).toEqual([11_000]);
  }, 180_000);
  it('a quantity the back office would refuse is refused on the desk, nothing queued; a delivery whose receiving was refused and voided comes back to the desk', async () => {
    const bo = rig.backOffice;
    const receipt = (
      await adminPost(bo, '/v1/purchase-receipts', {
        storeCode: 'MAIN',
        supplier: 'NormalCo',
        lines: [
          { sku: 'SOAP', qty: 10, unitCostMinor: 2_500 },
          { sku: 'JUICE', qty: 24, unitCostMinor: 1_200 },
        ],
      })
    ).json() as { id: string };
    const count = (await adminPost(bo, '/v1/stock-counts', { storeCode: 'MAIN', startedBy: 'Liza' })).json() as { id: string };
    await page.getByTestId('manager-tab-stock').click();
    await page.getByTestId('stock-refresh').click();
    await waitForText(page, 'stock-notice', /Fetched from the back office/);
    const form = page.getByTestId(`arrival-${receipt.id}`);
    const workBefore = await page.getByTestId('stock-work-row').count();
    for (const [soap, juice, said] of [
      ['abc', '24', /^SOAP: “abc” is not a quantity/],
      ['', '24', /^SOAP: Type the quantity \(0 if there are none\)\.$/],
      ['10', '20.0005', /^JUICE: A quantity has at most three decimals/],
      ['-1', '24', /^SOAP: A quantity cannot be below zero\.$/],
      // A decimal typed with a comma is read as one, not advised as 485 (a walk received 485 kg of 5 sent that way).
      ['4,85', '24', /^SOAP: Type it with a point for the decimals: 4\.85\.$/],
      ['1,000', '24', /^SOAP: Type it without commas: 1000\.$/],
      // Far more than was sent is asked about first; nothing queued until pressed again.
      ['485', '24', /^SOAP: 485 arrived of 10 sent: more than twice what was sent\. Check what was typed, then press Receive delivery again/],
    ] as const) {
      await form.getByTestId('arrived-SOAP').fill(soap);
      await form.getByTestId('arrived-JUICE').fill(juice);
      await form.getByTestId('arrival-submit').click();
      await waitForText(page, 'stock-error', said);
    }
    await page.getByTestId('count-qty').fill('1.2345');
    await page.getByTestId('count-code').fill('SARDINES');
    await page.getByTestId('count-code').press('Enter');
    await waitForText(page, 'stock-error', /^A quantity has at most three decimals/);
    expect(await page.getByTestId('stock-work-row').count()).toBe(workBefore);
    expect(await rig.core.queueCounts()).toMatchObject({ pending: 0, needs_attention: 0, synced: 4 });
    const countLines = await bo.store.db.selectFrom('stock_count_lines').select('id').where('count_id', '=', count.id).execute();
    expect(countLines).toEqual([]);

    // Received at the till for a SKU the delivery does not carry (an old till's mistake): the back
    // office refuses it, a manager voids it in the sync queue, and the delivery is on the desk again.
    const refused = await rig.core.receiveDelivery({
      workKey: crypto.randomUUID(),
      receiptId: receipt.id,
      lines: [{ sku: 'CANDLE', qtyReceived: 1 }],
    });
    await page.locator(`[data-testid="stock-work-row"][data-state="needs_attention"]`).waitFor(SYNC_WAIT);
    expect(await form.count()).toBe(0);
    const [entry] = await rig.core.queueItems({ state: 'needs_attention' });
    expect(entry).toMatchObject({
      documentId: refused.id,
      documentNumber: expect.stringMatching(/^Delivery from NormalCo, drafted [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M$/),
    });
    await rig.core.voidQueueEntry({ id: entry!.id, reason: 'received by mistake', approval: { managerPin: MANAGER_PIN } });
    await page.getByTestId('manager-tab-queue').click();
    await page.getByTestId('manager-tab-stock').click();
    await form.waitFor(UI_WAIT);
    await form.getByTestId('arrival-submit').click();
    await page.locator(`[data-testid="stock-work-row"][data-kind="receipt_approval"][data-state="synced"]`).waitFor(SYNC_WAIT);
    const approved = await bo.store.db.selectFrom('stock_documents').select(['status']).where('id', '=', receipt.id).executeTakeFirstOrThrow();
    expect(approved.status).toBe('approved');
  }, 180_000);

  it('the count shows what this till already counted by product name, through a tab change and a reload; a delivery reads like its note; one message at a time', async () => {
    const bo = rig.backOffice;
    for (const [sku, name, barcode, soldBy] of [
      ['EGG-FRESH', 'Fresh Egg', '4800007003815', undefined],
      ['NOODLE-PC', 'Pancit Canton Original', '4800016644290', 'piece'],
      ['RICE-LOOSE', 'Loose Dinorado Rice', '2000000000015', 'weight'],
    ] as const) {
      await bo.app.inject({
        method: 'PUT',
        url: `/v1/admin/products/${sku}`,
        headers: bo.adminHeaders(),
        payload: { businessCode: 'MAIN', name, priceMinor: 900, barcode, taxCode: 'VAT_EXEMPT', ...(soldBy ? { soldBy } : {}) },
      });
    }
    await waitUntil(async () => (await rig.core.searchProducts({ query: 'NOODLE-PC' })).length === 1, 'the catalog to reach the till');
    // One open count per store: the earlier scenarios' count is approved first, and Rosa starts a new one.
    const open = (await bo.app.inject({ method: 'GET', url: '/v1/stock-counts?status=open', headers: bo.adminHeaders() })).json() as {
      items: { id: string }[];
    };
    for (const earlier of open.items) expect((await adminPost(bo, `/v1/stock-counts/${earlier.id}/approve`, { by: 'Mario' })).statusCode).toBe(200);
    const count = (await adminPost(bo, '/v1/stock-counts', { storeCode: 'MAIN', startedBy: 'Rosa Dizon' })).json() as { id: string };
    const delivery = (
      await adminPost(bo, '/v1/purchase-receipts', {
        storeCode: 'MAIN',
        supplier: 'Mega Foods',
        lines: [
          { sku: 'EGG-FRESH', qty: 360, unitCostMinor: 700 },
          { sku: 'NOODLE-PC', qty: 72, unitCostMinor: 1_100 },
          { sku: 'RICE-LOOSE', qty: 25.5, unitCostMinor: 4_000 },
        ],
      })
    ).json() as { id: string };
    await page.getByTestId('manager-tab-stock').click();
    await page.getByTestId('stock-refresh').click();
    await waitForText(page, 'stock-notice', /Fetched from the back office/);

    // The eggs scanned by barcode: the notice, the count's list and "Done at this till" name the product.
    const form = page.locator(`[data-testid="count-form"][data-count="${count.id}"]`);
    await form.getByTestId('count-qty').fill('30');
    await form.getByTestId('count-code').fill('4800007003815');
    await form.getByTestId('count-code').press('Enter');
    await waitForText(page, 'stock-notice', /^Counted Fresh Egg × 30\.$/);
    await form.getByTestId('count-qty').fill('100');
    await form.getByTestId('count-code').fill('NOODLE-PC');
    await form.getByTestId('count-code').press('Enter');
    await waitForText(page, 'stock-notice', /^Counted Pancit Canton Original × 100\.$/);
    const countedList = async () =>
      form
        .getByTestId('count-scanned-line')
        .evaluateAll((rows) =>
          rows.map((row) => [
            row.querySelector('[data-testid="count-scanned-name"]')?.textContent,
            row.querySelector('[data-testid="count-scanned-qty"]')?.textContent,
          ]),
        );
    await form.getByTestId('count-scanned-line').nth(1).waitFor(UI_WAIT);
    expect(await countedList()).toEqual([
      ['Fresh Egg', '30'],
      ['Pancit Canton Original', '100'],
    ]);
    const whatWasDone = () =>
      page.locator('[data-testid="stock-work-row"][data-kind="count_lines"] [data-testid="stock-work-what"]').allTextContents();
    expect((await whatWasDone()).slice(0, 2)).toEqual(['Counted: Pancit Canton Original × 100', 'Counted: Fresh Egg × 30']);

    // A refusal takes the good news' place: one message at a time.
    await form.getByTestId('count-qty').fill('1.2345');
    await form.getByTestId('count-code').fill('NOODLE-PC');
    await form.getByTestId('count-code').press('Enter');
    await waitForText(page, 'stock-error', /^A quantity has at most three decimals/);
    expect(await page.getByTestId('stock-notice').count()).toBe(0);
    await form.getByTestId('count-qty').fill('2');
    await form.getByTestId('count-code').fill('NO-SUCH-CODE');
    await form.getByTestId('count-code').press('Enter');
    await waitForText(page, 'stock-error', /NO-SUCH-CODE is not a SKU or barcode/);
    // The next scan, as a scanner types it into the field (keys, then Enter), takes the refused code's place.
    expect(await form.getByTestId('count-code').inputValue()).toBe('NO-SUCH-CODE');
    await page.keyboard.type('4800016644290');
    await page.keyboard.press('Enter');
    await waitForText(page, 'stock-notice', /^Counted Pancit Canton Original × 2\.$/);
    expect(await page.getByTestId('stock-error').count()).toBe(0);

    // Another tab and back, then a reload of the screens: what was counted is still listed, from the till's database.
    await page.getByTestId('manager-tab-queue').click();
    await page.getByTestId('manager-tab-stock').click();
    await form.getByTestId('count-scanned-line').nth(2).waitFor(UI_WAIT);
    await page.reload();
    await page.getByTestId('manager-tab-stock').click();
    await form.getByTestId('count-scanned-line').nth(2).waitFor(UI_WAIT);
    expect(await countedList()).toEqual([
      ['Fresh Egg', '30'],
      ['Pancit Canton Original', '100'],
      ['Pancit Canton Original', '2'],
    ]);

    // The delivery: one row per line, the product's name, what was sent, and a field for what arrived.
    const note = page.getByTestId(`arrival-${delivery.id}`);
    const rows = await note
      .getByTestId('arrival-line')
      .evaluateAll((lines) =>
        lines.map((line) => [
          line.querySelector('[data-testid="arrival-name"]')?.textContent,
          line.querySelector('small')?.textContent,
          line.querySelector('[data-testid="arrival-sent"]')?.textContent,
          (line.querySelector('input') as HTMLInputElement | null)?.value,
        ]),
      );
    // Weighed rice reads as a weight ("25.500 kg", not "25.5").
    expect(rows).toEqual([
      ['Fresh Egg', 'EGG-FRESH', '360', '360'],
      ['Pancit Canton Original', 'NOODLE-PC', '72', '72'],
      ['Loose Dinorado Rice', 'RICE-LOOSE', '25.500 kg', '25.5'],
    ]);
    await note.getByTestId('arrived-NOODLE-PC').fill('abc');
    await note.getByTestId('arrival-submit').click();
    await waitForText(page, 'stock-error', /^Pancit Canton Original: “abc” is not a quantity/);
    // Half a pack of noodles sold by the piece is refused before it is queued; weighed rice is counted in kilograms.
    const workBefore = await page.getByTestId('stock-work-row').count();
    await note.getByTestId('arrived-NOODLE-PC').fill('71.5');
    await note.getByTestId('arrival-submit').click();
    await waitForText(page, 'stock-error', /^Pancit Canton Original is sold by the piece: whole quantities only\.$/);
    await form.getByTestId('count-qty').fill('2.35');
    await form.getByTestId('count-code').fill('RICE-LOOSE');
    await form.getByTestId('count-code').press('Enter');
    await waitForText(page, 'stock-notice', /^Counted Loose Dinorado Rice × 2\.350 kg\.$/);
    // The notice is said as the work is queued; its row follows with the desk's next read of its work.
    await waitUntil(async () => (await page.getByTestId('stock-work-row').count()) === workBefore + 1, 'the counted rice in the work list');
  }, 180_000);

  it('opened while the back office answers, the desk fetches its list itself: a count started there shows without Refresh', async () => {
    const bo = rig.backOffice;
    // One open count per store: the one before is approved, then a new one is started at the back office.
    const open = (await bo.app.inject({ method: 'GET', url: '/v1/stock-counts?status=open', headers: bo.adminHeaders() })).json() as {
      items: { id: string }[];
    };
    for (const earlier of open.items) expect((await adminPost(bo, `/v1/stock-counts/${earlier.id}/approve`, { by: 'Mario' })).statusCode).toBe(200);
    const started = await adminPost(bo, '/v1/stock-counts', { storeCode: 'MAIN', startedBy: 'Rosa' });
    expect(started.statusCode).toBe(201);
    const count = started.json() as { id: string };
    await page.getByTestId('manager-tab-queue').click();
    await page.getByTestId('manager-tab-stock').click();
    await page.locator(`[data-testid="count-form"][data-count="${count.id}"]`).waitFor(SYNC_WAIT);
    expect(await page.getByTestId('stock-fetched-at').textContent()).toMatch(/^List of /);
  });
});
