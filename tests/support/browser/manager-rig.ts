import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { addTerminalNow } from '../../../server/terminals/pairing';
import { openTerminalCore, type TerminalCore } from '../../../terminal/terminal-core';
import { buildWebHost, listenWebHost } from '../../../web/web-host';
import { startBackOffice, type TestBackOffice } from '../back-office';
import { startFaultProxy, type FaultProxy } from '../fault-proxy';
import { FAST_SYNC } from './cashier-rig';
import { UI_WAIT } from './cashier-page';
import { buildRendererForTest } from './renderer';
import { launchChromium } from './chromium';
import { SwitchableProxy } from './switchable-proxy';

export const MANAGER_PIN = '9999';

/**
 * The cashier rig's world with a manager in it: terminal -> switchable proxy (pull the
 * plug) -> fault proxy (refuse one key with a problem) -> a real back office. The roster
 * has a manager (Mario, 9999) and a cashier (Ana, 1111), and Ana is signed in.
 */
export interface ManagerRig {
  backOffice: TestBackOffice;
  plug: SwitchableProxy;
  faults: FaultProxy;
  core: TerminalCore;
  /** The terminal core's folder (terminal.db), to read its rows. */
  dataDir: string;
  host: FastifyInstance;
  browser: Browser;
  openManagerPage(): Promise<Page>;
  /** Rings up a sale through the core, as the till's Pay does. */
  sell(lines?: { sku: string; name: string; qty: number; unitPriceMinor: number; taxCode?: string }[]): ReturnType<TerminalCore['pay']>;
  close(): Promise<void>;
}

/** `prepare` sets the back office up (a business profile, a machine) before the till first pulls its catalog. */
export async function startManagerRig(
  rendererDir: string,
  prepare?: (backOffice: TestBackOffice, terminalId: string) => Promise<void>,
): Promise<ManagerRig> {
  const backOffice = await startBackOffice('sqlite');
  await backOffice.app.listen({ port: 0, host: '127.0.0.1' });
  const address = backOffice.app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('the back office is not listening');
  const faults = await startFaultProxy({ upstream: `http://127.0.0.1:${address.port}` });
  const plug = new SwitchableProxy(Number(new URL(faults.url).port));
  await plug.up();
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-manager-'));
  const core = await openTerminalCore({ dataDir, appVersion: 'e2e', sync: FAST_SYNC });
  const { pairingCode, terminalId } = await addTerminalNow(backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Counter 1' });
  await core.pair({ serverUrl: plug.url, pairingCode });
  await prepare?.(backOffice, terminalId);
  core.seedDemoPeople([
    { code: 'mario', name: 'Mario', role: 'manager', pin: MANAGER_PIN },
    { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
  ]);
  await core.signIn({ pin: '1111' });
  core.start();
  const host = await buildWebHost({ terminal: core, rendererDir });
  const url = await listenWebHost(host, 0);
  const browser = await launchChromium();
  return {
    backOffice,
    plug,
    faults,
    core,
    dataDir,
    host,
    browser,
    async openManagerPage() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.goto(`${url}/#/manager`);
      return page;
    },
    async sell(lines = [{ sku: 'SARDINES-555', name: '555 Sardines 155 g', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' }]) {
      const { cartKey } = await core.openCart();
      return core.pay({ cartKey, cashier: 'ana', lines, payments: [{ method: 'cash', amountMinor: 10_000 }] });
    },
    async close() {
      await browser.close();
      await host.close();
      await core.close();
      await plug.down();
      await faults.close();
      await backOffice.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The manager's desk as most scenarios start: a manager signed in at the till and the desk
 * open in Chromium, on its sync queue, or on the tab named (its \`manager-tab-…\` button).
 */
export async function openManagerDesk(tab?: 'shift' | 'refund' | 'stock' | 'till'): Promise<{ rig: ManagerRig; page: Page }> {
  const rig = await startManagerRig(await buildRendererForTest());
  await rig.core.signIn({ pin: MANAGER_PIN });
  const page = await rig.openManagerPage();
  await page.getByTestId('queue-screen').waitFor(UI_WAIT);
  if (tab !== undefined) await page.getByTestId(`manager-tab-${tab}`).click();
  return { rig, page };
}
