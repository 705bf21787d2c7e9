import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';

const SCREENS = join(import.meta.dirname, '..', '..', 'test-output', 'screens');

/** A row of the queue table by its receipt or return number, once it is in the given state. */
const row = (page: Page, number: string, state: string) =>
  page.locator(`[data-testid="queue-row"][data-document="${number}"][data-state="${state}"]`);

describe('a manager in Chromium: the sync queue, a refund, the shift', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startManagerRig(await buildRendererForTest());
    mkdirSync(SCREENS, { recursive: true });
    page = await rig.openManagerPage();
    await page.getByTestId('manager-gate').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a cashier cannot open the manager desk, nor export its queue; a manager signing in with their PIN can', async () => {
    expect(await page.getByTestId('manager-gate-who').textContent()).toContain('Ana (cashier) is signed in');
    expect(await page.getByTestId('queue-screen').count()).toBe(0);
    const refused = await page.evaluate(async () => {
      const answer = await fetch('/api/exportQueue', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: answer.status, body: (await answer.json()) as { code?: string; entries?: unknown } };
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body).toMatchObject({ code: 'not_allowed' });
    expect(refused.body.entries).toBeUndefined();

    await page.getByTestId('manager-gate-pin').focus();
    await page.keyboard.type('1111');
    await page.keyboard.press('Enter');
    await waitForText(page, 'manager-gate-error', /^Ana is not a manager: the manager desk stays closed\.$/);
    expect(await page.getByTestId('queue-screen').count()).toBe(0);

    await page.keyboard.type(MANAGER_PIN);
    await page.keyboard.press('Enter');
    await page.getByTestId('queue-screen').waitFor(UI_WAIT);
    expect(await rig.core.currentCashier()).toMatchObject({ code: 'mario', role: 'manager' });
  });

  it('shows a sale the back office refused as needing attention, with its problem code; retry sends it, void keeps it unsent', async () => {
    const refused = await rig.sell();
    const mistaken = await rig.sell();
    rig.faults.refuseKey(refused.cartKey, { status: 400, code: 'validation_failed', detail: 'Line 1: unknown unit of measure.' });
    rig.faults.refuseKey(mistaken.cartKey, { status: 400, code: 'validation_failed', detail: 'Rung up on the wrong terminal.' });
    await waitForText(page, 'queue-count-needs_attention', /^2$/, SYNC_WAIT);
    await page.getByTestId('queue-filter-needs_attention').click();
    await row(page, refused.localNumber, 'needs_attention').waitFor(UI_WAIT);
    expect(await row(page, refused.localNumber, 'needs_attention').getByTestId('queue-error-code').textContent()).toContain('validation_failed');
    await page.screenshot({ path: join(SCREENS, 'queue-needs-attention.png') });

    rig.faults.acceptKey(refused.cartKey);
    await row(page, refused.localNumber, 'needs_attention').getByTestId('queue-retry').click();
    await waitForText(page, 'queue-count-needs_attention', /^1$/, SYNC_WAIT);
    await page.getByTestId('queue-filter-synced').click();
    await row(page, refused.localNumber, 'synced').waitFor(SYNC_WAIT);

    await page.getByTestId('queue-filter-needs_attention').click();
    const mistakenRow = row(page, mistaken.localNumber, 'needs_attention');
    // Esc closes the void form, the entry as it was.
    await mistakenRow.getByTestId('queue-void').click();
    await page.getByTestId('void-reason').fill('changed my mind');
    await page.keyboard.press('Escape');
    await page.getByTestId('void-form').waitFor({ state: 'detached', ...UI_WAIT });
    expect((await rig.core.queueItems({ state: 'needs_attention' })).map((item) => item.documentNumber)).toContain(mistaken.localNumber);
    await mistakenRow.getByTestId('queue-void').click();
    await page.getByTestId('void-reason').fill('rung up on the wrong terminal');
    // A cashier's PIN is refused: the form stays open with the reason as typed.
    await page.getByTestId('void-pin').fill('1111');
    await page.getByTestId('void-confirm').click();
    await page.getByTestId('queue-error').waitFor(UI_WAIT);
    expect(await page.getByTestId('void-reason').inputValue()).toBe('rung up on the wrong terminal');
    await page.getByTestId('void-pin').fill(MANAGER_PIN);
    await page.getByTestId('void-confirm').click();
    await waitForText(page, 'queue-count-voided', /^1$/);
    await page.getByTestId('queue-filter-voided').click();
    expect(await row(page, mistaken.localNumber, 'voided').getByTestId('queue-voided').textContent()).toMatch(
      /Voided by Mario .*: rung up on the wrong terminal/,
    );
    // A voided entry is never sent again: its last error is not shown as if it were still being tried.
    expect(await row(page, mistaken.localNumber, 'voided').getByTestId('queue-error-code').textContent()).toBe('');

    rig.faults.acceptKey(mistaken.cartKey);
    await page.getByTestId('queue-retry-all').click();
    const serverNumbers = (await rig.backOffice.store.db.selectFrom('sales').select('local_number').execute()).map((s) => s.local_number);
    expect(serverNumbers).toEqual([refused.localNumber]);
    expect((await rig.core.getSale({ id: mistaken.id }))?.syncState).toBe('voided');
    // Found by a black-box probe: looking the voided sale up to refund it promised "the refund will follow it", then failed.
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(mistaken.localNumber);
    await page.getByTestId('refund-find').click();
    await waitForText(page, 'refund-error', /was voided from the sync queue: it was never recorded, so it cannot be refunded\.$/);
    expect(await page.getByTestId('refund-form').count()).toBe(0);
    await page.getByTestId('manager-tab-queue').click();

    const [download] = await Promise.all([page.waitForEvent('download', UI_WAIT), page.getByTestId('queue-export').click()]);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      counts: Record<string, number>;
      entries: { documentNumber: string; state: string }[];
      settings: object;
    };
    expect(file.counts).toMatchObject({ voided: 1, synced: 1, needs_attention: 0 });
    expect(file.entries.map((e) => [e.documentNumber, e.state])).toEqual([
      [refused.localNumber, 'synced'],
      [mistaken.localNumber, 'voided'],
    ]);
    const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
    const { token } = JSON.parse(db.prepare("SELECT value FROM terminal_settings WHERE name = 'pairing'").pluck().get() as string) as {
      token: string;
    };
    db.close();
    expect(JSON.stringify(file)).not.toContain(token);
  });

  it('refunds a sale the back office does not have yet; once back, the sale arrives first, then its refund', async () => {
    await rig.plug.down();
    const sale = await rig.sell();
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-qty-SARDINES-555').fill('1');
    await page.getByTestId('refund-reason').fill('dented can');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();
    const localNumber = (await page.getByTestId('return-local-number').textContent()) ?? '';
    expect(localNumber).toMatch(/-R000001$/);
    expect(await page.getByTestId('return-number').textContent()).toMatch(/pending/);
    expect(await page.getByTestId('return-total').textContent()).toBe('₱24.50');
    // No profile pulled yet: the slip says what is missing, as the invoice does, with the store and terminal.
    const issuer = (await page.getByTestId('return-issuer').textContent()) ?? '';
    expect(issuer).toContain('TIN: not set in the back office');
    expect(issuer).toContain('MIN / SN / PTU: not set in the back office');
    expect(issuer).toMatch(/Store MAIN · Terminal T\d+/);

    await page.getByTestId('manager-tab-queue').click();
    await page.getByTestId('queue-filter-pending').click();
    expect(await row(page, localNumber, 'pending').getByTestId('queue-waiting').textContent()).toContain(sale.localNumber);
    // The sale's last attempt was refused a connection: said in the manager's words, the code kept beside it.
    const saleError = row(page, sale.localNumber, 'pending').getByTestId('queue-error-code');
    await expect
      .poll(() => saleError.textContent(), UI_WAIT)
      .toBe('ECONNREFUSED The back office refused the connection: it is stopped, or the address is wrong.');
    expect(await saleError.locator('span').getAttribute('title')).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);

    await rig.plug.up();
    await page.getByTestId('queue-filter-synced').click();
    await row(page, localNumber, 'synced').waitFor(SYNC_WAIT);
    // When it reached the back office, under "Next try, or sent".
    expect(await row(page, localNumber, 'synced').getByTestId('queue-next-try').textContent()).toMatch(/^sent \d{1,2}:\d{2}:\d{2}\s?[AP]M$/);
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(sale.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-form').waitFor(UI_WAIT);

    const db = rig.backOffice.store.db;
    const serverSale = await db
      .selectFrom('sales')
      .select(['id', 'received_at'])
      .where('local_number', '=', sale.localNumber)
      .executeTakeFirstOrThrow();
    const serverRefund = await db.selectFrom('refunds').select(['sale_id', 'received_at', 'local_number', 'total_minor']).executeTakeFirstOrThrow();
    expect(serverRefund).toMatchObject({ sale_id: serverSale.id, local_number: localNumber });
    expect(Number(serverRefund.total_minor)).toBe(2_450);
    expect(serverRefund.received_at >= serverSale.received_at).toBe(true);
  });

  it('closing the shift with sales still queued warns, and the override is on the Z report', async () => {
    await page.getByTestId('manager-tab-shift').click();
    await page.getByTestId('shift-float').fill('2,000');
    await page.getByTestId('shift-pin').fill(MANAGER_PIN);
    // Double-clicked (found by a black-box probe): one shift, and no "already open" error after it.
    await page.getByTestId('shift-open').dblclick();
    await page.getByTestId('shift-open-since').waitFor(UI_WAIT);
    await page.waitForTimeout(300);
    expect(await page.getByTestId('shift-error').count()).toBe(0);

    await rig.plug.down();
    const sale = await rig.sell();
    await page.getByTestId('shift-counted').fill('2,051');
    await page.getByTestId('shift-close-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-close').click();
    await page.getByTestId('z-confirm-yes').click();
    expect(await waitForText(page, 'shift-unsynced-warning', /not reached the back office/)).toBeTruthy();
    expect(await page.getByTestId('shift-unsynced-warning').textContent()).not.toContain('unsynced_sales');
    expect(await rig.core.currentShift()).not.toBeNull();
    await page.getByTestId('shift-override-reason').fill('internet down since noon');
    await page.getByTestId('shift-close').click();
    await page.getByTestId('shift-report-Z').waitFor(UI_WAIT);
    expect(await page.getByTestId('report-override').textContent()).toContain('Mario: “internet down since noon”');
    // The three sales and the refund of the tests above were rung up with no shift open: this shift took them when it opened.
    expect(await page.getByTestId('report-receipts').textContent()).toBe(`T01-000001 to ${sale.localNumber}`);
    expect(await page.getByTestId('report-sales-before-open').textContent()).toBe('3');
    // 2,000.00 float + 4 sales of 49.00 cash (100.00 less 51.00 change) - 24.50 refunded.
    expect(await page.getByTestId('report-expected-cash').textContent()).toBe('₱2,171.50');
    await page.getByTestId('shift-report-Z').screenshot({ path: join(SCREENS, 'z-report.png') });
    await page.screenshot({ path: join(SCREENS, 'shift-closed.png'), fullPage: true });

    const shiftId = (await page.getByTestId('shift-report-Z').getAttribute('data-shift-id')) ?? '';
    const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
    const stored = db.prepare('SELECT closed_by, override_by, override_reason, unsynced_at_close FROM shifts WHERE id = ?').get(shiftId);
    const shiftOfSale = db.prepare('SELECT shift_id FROM sales WHERE id = ?').pluck().get(sale.id);
    db.close();
    expect(stored).toEqual({ closed_by: 'mario', override_by: 'mario', override_reason: 'internet down since noon', unsynced_at_close: 1 });
    expect(shiftOfSale).toBe(shiftId);
    await rig.plug.up();
  });

  it('found by a BIR probe: a cash refund the drawer cannot pay is refused on the refund screen, saying what it holds; the way it was paid, it goes', async () => {
    // The shift above is closed and took every sale with it: the drawer holds no cash for what comes next.
    const { cartKey } = await rig.core.openCart();
    const byCard = await rig.core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'card', amountMinor: 4_900, reference: 'AUTH-9' }],
    });
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-lookup').fill(byCard.localNumber);
    await page.getByTestId('refund-find').click();
    await page.getByTestId('refund-qty-SARDINES-555').fill('1');
    // A card sale goes back to the card unless the manager chooses cash: here they do.
    expect(await page.getByTestId('refund-money-back-original').isChecked()).toBe(true);
    await page.getByTestId('refund-money-back-cash').check();
    await page.getByTestId('refund-reason').fill('dented can');
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();
    await waitForText(
      page,
      'refund-error',
      /^The drawer holds ₱0\.00 in cash now: not enough for the ₱24\.50 this refund pays out in cash\. Refund it another way/,
    );
    expect(await page.getByTestId('refund-error').textContent()).toContain('have a manager pay cash into the drawer first');
    expect(await page.getByTestId('return-slip').count()).toBe(0);
    expect((await rig.core.lookupReceipt({ number: byCard.localNumber }))?.refunds).toEqual([]);

    // The manager goes to the Shift tab, as the refusal says, and comes back: the form is as they left it, but for the PIN.
    await page.getByTestId('manager-tab-shift').click();
    await page.getByTestId('shift-float').waitFor(UI_WAIT);
    await page.getByTestId('manager-tab-refund').click();
    await page.getByTestId('refund-form').waitFor(UI_WAIT);
    expect(await page.getByTestId('refund-lookup').inputValue()).toBe(byCard.localNumber);
    expect(await page.getByTestId('refund-qty-SARDINES-555').inputValue()).toBe('1');
    expect(await page.getByTestId('refund-reason').inputValue()).toBe('dented can');
    expect(await page.getByTestId('refund-pin').inputValue()).toBe('');
    await waitForText(page, 'refund-preview', /^₱24\.50$/);

    await page.getByTestId('refund-money-back-original').check();
    await page.getByTestId('refund-pin').fill(MANAGER_PIN);
    await page.getByTestId('refund-submit').click();
    await waitForText(page, 'return-tender', /^Back to the card$/);
    expect(await page.getByTestId('return-total').textContent()).toBe('₱24.50');
  });
});
