import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { MANAGER_PIN, openManagerDesk, type ManagerRig } from '../support/browser/manager-rig';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { businessDay, DEFAULT_BUSINESS_TIMEZONE } from '../../terminal/invoicing/document-dates';

/** A manager on the Shift screen pays cash into and out of the drawer; the X reading counts it. */
describe('cash in or out of the drawer from the Shift screen', () => {
  let rig: ManagerRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openManagerDesk('shift'));
    await page.getByTestId('shift-float').fill('2,000');
    await page.getByTestId('shift-pin').fill(MANAGER_PIN);
    await page.getByTestId('shift-open').click();
    await page.getByTestId('shift-open-since').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a pickup to the safe: said back with what the drawer should hold, listed, and in the X reading; more than the drawer holds is refused in words', async () => {
    const form = page.getByTestId('cash-move-form');
    await form.getByTestId('cash-move-pay_out').check();
    await form.getByTestId('cash-move-amount').fill('1,500');
    await form.getByTestId('cash-move-reason').fill('pickup to the safe');
    await form.getByTestId('cash-move-pin').fill(MANAGER_PIN);
    await form.getByTestId('cash-move-submit').click();
    await waitForText(page, 'cash-move-done', /^Paid out ₱1,500\.00 \(pickup to the safe\), approved by .+\. The drawer should now hold ₱500\.00\.$/);
    expect(await page.getByTestId('cash-move').allTextContents()).toEqual([expect.stringMatching(/^Paid out ₱1,500\.00: pickup to the safe \(/)]);
    expect(await form.getByTestId('cash-move-pin').inputValue()).toBe('');

    // ₱600 out of the ₱500 left: refused, nothing recorded.
    await form.getByTestId('cash-move-amount').fill('600');
    await form.getByTestId('cash-move-reason').fill('supplier paid');
    await form.getByTestId('cash-move-pin').fill(MANAGER_PIN);
    await form.getByTestId('cash-move-submit').click();
    await waitForText(page, 'cash-move-error', /^The drawer holds ₱500\.00 in cash now: ₱600\.00 cannot be paid out of it\.$/);
    expect((await rig.core.shiftCashMovements({})).length).toBe(1);

    // Change brought from the safe.
    await form.getByTestId('cash-move-pay_in').check();
    await form.getByTestId('cash-move-amount').fill('300');
    await form.getByTestId('cash-move-reason').fill('coins for change');
    // The PIN typed for the refused one is still there: the amount was what was wrong.
    await form.getByTestId('cash-move-submit').click();
    await waitForText(page, 'cash-move-done', /^Paid in ₱300\.00 \(coins for change\).*₱800\.00\.$/);
    // For docs/manager.md: the form, what it said back, the shift's movements.
    await form.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'cash-in-out.png') });

    await page.getByTestId('shift-x-report').click();
    await page.getByTestId('shift-report-X').waitFor(UI_WAIT);
    const report = page.getByTestId('shift-report-X');
    expect(await report.textContent()).toMatch(
      /Float ₱2,000\.00Cash paid in \(1\) ₱300\.00Cash paid out \(1\) −₱1,500\.00.*Expected cash in drawer ₱800\.00/,
    );
    expect(await page.getByTestId('report-paid-out').textContent()).toBe('−₱1,500.00');
    expect(await page.getByTestId('report-expected-cash').textContent()).toBe('₱800.00');
    expect(await page.getByTestId('report-cash-movement-0').textContent()).toBe('−₱1,500.00');
    expect(await report.textContent()).toMatch(/out: pickup to the safe \(Mario\) −₱1,500\.00.*in: coins for change \(Mario\) ₱300\.00/);

    // With the X reading on screen, another pickup: the reading is read again, the drawer's figure with it.
    await form.getByTestId('cash-move-pay_out').check();
    await form.getByTestId('cash-move-amount').fill('100');
    await form.getByTestId('cash-move-reason').fill('pickup to the safe');
    await form.getByTestId('cash-move-pin').fill(MANAGER_PIN);
    await form.getByTestId('cash-move-submit').click();
    await waitForText(page, 'report-expected-cash', /^₱700\.00$/);
    expect((await rig.core.shiftCashMovements({})).map((m) => [m.kind, m.amountMinor, m.reason])).toEqual([
      ['pay_out', 150_000, 'pickup to the safe'],
      ['pay_in', 30_000, 'coins for change'],
      ['pay_out', 10_000, 'pickup to the safe'],
    ]);
  });

  it('the electronic journal checked from the Shift screen: intact, with the seal a Z reading prints', async () => {
    await page.getByTestId('journal-check-button').click();
    await waitForText(page, 'journal-check', /^The electronic journal is empty: nothing to check yet\.$/);
    await rig.sell();
    await rig.sell();
    await page.getByTestId('journal-check-button').click();
    await waitForText(page, 'journal-check', /^The electronic journal is intact: 2 entries, every one from entry 1 as it was written\.$/);
    // Closed: the Z's seal is said, to compare with its paper.
    await rig.core.closeShift({ approval: { managerPin: MANAGER_PIN }, override: { reason: 'journal check' } });
    const [z] = (await rig.core.checkJournal()).seals;
    await page.getByTestId('journal-check-button').click();
    await waitForText(
      page,
      'journal-check',
      new RegExp(`The last Z reading \\(Z counter ${z?.zCounter}\\) printed the seal ${z?.seal} for entry 2: compare it with its paper\\.$`),
    );
  });

  it('found by a walk: the journal of another day than today is exported too, its times on the business’s clock', async () => {
    const exported = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
      const path = await download.path();
      return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
    };
    expect(await page.getByTestId('journal-export-picked').isDisabled()).toBe(true);
    const today = businessDay(new Date(), DEFAULT_BUSINESS_TIMEZONE);
    const todays = await exported('journal-export');
    expect(todays.name).toMatch(new RegExp(`^journal-.+-${today}\\.txt$`));
    expect(todays.text).toMatch(/\n=== #1 sale \S+ · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00 ===\n/);
    expect(await page.getByTestId('journal-export-done').textContent()).toMatch(new RegExp(`^Saved ${todays.name}: \\d+ documents? of ${today}\\.$`));

    const [year, month, day] = today.split('-').map(Number) as [number, number, number];
    const dayBefore = new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
    await page.getByTestId('journal-export-day').fill(dayBefore);
    const before = await exported('journal-export-picked');
    expect(before.name).toMatch(new RegExp(`-${dayBefore}\\.txt$`));
    expect(before.text).toMatch(new RegExp(`^ELECTRONIC JOURNAL · Terminal .+ · ${dayBefore} · 0 documents\\n$`));
    // Said on screen, not only in a file nobody opens (found by a walk).
    expect(await page.getByTestId('journal-export-done').textContent()).toBe(
      `No documents on ${dayBefore} at this till: the file saved (${before.name}) says so.`,
    );
    // The picked day again as today: the same file as the button for today.
    await page.getByTestId('journal-export-day').fill(today);
    expect((await exported('journal-export-picked')).text).toBe(todays.text);
  });
});
