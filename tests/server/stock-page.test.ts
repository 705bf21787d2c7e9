import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { ADMIN_TOKEN, startBackOffice, type TestBackOffice } from '../support/back-office';
import { launchChromium } from '../support/browser/chromium';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, footprint, ledgerMilli, receiveStock } from '../support/stock-documents';

/** Screenshots for the docs are taken on SQLite (the embedded default); both databases run the scenario. */
const DOCS_SCREENSHOTS = 'docs/screenshots';

describe.each(databaseKinds)('the stock page on %s, in Chromium', (kind) => {
  let bo: TestBackOffice;
  let browser: Browser;
  let base: string;
  let transferId = '';

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await bo.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(bo.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    await addStore(bo, 'NORTH');
    for (const [sku, barcode, name] of [
      ['RICE-5KG', '4800016000015', 'Dinorado rice 5 kg'],
      ['SARDINES', '4800024000029', 'Ligo sardines 155 g'],
      ['COFFEE', '4800047000013', 'Kopiko 3-in-1'],
    ] as const) {
      await bo.app.inject({
        method: 'PUT',
        url: `/v1/admin/products/${sku}`,
        headers: bo.adminHeaders(),
        payload: { businessCode: 'MAIN', name, priceMinor: 1_000, barcode },
      });
    }
    await receiveStock(bo, 'MAIN', [
      { sku: 'RICE-5KG', qty: 40 },
      { sku: 'SARDINES', qty: 100 },
    ]);
    await receiveStock(bo, 'NORTH', [
      { sku: 'COFFEE', qty: 12 },
      { sku: 'SARDINES', qty: 30 },
    ]);
    const transfer = await adminPost(bo, '/v1/transfers', { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku: 'RICE-5KG', qty: 10 }] });
    transferId = (transfer.json() as { id: string }).id;
    await adminPost(bo, `/v1/transfers/${transferId}/send`, { by: 'Mario' });
    // A draft whose supplier is markup: shown as text, never run.
    await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: '<script>alert("x")</script>',
      lines: [{ sku: 'COFFEE', qty: 6, unitCostMinor: 9_000 }],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await bo?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${base}/fleet/stock`);
    expect(new URL(page.url()).pathname).toBe('/fleet/login');
    await page.fill('input[name=token]', ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await page.goto(`${base}/fleet/stock`);
    await page.waitForSelector('#documents');
  }

  it('a manager receives a transfer, approves a correction drafted by another, imports a count file and approves the count', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const alerts: string[] = [];
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page);
    const headers = (await page.request.get(`${base}/fleet/stock`)).headers();
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['cache-control']).toBe('no-store');
    expect(await page.locator('#documents').textContent()).toContain('<script>alert("x")</script>');
    expect(await page.locator('main script').count()).toBe(0);

    // Receive the transfer: 9 of the 10 arrived.
    const transferRow = page.locator('#documents tbody tr.transfer.sent');
    await transferRow.locator('textarea[name=lines]').fill('RICE-5KG,9');
    await transferRow.locator('input[name=by]').fill('Rosa');
    await transferRow.locator('button', { hasText: 'Receive' }).click();
    expect(await page.textContent('#outcome')).toMatch(/^Transfer TRF-\d{6}-\d{4} received at NORTH\./);
    // Who sent it and who received it are kept and shown.
    expect(await page.locator('#documents tbody tr.transfer.received', { hasText: 'RICE-5KG' }).first().textContent()).toContain(
      'sent Mario, received Rosa',
    );
    expect(await page.locator('#documents tbody tr.transfer.received', { hasText: 'RICE-5KG' }).first().textContent()).toContain(
      'RICE-5KG × 10 (got 9)',
    );
    const stored = await bo.store.db
      .selectFrom('stock_documents')
      .select(['approved_by', 'received_by'])
      .where('id', '=', transferId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ approved_by: 'Mario', received_by: 'Rosa' });
    expect(await ledgerMilli(bo.store, 'NORTH', 'RICE-5KG')).toBe(9_000);
    expect(await ledgerMilli(bo.store, 'MAIN', 'RICE-5KG')).toBe(30_000);

    // Mario drafts a correction; he cannot approve it himself; Liza can.
    const drafting = page.locator('form.correction-draft');
    await drafting.locator('select[name=storeCode]').selectOption('MAIN');
    await drafting.locator('input[name=reason]').fill('rats in the rice');
    await drafting.locator('input[name=by]').fill('Mario');
    // Found by a walk: a change without its sign was taken as +. It says which way; the page's own minus sign (−) reads as one.
    await drafting.locator('textarea[name=lines]').fill('RICE-5KG,2');
    await drafting.locator('button').click();
    expect(await page.textContent('#outcome')).toMatch(/^Line 1: change "2" is not a change \(\+ or - in front, then digits/);
    await page.locator('form.correction-draft textarea[name=lines]').fill('RICE-5KG,\u22122');
    await page.locator('form.correction-draft button').click();
    expect(await page.textContent('#outcome')).toContain('Correction drafted');
    const draftRow = () => page.locator('#documents tbody tr.correction.draft', { hasText: 'rats in the rice' });
    // A correction's line is the change, signed: not "×-2".
    expect(await draftRow().textContent()).toContain('RICE-5KG −2');
    await draftRow().locator('form.correction-approve input[name=by]').fill('mario');
    await draftRow().locator('form.correction-approve button').click();
    // The refusal in words first; its code after, quieter, for a call to support.
    expect(await page.textContent('#outcome')).toBe(
      'Mario drafted this correction; another manager has to approve it (two-person rule). Nothing changed. (reference second_manager_required, for support)',
    );
    expect(await page.textContent('#outcome .reference')).toBe('(reference second_manager_required, for support)');
    expect(await ledgerMilli(bo.store, 'MAIN', 'RICE-5KG')).toBe(30_000);
    await draftRow().locator('form.correction-approve input[name=by]').fill('Liza');
    await draftRow().locator('form.correction-approve button').click();
    expect(await page.textContent('#outcome')).toMatch(/^Correction ADJ-\d{6}-\d{4} approved/);
    expect(await ledgerMilli(bo.store, 'MAIN', 'RICE-5KG')).toBe(28_000);
    const approvedRow = page.locator('#documents tbody tr.correction.posted', { hasText: 'rats in the rice' });
    expect(await approvedRow.textContent()).toContain('drafted Mario, approved Liza');

    // A form sent twice (a double-click, a retried submit) records once: the receipt approval.
    const approveForm = page.locator('#documents tbody tr.receipt.draft form.receipt-approve');
    const fields = {
      action: 'receipt-approve',
      key: String(await approveForm.locator('input[name=key]').getAttribute('value')),
      id: String(await approveForm.locator('input[name=id]').getAttribute('value')),
      by: 'Liza',
    };
    const first = await page.request.post(`${base}/fleet/stock/do`, { form: fields });
    const second = await page.request.post(`${base}/fleet/stock/do`, { form: fields });
    expect(await first.text()).toMatch(/Purchase receipt RCV-\d{6}-\d{4} approved/);
    expect(await second.text()).toContain('This form had been sent already: recorded once.');
    expect(await ledgerMilli(bo.store, 'MAIN', 'COFFEE')).toBe(6_000);
    // Who received it is kept and shown (the form asks for the name, as every stock form does).
    await page.goto(`${base}/fleet/stock`);
    expect(await page.locator('#documents tbody tr.receipt.approved', { hasText: 'COFFEE' }).first().textContent()).toContain('received Liza');

    // A count of NORTH: started here, a file previewed, imported, then approved.
    await page.goto(`${base}/fleet/stock`);
    const start = page.locator('form.count-start');
    await start.locator('select[name=storeCode]').selectOption('NORTH');
    await start.locator('input[name=by]').fill('Mario');
    await start.locator('button').click();
    expect(await page.textContent('#outcome')).toContain('Count of NORTH started');
    await page.locator('#counts tbody tr.open a').click();
    // Found by a black-box probe: a CSV saved by Excel on Windows (Ñ as the one byte 0xD1) was a bare JSON answer; the page says it.
    const excel = Buffer.concat([Buffer.from('sku,qty\nUNI-'), Buffer.from([0xd1]), Buffer.from(',2\n')]);
    await page.setInputFiles('input[name=file]', { name: 'excel.csv', mimeType: 'text/csv', buffer: excel });
    await page.locator('form.count-preview button').click();
    expect(await page.textContent('#outcome')).toContain('The file is not UTF-8 text; save it as CSV (UTF-8)');
    const file = 'barcode,qty\n4800047000013,10\nSARDINES,25\nRICE-5KG,9\n4800024000029,4\nNOPE-42,3\n';
    await page.setInputFiles('input[name=file]', { name: 'north-count.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.locator('form.count-preview button').click();
    await page.waitForSelector('#preview-variances');
    expect(await page.locator('#unknown-codes tbody tr').textContent()).toContain('NOPE-42');
    expect(await page.locator('#duplicates tbody tr').textContent()).toContain('3, 5');
    expect(await page.locator('#preview-variances tbody tr', { hasText: 'COFFEE' }).textContent()).toContain('-2');
    expect(await page.locator('#preview-variances tbody tr', { hasText: 'SARDINES' }).textContent()).toContain('-1');
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    if (kind === 'sqlite') await page.screenshot({ path: `${DOCS_SCREENSHOTS}/stock-count-preview.png`, fullPage: true });
    await page.locator('form.count-import input[name=by]').fill('Mario');
    await page.locator('form.count-import button').click();
    expect(await page.textContent('#outcome')).toContain('File imported: 3 products counted, 1 unknown code left out');

    // The same file again: the preview says so, and importing it changes nothing.
    const before = await footprint(bo.store);
    await page.setInputFiles('input[name=file]', { name: 'north-count.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.locator('form.count-preview button').click();
    expect(await page.textContent('[role=alert]')).toContain('imported into this count already');
    await page.locator('form.count-import input[name=by]').fill('Liza');
    await page.locator('form.count-import button').click();
    expect(await page.textContent('#outcome')).toContain('count_file_already_imported');
    const after = await footprint(bo.store);
    expect(after.stock_count_lines).toBe(before.stock_count_lines);

    await page.locator('form.count-approve input[name=by]').fill('Liza');
    await page.locator('form.count-approve button').click();
    expect(await page.textContent('#outcome')).toMatch(/Count approved: correction ADJ-\d{6}-\d{4} posted\./);
    expect(await ledgerMilli(bo.store, 'NORTH', 'COFFEE')).toBe(10_000);
    expect(await ledgerMilli(bo.store, 'NORTH', 'SARDINES')).toBe(29_000);
    expect(await ledgerMilli(bo.store, 'NORTH', 'RICE-5KG')).toBe(9_000);
    if (kind === 'sqlite') await page.screenshot({ path: `${DOCS_SCREENSHOTS}/stock-count-approved.png`, fullPage: true });

    // Stock on hand, and its CSV export.
    await page.goto(`${base}/fleet/stock?storeCode=NORTH`);
    // Each row names the product as the catalog does, beside its SKU.
    expect(await page.locator('#on-hand tbody tr', { hasText: 'COFFEE' }).textContent()).toBe('NORTHCOFFEEKopiko 3-in-110');
    const csv = await page.request.get(`${base}/fleet/stock/on-hand.csv?storeCode=NORTH`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(csv.headers()['content-disposition']).toContain('attachment');
    expect(await csv.text()).toBe(
      'store,sku,product,on_hand\r\nNORTH,COFFEE,Kopiko 3-in-1,10\r\nNORTH,RICE-5KG,Dinorado rice 5 kg,9\r\nNORTH,SARDINES,Ligo sardines 155 g,29\r\n',
    );
    await page.goto(`${base}/fleet/stock`);
    if (kind === 'sqlite') await page.screenshot({ path: `${DOCS_SCREENSHOTS}/stock-page.png`, fullPage: true });
    expect(alerts).toEqual([]);
    await context.close();
  }, 120_000);

  it('a receipt is typed with its costs in pesos; a refused transfer comes back as typed, its fault said by line in the page words', async () => {
    const page = await browser.newPage();
    try {
      await signIn(page);
      const drafting = page.locator('form.receipt-create');
      // Two stores: none is chosen for the manager (found by a walk: the first code in order was taken).
      expect(await drafting.locator('select[name=storeCode]').inputValue()).toBe('');
      await drafting.locator('select[name=storeCode]').selectOption('NORTH');
      await drafting.locator('input[name=supplier]').fill('Peso Foods');
      await drafting.locator('textarea[name=lines]').fill('SARDINES,24,15.50\nCOFFEE,6,90');
      await drafting.locator('button').click();
      expect(await page.textContent('#outcome')).toContain('Purchase receipt drafted');
      const drafted = await bo.store.db
        .selectFrom('stock_documents as d')
        .innerJoin('stock_document_lines as l', 'l.document_id', 'd.id')
        .select(['l.sku', 'l.unit_cost_minor'])
        .where('d.supplier', '=', 'Peso Foods')
        .orderBy('l.line_no')
        .execute();
      expect(drafted.map((l) => [l.sku, Number(l.unit_cost_minor)])).toEqual([
        ['SARDINES', 1_550],
        ['COFFEE', 9_000],
      ]);

      // A letter O for a zero, then a cost with centavos past two places: refused by line, the form kept.
      const before = await footprint(bo.store);
      const transfer = page.locator('form.transfer-create');
      // Found by a walk: the destination was MAIN like the source until changed; now none until chosen.
      expect(await transfer.locator('select[name=toStoreCode]').inputValue()).toBe('');
      await transfer.locator('select[name=fromStoreCode]').selectOption('MAIN');
      await transfer.locator('select[name=toStoreCode]').selectOption('NORTH');
      await transfer.locator('input[name=note]').fill('weekly restock for North');
      const typed = 'SARDINES,4\nRICE-5KG,1O\nCOFFEE,6';
      await transfer.locator('textarea[name=lines]').fill(typed);
      await transfer.locator('button').click();
      expect(await page.textContent('#outcome')).toMatch(/^Line 2: quantity "1O" is not a quantity/);
      const again = page.locator('form.transfer-create');
      expect(await again.locator('textarea[name=lines]').inputValue()).toBe(typed);
      expect(await again.locator('input[name=note]').inputValue()).toBe('weekly restock for North');
      expect(await again.locator('select[name=toStoreCode]').inputValue()).toBe('NORTH');
      await page.locator('form.receipt-create select[name=storeCode]').selectOption('NORTH');
      await page.locator('form.receipt-create textarea[name=lines]').fill('SARDINES,1,15.505');
      await page.locator('form.receipt-create input[name=supplier]').fill('Peso Foods');
      await page.locator('form.receipt-create button').click();
      expect(await page.textContent('#outcome')).toMatch(/^Line 1: unit cost "15\.505" is not an amount in pesos/);
      // Found by a walk: only the first row that could not be read was said. Every one is.
      await page.locator('form.receipt-create select[name=storeCode]').selectOption('NORTH');
      await page.locator('form.receipt-create textarea[name=lines]').fill('A,1,abc\nB,x,1\nC,1');
      await page.locator('form.receipt-create button').click();
      const said = (await page.textContent('#outcome')) ?? '';
      expect(said).toMatch(/^Line 1: unit cost "abc" is not an amount in pesos/);
      expect(said).toContain('Line 2: quantity "x" is not a quantity');
      expect(said).toContain('Line 3: write SKU, quantity, unit cost in pesos, separated by commas.');
      // A SKU twice on a transfer is the back office's refusal, said in the page's words.
      await page.locator('form.transfer-create select[name=fromStoreCode]').selectOption('MAIN');
      await page.locator('form.transfer-create select[name=toStoreCode]').selectOption('NORTH');
      // A blank row between the two: the page names the row as typed (line 3), not the API's second line.
      await page.locator('form.transfer-create textarea[name=lines]').fill('SARDINES,4\n\nSARDINES,2');
      await page.locator('form.transfer-create button').click();
      expect(await page.textContent('#outcome')).toMatch(/^Not recorded: line 3, SKU: SARDINES is listed twice/);
      expect(await footprint(bo.store)).toEqual(before);

      // Found by a walk: the page could only approve a delivery in full. 21 of the 24 sardines came.
      const sardinesBefore = await ledgerMilli(bo.store, 'NORTH', 'SARDINES');
      await page.goto(`${base}/fleet/stock`);
      const pesoFoods = page.locator('#documents tbody tr.receipt.draft', { hasText: 'Peso Foods' });
      await pesoFoods.locator('form.receipt-approve textarea[name=lines]').fill('SARDINES,21');
      await pesoFoods.locator('form.receipt-approve input[name=by]').fill('Rosa');
      await pesoFoods.locator('form.receipt-approve button').click();
      expect(await page.textContent('#outcome')).toMatch(
        /^Purchase receipt RCV-\d{6}-\d{4} approved: what arrived was added to the stock\. What arrived costs ₱865\.50 \(₱912\.00 on the receipt as drafted\)\.$/,
      );
      expect(await ledgerMilli(bo.store, 'NORTH', 'SARDINES')).toBe(sardinesBefore + 21_000);
      const received = page.locator('#documents tbody tr.receipt.approved', { hasText: 'Peso Foods' });
      expect(await received.textContent()).toContain('SARDINES × 24 (got 21), COFFEE × 6 (got 6)');
      // When it was drafted and when it was received, on the business's clock (Manila), the instant on hover.
      const dates = received.locator('td').nth(3);
      expect(await dates.textContent()).toMatch(/^drafted .+, \d{1,2}:\d{2}\s?[AP]Mreceived .+, \d{1,2}:\d{2}\s?[AP]M$/);
      expect(await dates.locator('span[title]').last().getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2}T/);

      // The API's refusals in the page's words, a field by its label: not "must NOT have fewer than 1 characters".
      const unchanged = await footprint(bo.store);
      const supplierReturn = page.locator('form.supplier-return');
      await supplierReturn.locator('select[name=storeCode]').selectOption('NORTH');
      await supplierReturn.locator('input[name=supplier]').fill('   ');
      await supplierReturn.locator('input[name=reason]').fill('expired');
      await supplierReturn.locator('textarea[name=lines]').fill('SARDINES,2000000');
      await supplierReturn.locator('button').click();
      expect(await page.textContent('#outcome')).toBe(
        'Not recorded: supplier: is blank; line 1, quantity: more than 1,000,000. (reference validation_failed, for support)',
      );
      const counting = page.locator('form.count-start');
      await counting.locator('select[name=storeCode]').selectOption('NORTH');
      await counting.locator('input[name=by]').fill(' ');
      await counting.locator('button').click();
      expect(await page.textContent('#outcome')).toBe('Not recorded: Started by: is blank. (reference validation_failed, for support)');
      // A page the browser brought back sends its form's key again with other lines: said in words, nothing recorded.
      const sent = { action: 'supplier-return', key: uuidv7(), storeCode: 'NORTH', supplier: 'Peso Foods', reason: 'expired', lines: 'COFFEE,1' };
      expect(await (await page.request.post(`${base}/fleet/stock/do`, { form: sent })).text()).toContain('Supplier return');
      const afterFirst = await footprint(bo.store);
      const resent = await page.request.post(`${base}/fleet/stock/do`, { form: { ...sent, lines: 'COFFEE,2' } });
      expect(resent.status()).toBe(400);
      expect(await resent.text()).toContain(
        'This form had been sent before with something else in it (a page the browser brought back). Nothing was recorded by it: send it again from this page.',
      );
      expect(await footprint(bo.store)).toEqual(afterFirst);
      expect(afterFirst).not.toEqual(unchanged);
    } finally {
      await page.close();
    }
  });

  it('found by a walk: a delivery of 47 lines does not crush the other columns to a letter or two a line, at 1024x768 too', async () => {
    await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Big Wholesale Delivery',
      lines: Array.from({ length: 47 }, (_, i) => ({ sku: `WHOLESALE-ITEM-${String(i + 1).padStart(3, '0')}`, qty: 12, unitCostMinor: 1_000 })),
    });
    for (const viewport of [
      { width: 1280, height: 1000 },
      { width: 1024, height: 768 },
    ]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      try {
        await signIn(page);
        // Each cell but the lines': about a line a word at most (crushed, "Purchase receipt" took six, a number eight).
        const broken = await page.locator('#documents tbody').evaluate((body) =>
          [...body.querySelectorAll('td:not(.wide)')].flatMap((cell) => {
            const text = (cell.textContent ?? '').trim();
            if (text === '' || cell.querySelector('form')) return [];
            const range = cell.ownerDocument.createRange();
            range.selectNodeContents(cell);
            // A new line: a box more than 4 px below the one before (a label's box sits a pixel or two off its text's).
            const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
            const lines = tops.sort((a, b) => a - b).filter((top, i) => i === 0 || top - tops[i - 1]! > 4).length;
            // A line a word at most (a number breaks after its hyphens), and one more for a token longer than the column
            // (markup typed as a supplier).
            const words = text.split(/\s+|(?<=-)/).filter(Boolean).length;
            return lines > words + 1 ? [`${text}: ${lines} lines`] : [];
          }),
        );
        expect(broken, JSON.stringify(viewport)).toEqual([]);
        expect(await page.locator('#documents tbody tr', { hasText: 'Big Wholesale Delivery' }).count()).toBe(1);
      } finally {
        await context.close();
      }
    }
  });

  it('a delivery drafted by mistake and a transfer that will not go are discarded from the page: nothing moves, the row says who', async () => {
    await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'NORTH',
      supplier: 'Wrong Supplier Inc.',
      lines: [{ sku: 'SARDINES', qty: 500, unitCostMinor: 100 }],
    });
    await adminPost(bo, '/v1/transfers', {
      fromStoreCode: 'NORTH',
      toStoreCode: 'MAIN',
      note: 'not going after all',
      lines: [{ sku: 'COFFEE', qty: 3 }],
    });
    const page = await browser.newPage();
    try {
      await signIn(page);
      const before = await footprint(bo.store);
      const sardinesBefore = await ledgerMilli(bo.store, 'NORTH', 'SARDINES');
      const receipt = page.locator('#documents tbody tr.receipt.draft', { hasText: 'Wrong Supplier Inc.' });
      await receipt.locator('form.receipt-discard input[name=by]').fill('Liza');
      await receipt.locator('form.receipt-discard button', { hasText: 'Discard' }).click();
      expect(await page.textContent('#outcome')).toBe('Purchase receipt discarded: nothing was added, and the tills no longer offer it.');
      const gone = page.locator('#documents tbody tr.receipt.discarded', { hasText: 'Wrong Supplier Inc.' });
      expect(await gone.textContent()).toContain('discarded Liza');
      expect(await gone.locator('form').count()).toBe(0);

      const transfer = page.locator('#documents tbody tr.transfer.draft', { hasText: 'not going after all' });
      await transfer.locator('form.transfer-discard input[name=by]').fill('Liza');
      await transfer.locator('form.transfer-discard button').click();
      expect(await page.textContent('#outcome')).toMatch(/^Transfer TRF-\d{6}-\d{4} discarded: nothing moved/);
      expect(await page.locator('#documents tbody tr.transfer.discarded', { hasText: 'not going after all' }).locator('form').count()).toBe(0);

      const after = await footprint(bo.store);
      for (const unchanged of ['stock_movements', 'stock_levels', 'counterTotal', 'onHandTotal'])
        expect(after[unchanged], unchanged).toBe(before[unchanged]);
      expect(await ledgerMilli(bo.store, 'NORTH', 'SARDINES')).toBe(sardinesBefore);
    } finally {
      await page.close();
    }
  });

  it('without a session every stock page and form sends the browser to sign in and changes nothing', async () => {
    const before = await footprint(bo.store);
    for (const [method, url] of [
      ['GET', '/fleet/stock'],
      ['GET', '/fleet/stock/on-hand.csv'],
      ['POST', '/fleet/stock/do'],
      ['POST', `/fleet/stock/counts/x`],
    ] as const) {
      const response = await bo.app.inject({
        method,
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        ...(method === 'POST' ? { payload: `action=receipt-create&key=k1&storeCode=MAIN&supplier=S&lines=A%2C1%2C1` } : {}),
      });
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe('/fleet/login');
    }
    expect(await footprint(bo.store)).toEqual(before);
  });
});
