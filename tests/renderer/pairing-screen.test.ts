import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { payCash, scan, SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'e2e');

describe('a terminal that was never paired', () => {
  let rig: CashierRig;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest(), { paired: false });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('asks for the back office and a pairing code, refuses a wrong code by name, then sells', async () => {
    const page = await rig.openCashierPage();
    await page.getByTestId('pairing-form').waitFor(UI_WAIT);
    expect(await page.getByTestId('status-connection').textContent()).toBe('Offline: terminal not paired');

    await page.getByTestId('pairing-server-url').fill(rig.proxy.url);
    // People are on this till's roster and Ana (a cashier) is signed in: pairing needs a manager's PIN.
    await page.getByTestId('pairing-code').fill(await rig.newPairingCode());
    await page.getByTestId('pairing-submit').click();
    // In words only: never an internal code such as "(manager_required)".
    expect(await waitForText(page, 'pairing-error', /a manager must sign in at this till to pair this till\.$/)).toBeTruthy();
    expect((await rig.core.getStatus()).paired).toBe(false);

    await page.getByTestId('pairing-manager-pin').fill('9999');
    await page.getByTestId('pairing-code').fill('NOT-A-CODE');
    await page.getByTestId('pairing-submit').click();
    // What to ask for (finding 8 of the installer probe): a new code for the same terminal, or a terminal for a new till.
    expect(
      await waitForText(
        page,
        'pairing-error',
        /^This pairing code is unknown: check it is typed as printed.*counter-server terminal pairing-code --terminal Txx.*; for a new till, counter-server terminal add\.$/,
      ),
    ).toBeTruthy();
    expect(await page.getByTestId('pairing-help').textContent()).toMatch(
      /new till: counter-server terminal add .*already has its terminal.*: counter-server terminal pairing-code --terminal T/,
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'pairing-wrong-code.png') });

    // An address typed without its scheme: https:// is assumed off this computer, http:// on it, and the screen says which.
    await page.getByTestId('pairing-server-url').fill('192.168.1.10:8787');
    expect(await waitForText(page, 'pairing-address-assumed', /https:\/\/192\.168\.1\.10:8787 is used/)).toBeTruthy();
    const typed = rig.proxy.url.replace(/^http:\/\//, '');
    await page.getByTestId('pairing-server-url').fill(typed);
    expect(await waitForText(page, 'pairing-address-assumed', /^No http:\/\/ or https:\/\/ typed: http:\/\/127\.0\.0\.1:\d+ is used/)).toBeTruthy();
    await page.getByTestId('pairing-code').fill(await rig.newPairingCode());
    await page.getByTestId('pairing-submit').click();
    await page.locator('[data-testid="product-result"][data-sku="COKE-1_5L"]').waitFor(SYNC_WAIT);
    expect((await rig.core.getStatus()).serverUrl).toBe(rig.proxy.url.replace(/\/+$/, ''));
    expect(await waitForText(page, 'status-terminal', /^Terminal T\d+ · Store MAIN$/)).toBeTruthy();

    await scan(page, '4800007009732', 'COKE-1_5L');
    expect(await payCash(page, '')).toMatch(/^T\d+-\d+$/);
    expect(await page.getByTestId('receipt-change').textContent()).toBe('₱0.00');
    expect(await waitForText(page, 'receipt-invoice-number', /^INV-\d{6}-0001$/, SYNC_WAIT)).toBeTruthy();
  });
});

describe("a till an installer preset (the desktop shell's admin file, finding 4 of the installer probe)", () => {
  let rig: CashierRig;

  beforeAll(async () => {
    rig = await startCashierRig(await buildRendererForTest(), { paired: false, desktop: true });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('shows the preset address, read-only when locked, says why a spoilt lock cannot pair, and pairs with the code alone', async () => {
    const backOffice = rig.proxy.url.replace(/\/+$/, '');
    // Not locked: the preset is filled in, and may be changed.
    rig.setAdminConfig({ serverUrl: backOffice });
    const page = await rig.openCashierPage();
    await page.getByTestId('pairing-form').waitFor(UI_WAIT);
    expect(await page.getByTestId('pairing-server-url').inputValue()).toBe(backOffice);
    expect(await page.getByTestId('pairing-server-url').isEditable()).toBe(true);

    // Locked to no address: nothing can be paired, and the screen says what to fix before a code is typed.
    rig.setAdminConfig({ serverUrl: 'backoffice.example.com', locked: ['serverUrl'] });
    await page.reload();
    expect(
      await waitForText(
        page,
        'pairing-locked-problem',
        /the locked server address "backoffice\.example\.com" is not a valid address.*counter-admin\.json/,
      ),
    ).toBeTruthy();
    expect(await page.getByTestId('pairing-submit').isDisabled()).toBe(true);

    // Locked to this back office: shown, not editable, and the code (with a manager's PIN: the till has a roster) is all it takes.
    rig.setAdminConfig({ serverUrl: backOffice, locked: ['serverUrl'] });
    await page.reload();
    await page.getByTestId('pairing-form').waitFor(UI_WAIT);
    expect(await page.getByTestId('pairing-server-url').inputValue()).toBe(backOffice);
    expect(await page.getByTestId('pairing-server-url').isEditable()).toBe(false);
    expect(await waitForText(page, 'pairing-address-locked', /set by the administrator/)).toBeTruthy();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'pairing-preset-locked.png') });
    await page.getByTestId('pairing-manager-pin').fill('9999');
    await page.getByTestId('pairing-code').fill(await rig.newPairingCode());
    await page.getByTestId('pairing-submit').click();
    await page.locator('[data-testid="product-result"][data-sku="COKE-1_5L"]').waitFor(SYNC_WAIT);
    expect((await rig.core.getStatus()).serverUrl).toBe(backOffice);
  });
});
