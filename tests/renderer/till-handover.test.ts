import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPrompt, scan, storedCart, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { closeTill, openSignedInTill, type CashierRig } from '../support/browser/cashier-rig';

const COKE = '4800007009732';
const PANCIT = '4800007001224';

/** Found by a black-box probe of the manager's screens: who rings up which cart, and dialogs a stray click left deaf. */
describe('handing the till over, and dialogs after a stray click, in Chromium', () => {
  let rig: CashierRig;
  let page: Page;

  beforeAll(async () => {
    ({ rig, page } = await openSignedInTill());
  });
  afterAll(() => closeTill(rig, page));

  const signedIn = async () => (await rig.core.currentCashier())?.code;

  it('a click on the dark area around a dialog leaves Escape working: the dialog closes, nothing changed', async () => {
    await scan(page, COKE, 'COKE-1_5L');
    await page.keyboard.press('F4');
    await page.getByTestId('discount-input').waitFor(UI_WAIT);
    // The top-left corner of the page: the dialog's backdrop, not its box.
    await page.mouse.click(4, 4);
    await page.keyboard.press('Escape');
    await page.getByTestId('discount').waitFor({ state: 'detached', ...UI_WAIT });
    expect((await storedCart(page))?.discount ?? null).toBeNull();

    // Even when the dialog element itself has the focus, the key reaches the dialog's field.
    await page.keyboard.press('F4');
    await page.getByTestId('discount-input').waitFor(UI_WAIT);
    await page.evaluate(() => {
      const dialog = document.querySelector('dialog');
      dialog?.setAttribute('tabindex', '-1');
      dialog?.focus();
    });
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('DIALOG');
    await page.keyboard.press('Escape');
    await page.getByTestId('discount').waitFor({ state: 'detached', ...UI_WAIT });
  });

  it('F1 says what is wrong with an ID number too long for the invoice, in words, and keeps asking', async () => {
    await page.getByTestId('product-search').focus();
    await page.keyboard.press('F1');
    await answerPrompt(page, 'beneficiary-kind', 'S');
    await answerPrompt(page, 'beneficiary-id', 'OSCA-'.padEnd(83, '7'));
    await waitForText(page, 'beneficiary-id-error', /^An ID number has at most 64 characters: check what was typed or scanned\.$/);
    await page.keyboard.press('Escape');
    await page.getByTestId('beneficiary-id').waitFor({ state: 'detached', ...UI_WAIT });
    expect((await storedCart(page))?.beneficiary ?? null).toBeNull();
  });

  it('a manager signing in at the manager desk does not take over a cart with a payment on it', async () => {
    await page.getByTestId('product-search').focus();
    await page.keyboard.press('F2');
    await page.keyboard.press('k');
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await page.getByTestId('tender-reference').waitFor(UI_WAIT);
    await page.getByTestId('tender-reference').focus();
    await page.keyboard.type('SLIP-ANA-1');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="tender-line"][data-method="card"]').waitFor(UI_WAIT);

    await page.getByTestId('to-manager').click();
    // Said before the PIN (found by a walk: only after it), with no word of holding the cart.
    await waitForText(
      page,
      'manager-gate-paid-into',
      /^Ana Santos's cart has a payment taken: Ana Santos finishes that sale, or gives the payment back, at the till first\.$/,
    );
    expect(await page.getByTestId('manager-gate-hold').count()).toBe(0);
    await page.getByTestId('manager-gate-pin').fill('9999');
    await page.getByTestId('manager-gate-sign-in').click();
    await waitForText(page, 'manager-gate-error', /cart has a payment taken: .* finishes that sale, or gives the payment back, at the till first\.$/);
    expect(await signedIn()).toBe('ana');
    expect((await storedCart(page))?.tenders).toEqual([{ method: 'card', amountMinor: 1_000, reference: 'SLIP-ANA-1' }]);

    // Back at the till, Ana gives the card payment back; her cart stays hers.
    await page.getByTestId('to-cashier').click();
    await page.getByRole('button', { name: /^Remove the .* tender of / }).click();
    await page.getByTestId('tender-line').waitFor({ state: 'detached', ...UI_WAIT });
  });

  it('a manager signing in at the manager desk holds the cart on the counter under its cashier’s name; F7 brings it back', async () => {
    await page.getByTestId('product-search').focus();
    await scan(page, PANCIT, 'PANCIT-CANTON');
    const cartKey = (await storedCart(page))?.cartKey;
    await page.getByTestId('to-manager').click();
    // Found by a walk: the cart vanished with no word. The desk says it before the PIN, the counter after.
    await waitForText(
      page,
      'manager-gate-hold',
      /^Signing in here holds Ana Santos's cart \(\d+ items?\) under their name: F7 at the till brings it back\.$/,
    );
    await page.getByTestId('manager-gate-pin').fill('9999');
    await page.getByTestId('manager-gate-sign-in').click();
    await page.getByTestId('manager-gate').waitFor({ state: 'detached', ...UI_WAIT });
    expect(await signedIn()).toBe('mario');

    await page.getByTestId('to-cashier').click();
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    await waitForText(page, 'counter-notice', /^Ana Santos's cart \(\d+ items?\) is held: F7 brings it back\.$/);
    expect(await page.getByTestId('counter-notice').evaluate((n) => n.classList.contains('visually-hidden'))).toBe(false);
    // And it stays in sight after the notice is gone, for whoever comes to the till next.
    await waitForText(page, 'held-count', /^1 cart on hold/);
    expect(await storedCart(page)).toBeNull();
    await page.getByTestId('product-search').focus();
    await page.keyboard.press('F7');
    await waitForText(page, 'held-cart-name', /^Ana .*’s cart$|^Ana.*'s cart$/);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor(UI_WAIT);
    // The same cart (the same key: paid later, it is still that sale), with both its lines.
    expect((await storedCart(page))?.cartKey).toBe(cartKey);
    expect(await page.getByTestId('cart-line').count()).toBe(2);
    await page.getByTestId('held-count').waitFor({ state: 'detached', ...UI_WAIT });
  });

  it('found by a black-box probe: after a restart of the till, the next person to sign in finds the cart on the counter held under the name of who rang it up, never sold under their own', async () => {
    // Mario brought Ana's cart back; it is still the one Ana opened. A Coke more, then the till restarts.
    await page.getByTestId('product-search').focus();
    await scan(page, COKE, 'COKE-1_5L');
    const cartKey = (await storedCart(page))?.cartKey;
    expect((await storedCart(page))?.ringUpBy).toEqual({ code: 'ana', name: 'Ana Santos' });
    const restartAndSignIn = async (pin: string) => {
      await rig.core.signOut();
      await page.reload();
      await page.getByTestId('sign-in-pin').waitFor(UI_WAIT);
      await page.getByTestId('sign-in-pin').fill(pin);
      await page.keyboard.press('Enter');
      await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    };
    await restartAndSignIn('9999');
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    expect(await storedCart(page)).toBeNull();
    await waitForText(page, 'counter-notice', /^Ana Santos's cart \(\d+ items?\) is held: F7 brings it back\.$/);
    await page.keyboard.press('F7');
    const held = page.locator('[data-testid="held-cart"]', { hasText: "Ana Santos's cart" });
    await held.waitFor(UI_WAIT);
    expect(await held.getByTestId('held-cart-total').textContent()).toBe('₱185.00');
    await page.keyboard.press('Escape');
    await page.getByTestId('held-carts').waitFor({ state: 'detached', ...UI_WAIT });

    // The same person back after a restart finds their own cart where they left it.
    await page.getByTestId('product-search').focus();
    await scan(page, PANCIT, 'PANCIT-CANTON');
    const mariosKey = (await storedCart(page))?.cartKey;
    expect(mariosKey).not.toBe(cartKey);
    await restartAndSignIn('9999');
    await page.locator('[data-testid="cart-line"][data-sku="PANCIT-CANTON"]').waitFor(UI_WAIT);
    expect((await storedCart(page))?.cartKey).toBe(mariosKey);
  });
});
