import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { addTerminalNow } from '../../../server/terminals/pairing';
import { openTerminalCore, type TerminalCore } from '../../../terminal/terminal-core';
import type { TerminalDb } from '../../../terminal/store/terminal-db';
import type { SyncTuning } from '../../../terminal/sync/tuning';
import { buildWebHost, listenWebHost } from '../../../web/web-host';
import type { HostedTerminal } from '../../../web/hosted-terminal';
import { mergeConfig, readConfigObject, type EffectiveConfig } from '../../../electron/desktop-config';
import { SaleInProgress } from '../../../electron/sale-in-progress';
import { terminalHandlers, withPresetServer } from '../../../electron/terminal-bridge';
import { demoPeople } from '../../../scripts/demo-people';
import { startBackOffice, type TestBackOffice } from '../back-office';
import { fastTuning } from '../terminal';
import { UI_WAIT } from './cashier-page';
import { launchChromium } from './chromium';
import { buildRendererForTest } from './renderer';
import { SwitchableProxy } from './switchable-proxy';

export const SHELF = [
  { sku: 'PANCIT-CANTON', name: 'Lucky Me! Pancit Canton 60 g', priceMinor: 1_500, barcode: '4800007001224', taxCode: 'VAT12', soldBy: 'piece' },
  { sku: 'SARDINES-555', name: '555 Sardines in Tomato Sauce 155 g', priceMinor: 2_450, barcode: '4800007001965', taxCode: 'VAT12', soldBy: 'piece' },
  { sku: 'COKE-1_5L', name: 'Coca-Cola 1.5 L', priceMinor: 8_500, barcode: '4800007009732', taxCode: 'VAT12', soldBy: 'piece' },
  /** Weighed: the price is per kilogram. */
  { sku: 'RICE-LOOSE', name: 'Loose Dinorado Rice (per kg)', priceMinor: 5_200, barcode: '2000000000015', taxCode: 'VAT_EXEMPT', soldBy: 'weight' },
];

/** Small waits so a test sees the back office come back within seconds, not minutes. */
/** The terminal tests' fast tuning, with the slower request timeout and backoff a browser round trip needs, and the catalog pulled at once. */
export const FAST_SYNC = {
  ...fastTuning,
  requestTimeoutMs: 2_000,
  backoffBaseMs: 50,
  backoffCapMs: 500,
  catalogIntervalMs: 500,
  stuckAfterAttempts: 10,
};

/**
 * Everything a cashier's browser touches, for real: a back office on its own SQLite file
 * listening on a real port, a switchable proxy in front of it, the terminal core on a
 * temp folder paired through that proxy, the web host, and headless Chromium on it.
 */
export interface CashierRig {
  backOffice: TestBackOffice;
  proxy: SwitchableProxy;
  core: TerminalCore;
  /** The terminal's data folder (terminal.db), to read what was stored. */
  dataDir: string;
  host: FastifyInstance;
  url: string;
  browser: Browser;
  /** Registers another terminal in the back office and returns its one-time pairing code. */
  newPairingCode(): Promise<string>;
  /**
   * `desktop` rigs only: the admin file (counter-admin.json's content) the desktop shell's
   * config and bridge read from now on, as an installer's preset; reload the page to see it.
   */
  setAdminConfig(preset: object): void;
  openCashierPage(): Promise<Page>;
  close(): Promise<void>;
}

