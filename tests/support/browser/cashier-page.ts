import type { Page } from 'playwright-core';

/** Every wait is bounded; none is a sleep. */
export const UI_WAIT = { timeout: 20_000 };
export const SYNC_WAIT = { timeout: 60_000 };

/** Waits until no entry taken by Enter is still being looked up (the field clears at Enter, and is busy until then). */
export async function lookedUp(page: Page): Promise<void> {
  await page.locator('[data-testid="product-search"]:not([aria-busy="true"])').waitFor(UI_WAIT);
}

/** Types (or scans) into the search field and presses Enter, as a cashier does; waits until it is looked up and on the cart. */
export async function scan(page: Page, text: string, sku: string): Promise<void> {
  const search = page.getByTestId('product-search');
  await search.fill(text);
  await search.press('Enter');
  await lookedUp(page);
  await page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`).waitFor(UI_WAIT);
}

/** Types into the search field key by key and presses Enter, as a keyboard-wedge scanner or a cashier's `3*` does; waits until it is looked up. */
export async function typeAtCounter(page: Page, text: string): Promise<void> {
  await page.getByTestId('product-search').focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await lookedUp(page);
}

/** typeAtCounter, then waits for the product's line in the cart. */
export async function scanByKeys(page: Page, text: string, sku: string): Promise<void> {
  await typeAtCounter(page, text);
  await page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`).waitFor(UI_WAIT);
}

/** Types the answer into a cashier dialog (testId: the dialog's, e.g. 'discount') once it shows, and presses Enter. */
export async function answerPrompt(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(`${testId}-input`).waitFor(UI_WAIT);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Types a PIN into the manager's approval dialog once it shows, and presses Enter. */
export const enterManagerPin = (page: Page, pin = '9999') => answerPrompt(page, 'approval', pin);

/** F6, as a cashier holds the cart: waits until the counter is empty again. */
export async function holdCart(page: Page): Promise<void> {
  await page.keyboard.press('F6');
  await page
    .getByTestId('cart-line')
    .first()
    .waitFor({ state: 'detached', ...UI_WAIT });
}

/** Pays cash with the amount typed, and waits for the receipt; returns its receipt number. */
export async function payCash(page: Page, tendered: string): Promise<string> {
  await page.getByTestId('cash-tendered').fill(tendered);
  await page.getByTestId('pay-button').click();
  const number = page.getByTestId('receipt-local-number');
  await number.waitFor(UI_WAIT);
  return (await number.textContent()) ?? '';
}

/** F2, Enter: what is still due is paid in cash, as a cashier does; waits for the receipt and returns its number. */
export async function payTheRest(page: Page): Promise<string> {
  await page.keyboard.press('F2');
  await page.keyboard.press('Enter');
  return (await page.getByTestId('receipt-local-number').textContent(UI_WAIT)) ?? '';
}

/** Waits until an element's text satisfies a test (bounded). */
export async function waitForText(page: Page, testId: string, wanted: RegExp, options = UI_WAIT): Promise<string> {
  try {
    await page.waitForFunction(
      ([id, source, flags]) => new RegExp(source, flags).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
      [testId, wanted.source, wanted.flags] as const,
      options,
    );
  } catch (error) {
    // Said with what the element held instead, so a failure in CI tells what the screen showed.
    const shown = await page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId).catch(() => null);
    throw new Error(`${testId} never matched ${String(wanted)}; it read ${JSON.stringify(shown)}`, { cause: error });
  }
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}

/**
 * Types a tender's reference as a cashier does: once the till has asked for it (the focus is
 * in the reference field), never into the amount field while Enter is still being checked.
 */
export async function typeReference(page: Page, reference: string): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'tender-reference', undefined, UI_WAIT);
  await page.keyboard.type(reference);
  await page.keyboard.press('Enter');
}

/** The cart on the counter as the screen keeps it in IndexedDB (null: none). */
export const storedCart = (page: Page) =>
  page.evaluate(async () => {
    const request = indexedDB.open('counter-cashier');
    const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const get = db.transaction('carts').objectStore('carts').get('current');
    const cart = await new Promise<unknown>((resolve) => (get.onsuccess = () => resolve(get.result)));
    db.close();
    return (cart ?? null) as {
      cartKey: string;
      lines?: { sku: string; qty: number }[];
      tenders?: unknown[];
      discount?: unknown;
      beneficiary?: unknown;
      ringUpBy?: { code: string; name: string };
    } | null;
  });
