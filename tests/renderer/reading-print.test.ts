import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeso } from '../../renderer/money';
import { UI_WAIT } from '../support/browser/cashier-page';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';
import { waitFor } from '../support/terminal';
import { businessDay, DEFAULT_BUSINESS_TIMEZONE } from '../../terminal/invoicing/document-dates';

const DOCS_SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const OUTPUT = join(import.meta.dirname, '..', '..', 'test-output', 'screens');
/** 80 mm in PDF points (1/72 inch). */
const EIGHTY_MM_IN_POINTS = (80 / 25.4) * 72;

describe('a Z reading printed on the 80 mm roll', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startManagerRig(await buildRendererForTest(), async (backOffice, terminalId) => {
      const put = async (url: string, payload: object) =>
        expect((await backOffice.app.inject({ method: 'PUT', url, headers: backOffice.adminHeaders(), payload })).statusCode).toBe(200);
      await put('/v1/admin/businesses/MAIN/profile', {
        registeredName: 'Dela Cruz Trading Corp.',
        address: '12 Mabini St., Marikina City',
        tin: '123-456-789-00000',
        vatRegistered: true,
      });
      await put(`/v1/admin/terminals/${terminalId}/machine`, {
        min: '24031512345678',
        serialNumber: 'SN-0001',
        permitNumber: 'FP-0001',
        permitDate: '2024-03-15',
      });
    });
    await waitFor(async () => (await rig.core.invoiceProfile())?.profile.machine !== null, 'the invoice profile to be pulled');
    mkdirSync(OUTPUT, { recursive: true });
    await rig.core.signIn({ pin: MANAGER_PIN });
    page = await rig.openManagerPage();
    await page.getByTestId('manager-tab-shift').click();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('carries the documents’ figures, labels apart from values, and prints 80 mm wide', async () => {
    await page.getByTestId('shift-float').fill('2,000');
    await page.getByTestId('shift-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-open').click();
    await page.getByTestId('shift-open-since').waitFor(UI_WAIT);

    // A day: a discounted sale (line and cart discounts), a plain one, a refund to the card, two voids.
    const { cartKey } = await rig.core.openCart();
    await rig.core.approve({ pin: MANAGER_PIN, action: 'discount', cartKey, amountMinor: 1_190 });
    const discounted = await rig.core.pay({
      cartKey,
      cashier: 'ana',
      lines: [
        { sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12', discountMinor: 850 + 233 },
        { sku: 'EGG', name: 'Egg', qty: 12, unitPriceMinor: 900, discountMinor: 107 },
      ],
      payments: [{ method: 'cash', amountMinor: 20_000 }],
      discounts: [
        { kind: 'line', amountMinor: 850 },
        { kind: 'cart', amountMinor: 340 },
      ],
    });
    const { cartKey: cardCart } = await rig.core.openCart();
    const byCard = await rig.core.pay({
      cartKey: cardCart,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'card', amountMinor: 2_450, reference: 'AUTH1' }],
    });
    const refund = await rig.core.refund({
      refundKey: 'print-refund',
      saleId: byCard.id,
      lines: [{ sku: 'SARDINES-555', qty: 1 }],
      reason: 'dented can',
      approval: { managerPin: MANAGER_PIN },
      moneyBack: 'original_tender',
    });
    const { cartKey: voided } = await rig.core.openCart();
    const lineVoid = await rig.core.approve({ pin: MANAGER_PIN, action: 'void_line', cartKey: voided, amountMinor: 900 });
    await rig.core.recordVoid({ cartKey: voided, kind: 'line', sku: 'EGG', qty: 1, amountMinor: 900, approvalId: lineVoid.id });
    const cartVoid = await rig.core.approve({ pin: MANAGER_PIN, action: 'void_cart', cartKey: voided, amountMinor: 4_900 });
    await rig.core.recordVoid({ cartKey: voided, kind: 'cart', amountMinor: 4_900, approvalId: cartVoid.id });

    await page.getByTestId('shift-counted').fill('2,150');
    await page.getByTestId('shift-close-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-close').click();
    await page.getByTestId('z-confirm-yes').click();
    const unsynced = page.getByTestId('shift-override-reason');
    if (await unsynced.isVisible().catch(() => false)) {
      await unsynced.fill('printing test');
      await page.getByTestId('shift-close').click();
    }
    const reading = page.getByTestId('shift-report-Z');
    await reading.waitFor(UI_WAIT);
    const z = await rig.core.shiftReport({ shiftId: (await reading.getAttribute('data-shift-id')) ?? '' });

    const text = async (id: string) => (await page.getByTestId(id).textContent()) ?? '';
    expect(await text('report-z-counter')).toBe(String(z.zCounter));
    // The manager by name, as the roster has them, not by the code the core records.
    expect(z.shift.openedBy).toBe('mario');
    expect(await text('report-opened')).toMatch(/ by Mario$/);
    // Who issued it and on which machine, as the invoices say (RR 16-2018).
    const issuer = await text('report-issuer');
    for (const part of ['Dela Cruz Trading Corp.', 'VAT REG TIN 123-456-789-00000', 'MIN 24031512345678', 'SN SN-0001', 'PTU No. FP-0001'])
      expect(issuer).toContain(part);
    expect(await text('report-first-invoice')).toBe(discounted.localNumber);
    expect(await text('report-last-invoice')).toBe(byCard.localNumber);
    expect(await text('report-first-return')).toBe(refund.localNumber);
    expect(await text('report-gross')).toBe(formatPeso(z.grossSalesMinor));
    expect(await text('report-discount-line')).toBe('−₱8.50');
    expect(await text('report-discount-cart')).toBe('−₱3.40');
    // From gross to net sales: returns, each discount, the VAT adjustment, each taken off once, and they add up.
    const deductions = await reading
      .locator('.receipt-row', {
        has: page.locator('[data-testid^="report-discount-"], [data-testid="report-refunds"], [data-testid="report-vat-adjustment"]'),
      })
      .allInnerTexts();
    expect(deductions.map((r) => r.replace(/\s+−?₱[\d,.]+$/, ''))).toEqual([
      'Less returns/refunds (1)',
      'Less senior citizen (20%) (0)',
      'Less PWD (20%) (0)',
      'Less senior citizen, basic necessities (5%) (0)',
      'Less PWD, basic necessities (5%) (0)',
      'Less line discounts (1)',
      'Less cart discounts (1)',
      'Less VAT adjustment, SC/PWD (0)',
    ]);
    const pesos = (shown: string) => (shown.startsWith('−') ? -1 : 1) * Number(shown.replace(/[^\d]/g, ''));
    const takenOff = deductions.map((r) => pesos(/[−]?₱[\d,.]+$/.exec(r)?.[0] ?? 'NaN'));
    expect(pesos(await text('report-gross')) + takenOff.reduce((a, b) => a + b, 0)).toBe(pesos(await text('report-net')));
    expect(await text('report-refunds')).toBe('−₱24.50');
    expect(await text('report-void-line')).toBe('₱9.00');
    expect(await text('report-void-cart')).toBe('₱49.00');
    expect(await text('report-refund-tender-card')).toBe('−₱24.50');
    expect(await text('report-vat-VAT12')).toBe(formatPeso(z.vat.vatMinor));
    expect(await text('report-grand-total-ending')).toBe(formatPeso(z.grandTotal?.endingMinor ?? Number.NaN));
    expect(await text('report-over-short')).toBe(formatPeso(Math.abs(z.overShortMinor ?? Number.NaN)));
    // A label and its value never run together, as the issue saw ("Opened11/29/2026").
    const rows = await reading.locator('.receipt-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row).toMatch(/\S\s+\S/);
    expect(rows.find((r) => r.startsWith('Opened'))).toMatch(/^Opened\s+\d/);
    // A refund is said as one, not as "paid out" (the Cash section's word for a pickup from the drawer).
    expect(rows.find((r) => r.startsWith('Refunded to card'))).toMatch(/\s−₱24\.50$/);
    expect(rows.filter((r) => r.startsWith('Cash paid out'))).toEqual([]);

    // Printed: the page is the 80 mm roll (@page), and the reading fits its width.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(Number(box?.[1])).toBeCloseTo(EIGHTY_MM_IN_POINTS, 0);
    writeFileSync(join(OUTPUT, 'z-reading-80mm.pdf'), pdf);
    await page.setViewportSize({ width: 302, height: 1_400 });
    const width = await reading.evaluate((element) => element.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(302);
    const overflowing = await reading.evaluate((element) =>
      [...element.querySelectorAll('.receipt-row')].filter((row) => row.scrollWidth > row.clientWidth + 1).map((row) => row.textContent),
    );
    expect(overflowing).toEqual([]);
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    await reading.screenshot({ path: join(DOCS_SCREENSHOTS, 'z-reading-80mm.png') });
  });

  it('found by a black-box probe: after a reload (the Z jammed in the printer), the closed shift’s Z is found, shown and printed again as a reprint', async () => {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await page.getByTestId('manager-tab-shift').click();
    const past = page.getByTestId('past-shift').first();
    await past.waitFor(UI_WAIT);
    const closed = /^Closed (.*) by Mario, ended the day \(Z counter \d+\) X reading Z reading$/.exec((await past.textContent()) ?? '');
    expect(closed).not.toBeNull();
    // Its button says which shift's reading it shows, as the row does (a screen reader's list of buttons read "Z reading" for each).
    await past.getByRole('button', { name: `Z reading of the shift closed ${closed?.[1]}`, exact: true }).click();
    const reading = page.getByTestId('shift-report-Z');
    await reading.waitFor(UI_WAIT);
    const shiftId = (await reading.getAttribute('data-shift-id')) ?? '';
    expect(shiftId).toBe(await past.getAttribute('data-shift-id'));
    const z = await rig.core.shiftReport({ shiftId });
    expect(await page.getByTestId('report-z-counter').textContent()).toBe(String(z.zCounter));

    // Printed (its first print: the Z journaled at the close), then printed again: a reprint in the journal.
    const reprints = async () =>
      (await rig.core.journalDay({ day: businessDay(new Date(z.generatedAt), DEFAULT_BUSINESS_TIMEZONE) })).entries.filter(
        (e) => e.kind === 'z_reading' && e.reprint,
      ).length;
    // What each print put on paper: the printed document's text at the moment the dialog opens.
    await page.evaluate(() => {
      const papers: string[] = [];
      (window as unknown as { papers: string[] }).papers = papers;
      window.print = () => void papers.push(document.querySelector('.printable')?.textContent ?? '');
    });
    const papers = () => page.evaluate(() => (window as unknown as { papers: string[] }).papers);
    await page.getByTestId('shift-print').click();
    await waitFor(async () => (await papers()).length === 1, 'the Z printed');
    await page.getByTestId('shift-print').click();
    await waitFor(async () => (await reprints()) === 1, 'the Z printed again to be journaled as a reprint');
    await waitFor(async () => (await papers()).length === 2, 'the Z printed again');
    // Found by a BIR probe: the browser's paper of a reprint looked exactly like the original. Now it says so on paper,
    // with when it was printed again; the screen keeps no trace of the mark.
    const [first, second] = await papers();
    expect(first).toContain(`Z counter ${z.zCounter}`);
    expect(first).not.toContain('REPRINT');
    // The same document under its REPRINT line, which names when it was printed again.
    expect(second!.endsWith(first!)).toBe(true);
    expect(second!.slice(0, second!.length - first!.length)).toMatch(/^\*\*\* REPRINT \*\*\* \d{1,2}\/\d{1,2}\/\d{4}, \d{1,2}:\d{2}:\d{2}\s?[AP]M$/);
    expect(await page.getByTestId('reprint-mark').count()).toBe(0);
  });
});
