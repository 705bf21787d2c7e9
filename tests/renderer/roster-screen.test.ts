import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';

function cashierRow(rig: CashierRig, code: string): { demo_pin: string | null; pin_changed_at: string; pin_hash: string } {
  const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
  try {
    return db.prepare('SELECT demo_pin, pin_changed_at, pin_hash FROM cashiers WHERE code = ?').get(code) as ReturnType<typeof cashierRow>;
  } finally {
    db.close();
  }
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('the People screen: a manager resets a PIN from the keyboard', () => {
  let rig: CashierRig;
  let page: Page;
  const browserDialogs: string[] = [];

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest(), { signedIn: false });
    await rig.core.signIn({ pin: '9999' });
    page = await rig.openCashierPage();
    page.on('dialog', (dialog) => {
      browserDialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await page?.close();
    await rig?.close();
  });

  it('Enter on Reset PIN opens the PIN dialog; a PIN in use keeps it open with the reason; Esc cancels; a new PIN is stored', async () => {
    await page.getByTestId('open-roster').focus();
    await page.keyboard.press('Enter');
    const resetAna = page.locator('[data-testid="roster-person"][data-code="ana"] [data-testid="roster-reset-pin"]');
    await resetAna.waitFor(UI_WAIT);
    const before = cashierRow(rig, 'ana');

    await resetAna.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('reset-pin-input').waitFor(UI_WAIT);
    await page.keyboard.type('9999');
    await page.keyboard.press('Enter');
    await waitForText(page, 'reset-pin-error', /^Someone else already signs in with this PIN: choose another\.$/);
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await waitForText(page, 'reset-pin-error', /4 to 8 digits/);
    await page.keyboard.press('Escape');
    await page.getByTestId('reset-pin').waitFor({ state: 'detached', ...UI_WAIT });
    expect(await page.getByTestId('roster').count()).toBe(1);
    expect(await focusedTestId(page)).toBe('roster-reset-pin');
    expect(cashierRow(rig, 'ana')).toEqual(before);

    await page.keyboard.press('Enter');
    await page.getByTestId('reset-pin-input').waitFor(UI_WAIT);
    await page.keyboard.type('4321');
    await page.keyboard.press('Enter');
    await waitForText(page, 'roster-message', /Ana Santos's PIN was reset/);
    expect(await page.getByTestId('reset-pin').count()).toBe(0);
    expect(await focusedTestId(page)).toBe('roster-reset-pin');

    const after = cashierRow(rig, 'ana');
    expect(after.pin_hash).not.toBe(before.pin_hash);
    expect(after.demo_pin).toBeNull();
    expect(browserDialogs).toEqual([]);
    expect(await rig.core.signIn({ pin: '4321' })).toMatchObject({ code: 'ana' });
  });
});