/** `signedIn`: Ana (cashier, PIN 1111) is signed in before the page opens; Mario is the manager (PIN 9999). */
/** `onDatabaseOpen`: fault tests get the core's own database connection. `sync`: knobs over FAST_SYNC. */
export async function startCashierRig(
  rendererDir: string,
  options: { paired?: boolean; signedIn?: boolean; desktop?: boolean; onDatabaseOpen?: (db: TerminalDb) => void; sync?: Partial<SyncTuning> } = {},
): Promise<CashierRig> {
  const { paired = true, signedIn = true } = options;
  const backOffice = await startBackOffice('sqlite');
  await backOffice.app.listen({ port: 0, host: '127.0.0.1' });
  const address = backOffice.app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('the back office is not listening');
  for (const product of SHELF) {
    const answer = await backOffice.app.inject({
      method: 'PUT',
      url: `/v1/admin/products/${product.sku}`,
      headers: backOffice.adminHeaders(),
      payload: { businessCode: 'MAIN', ...product },
    });
    if (answer.statusCode !== 200) throw new Error(`seeding ${product.sku}: ${answer.statusCode} ${answer.body}`);
  }
  const proxy = new SwitchableProxy(address.port);
  await proxy.up();
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-terminal-'));
  const core = await openTerminalCore({
    dataDir,
    appVersion: 'e2e',
    sync: { ...FAST_SYNC, ...options.sync },
    ...(options.onDatabaseOpen ? { onDatabaseOpen: options.onDatabaseOpen } : {}),
  });
  const newPairingCode = async () =>
    (await addTerminalNow(backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Counter 1' })).pairingCode;
  // Paired as an installer does, before anyone is on the roster; an unpaired rig has its roster already, so its pairing screen asks for a manager's PIN.
  if (paired) await core.pair({ serverUrl: proxy.url, pairingCode: await newPairingCode() });
  core.seedDemoPeople(demoPeople);
  if (signedIn) await core.signIn({ pin: '1111' });
  core.start();
  const desktop = options.desktop === true ? asDesktop(core) : null;
  const host = await buildWebHost({ terminal: desktop?.terminal ?? core, rendererDir });
  const url = await listenWebHost(host, 0);
  const browser = await launchChromium();
  return {
    backOffice,
    proxy,
    core,
    dataDir,
    host,
    url,
    browser,
    newPairingCode,
    setAdminConfig(preset) {
      if (desktop === null) throw new Error('setAdminConfig needs a rig started with desktop: true');
      desktop.setAdminConfig(preset);
    },
    async openCashierPage() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      page.on('console', (message) => message.type() === 'error' && console.error(`page console: ${message.text()}`));
      await page.goto(url);
      return page;
    },
    async close() {
      await browser.close();
      await host.close();
      await core.close();
      await proxy.down();
      await backOffice.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The core as the Electron shell hands it to the screens: through the desktop config (an admin
 * file, no user file) and bridge (electron/terminal-bridge.ts), pushed statuses included.
 */
function asDesktop(core: TerminalCore): { terminal: HostedTerminal; setAdminConfig(preset: object): void } {
  const configOf = (preset: object): EffectiveConfig =>
    mergeConfig(readConfigObject(preset, 'counter-admin.json', true), readConfigObject({}, 'config.json', false));
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const bridgeOf = (config: EffectiveConfig) =>
    terminalHandlers(core, { config, sales: new SaleInProgress(), printReceipt: async () => undefined, logger: quiet });
  let config = configOf({});
  let bridge = bridgeOf(config);
  const terminal = new Proxy({} as HostedTerminal, {
    get: (_target, method: string) =>
      method === 'onStatusChange'
        ? (listener: (status: Awaited<ReturnType<TerminalCore['getStatus']>>) => void) =>
            core.onStatusChange((status) => listener(withPresetServer(status, config)))
        : (bridge as unknown as Record<string, unknown>)[method],
  });
  return {
    terminal,
    setAdminConfig(preset) {
      config = configOf(preset);
      bridge = bridgeOf(config);
    },
  };
}

/** Rows of the terminal's own SQLite (read-only), as the X and Z readings read them. */
export function tillRows<T>(rig: CashierRig, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(rig.dataDir, 'terminal.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/**
 * A describe block's till: a rig with Ana signed in (`prepare` may set the rig up before the
 * page opens) and its cashier page, open on the signed-in counter. Close both with closeTill.
 */
export async function openSignedInTill(prepare?: (rig: CashierRig) => Promise<void>): Promise<{ rig: CashierRig; page: Page }> {
  const rig = await startCashierRig(await buildRendererForTest());
  try {
    await prepare?.(rig);
    const page = await rig.openCashierPage();
    await page.getByTestId('signed-in-cashier').waitFor(UI_WAIT);
    return { rig, page };
  } catch (error) {
    // The caller never gets the rig: close it here, or its back office and browser outlive the test.
    await rig.close();
    throw error;
  }
}

/** Closes what openSignedInTill opened (either may be missing when it failed half way). */
export async function closeTill(rig: CashierRig | undefined, page: Page | undefined): Promise<void> {
  await page?.close();
  await rig?.close();
}
