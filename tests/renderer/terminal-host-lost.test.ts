import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { buildWebHost, listenWebHost } from '../../web/web-host';
import { startCashierRig, type CashierRig } from '../support/browser/cashier-rig';
import { UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { buildRendererForTest } from '../support/browser/renderer';

/**
 * Found by a black-box probe: with the till's own app (the web host) killed, the status bar
 * went on saying "Online · 0 pending", and once it was back (a restart signs everyone out)
 * the screen still showed the cashier ringing up, with Pay refused and no way to sign in.
 */
describe('the till’s own app stops answering, then comes back started afresh', () => {
  let rig: CashierRig;
  let page: Page;
  let again: FastifyInstance | null = null;
  let rendererDir: string;

  beforeAll(async () => {
    rendererDir = await buildRendererForTest();
    rig = await startCashierRig(rendererDir);
    page = await rig.openCashierPage();
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
  });
  afterAll(async () => {
    await again?.close();
    await rig?.close();
  });

  it('the status bar stops saying Online within seconds; back, the screen asks the cashier to sign in as the app now expects', async () => {
    await waitForText(page, 'status-connection', /^Online$/);
    await rig.host.close();
    await waitForText(page, 'status-connection', /^Connecting to the terminal…$/);
    expect(await page.getByTestId('signed-in-cashier').count()).toBe(0);

    // As after a restart: nobody signed in. The same port, the same data.
    await rig.core.signOut();
    again = await buildWebHost({ terminal: rig.core, rendererDir });
    await listenWebHost(again, Number(new URL(rig.url).port));
    await page.getByTestId('sign-in-pin').waitFor(UI_WAIT);
    await waitForText(page, 'status-connection', /^Online$/);
  });
});
