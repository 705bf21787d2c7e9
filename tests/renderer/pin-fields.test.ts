import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addTerminalNow } from '../../server/terminals/pairing';
import { openTerminalCore } from '../../terminal/terminal-core';
import { buildWebHost, listenWebHost } from '../../web/web-host';
import { startBackOffice } from '../support/back-office';
import { UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { startCashierRig } from '../support/browser/cashier-rig';
import { launchChromium } from '../support/browser/chromium';
import { buildRendererForTest } from '../support/browser/renderer';

const closers: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

function storedPerson(dataDir: string, code: string): { name: string; role: string } | undefined {
  const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
  try {
    return db.prepare('SELECT name, role FROM cashiers WHERE code = ?').get(code) as { name: string; role: string } | undefined;
  } finally {
    db.close();
  }
}

/** Types into a field key by key, as a person does (fill() would set the value at once). */
async function typeInto(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).fill('');
  await page.getByTestId(testId).focus();
  await page.keyboard.type(text);
}

describe('PIN fields at the till, in Chromium: the People form and the first manager’s form', () => {
  it('the People form has labels, says a PIN is 4 to 8 digits in words (letters typed, too short), adds someone; no empty box under it', async () => {
    const renderer = await buildRendererForTest();
    const rig = await startCashierRig(renderer, { signedIn: false });
    closers.push(() => rig.close());
    await rig.core.signIn({ pin: '9999' });
    const page = await rig.openCashierPage();
    await page.getByTestId('open-roster').click();
    await page.getByTestId('roster').waitFor(UI_WAIT);

    // Visible labels, not placeholders only.
    for (const [label, testId] of [
      ['Code (one word, e.g. ben)', 'roster-code'],
      ['Name', 'roster-name'],
      ['Role', 'roster-role'],
      ['PIN (4 to 8 digits)', 'roster-pin'],
    ] as const) {
      expect(await page.getByLabel(label).first().getAttribute('data-testid', { timeout: 2_000 })).toBe(testId);
    }
    await typeInto(page, 'roster-code', 'ben');
    await typeInto(page, 'roster-name', 'Ben Cruz');
    await typeInto(page, 'roster-pin', '12ab');
    expect(await page.getByTestId('roster-pin').inputValue()).toBe('12');
    expect(await waitForText(page, 'roster-message', /^A PIN is 4 to 8 digits\.$/)).toBeTruthy();
    await page.getByTestId('roster-add').click();
    expect(await waitForText(page, 'roster-message', /^A PIN is 4 to 8 digits\.$/)).toBeTruthy();
    expect(await page.getByTestId('roster-message').textContent()).not.toMatch(/validation_failed|pattern|\/pin/);
    expect(storedPerson(rig.dataDir, 'ben')).toBeUndefined();

    // Nine digits: kept and refused, never cut to a PIN the manager did not type (found by a probe).
    await typeInto(page, 'roster-pin', '123456789');
    expect(await page.getByTestId('roster-pin').inputValue()).toBe('123456789');
    await page.getByTestId('roster-add').click();
    expect(await waitForText(page, 'roster-message', /^A PIN is 4 to 8 digits\.$/)).toBeTruthy();
    expect(storedPerson(rig.dataDir, 'ben')).toBeUndefined();

    await typeInto(page, 'roster-pin', '4321');
    await page.getByTestId('roster-add').click();
    await waitForText(page, 'roster-message', /^Ben Cruz can now sign in\.$/);
    expect(storedPerson(rig.dataDir, 'ben')).toEqual({ name: 'Ben Cruz', role: 'cashier' });

    // The way back is a button that reads as one (its words were white on white: an empty box).
    const back = page.getByRole('button', { name: 'Back to the counter (Esc)' });
    const colours = await back.evaluate((button) => {
      const style = getComputedStyle(button);
      return { text: style.color, ground: style.backgroundColor };
    });
    expect(colours.text).not.toBe(colours.ground);
    expect(colours.ground).not.toBe('rgb(255, 255, 255)');
  });

  it('the first manager’s form takes digits only and says so when a letter is typed, as the People form does', async () => {
    const backOffice = await startBackOffice('sqlite');
    closers.push(() => backOffice.close());
    await backOffice.app.listen({ port: 0, host: '127.0.0.1' });
    const address = backOffice.app.server.address();
    if (address === null || typeof address !== 'object') throw new Error('the back office is not listening');
    const dataDir = mkdtempSync(join(tmpdir(), 'counter-first-manager-'));
    closers.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const core = await openTerminalCore({ dataDir, appVersion: 'e2e' });
    closers.push(() => core.close());
    const { pairingCode } = await addTerminalNow(backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Counter 1' });
    await core.pair({ serverUrl: `http://127.0.0.1:${address.port}`, pairingCode });
    const host = await buildWebHost({ terminal: core, rendererDir: await buildRendererForTest() });
    closers.push(() => host.close());
    const url = await listenWebHost(host, 0);
    const browser = await launchChromium();
    closers.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(url);

    await page.getByTestId('first-manager-name').waitFor(UI_WAIT);
    await typeInto(page, 'first-manager-name', 'Rosa Dizon');
    await typeInto(page, 'sign-in-pin', '24x6');
    expect(await page.getByTestId('sign-in-pin').inputValue()).toBe('246');
    expect(await waitForText(page, 'sign-in-error', /^A PIN is 4 to 8 digits\.$/)).toBeTruthy();
    await page.keyboard.type('8');
    expect(await page.getByTestId('sign-in-pin').inputValue()).toBe('2468');
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    expect(storedPerson(dataDir, 'rosa-dizon')).toEqual({ name: 'Rosa Dizon', role: 'manager' });
  });
});
