import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { launchElectron } from './launch-electron';
import { openTerminalCore, type TerminalCore } from '../terminal/terminal-core';
import { buildWebHost, listenWebHost } from '../web/web-host';
import { SERVER_VERSION } from '../server/version';
import { chooseCashierHost } from './cashier-host';
import { demoPeople } from './demo-people';
import { AdminApi, registerDemoTerminal, seedDemoCatalog, setDemoInvoiceProfile, setDemoMachine, stockDemoShop } from './demo-shop';
import { loadDemoState, saveDemoState } from './demo-state';
import { runningBackOffice, startLocalBackOffice, type LocalBackOffice } from './local-back-office';
import { DEMO_DATA, DEMO_STATE_FILE } from './demo-paths';
import { isDemoBackOffice } from './demo-back-office-mark';
import { buildRenderer, RENDERER_DIST, rendererBuilt } from '../build/renderer-build';

/**
 * `npm start`: the whole shop on one machine. The back office on SQLite (data/server.db)
 * with a demo catalog and stock, one terminal paired with it (data/terminal/), and the
 * cashier screens. Every step is skipped when an earlier run already did it.
 */
const DATA = DEMO_DATA;
const STATE_FILE = DEMO_STATE_FILE;
const TERMINAL_DATA = join(DATA, 'terminal');
// The checkout's version however it was started (npx tsx has no npm_package_version: the fleet showed 0.0.0).
const APP_VERSION = SERVER_VERSION;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function setUpShop(backOffice: LocalBackOffice, adminToken: string): Promise<void> {
  const state = loadDemoState(STATE_FILE);
  const admin = new AdminApi(backOffice.url, adminToken);
  if (!state.catalogSeeded) {
    say(`Demo catalog: ${await seedDemoCatalog(admin)} products added.`);
    state.catalogSeeded = true;
    saveDemoState(STATE_FILE, state);
  }
  if (state.invoiceProfileSet !== true) {
    await setDemoInvoiceProfile(admin);
    say('Demo sales invoice profile: set (registered name, address, TIN, POS supplier).');
    state.invoiceProfileSet = true;
    saveDemoState(STATE_FILE, state);
  }
  if (state.openingStock === null) {
    try {
      state.openingStock = await stockDemoShop(admin);
      say(`Demo stock: received on ${state.openingStock ?? 'a purchase receipt'}.`);
      saveDemoState(STATE_FILE, state);
    } catch (error) {
      say(`Demo stock skipped (${error instanceof Error ? error.message : String(error)}); sales still work, stock goes negative and is flagged.`);
    }
  }
}

async function pairIfNeeded(core: TerminalCore, backOffice: LocalBackOffice, adminToken: string): Promise<void> {
  const status = await core.getStatus();
  if (status.paired) return;
  // A demo till unpaired from its manager desk has its people already: pairing it is a manager's act,
  // so the demo manager signs in with their demo PIN (shown on the sign-in screen anyway).
  const manager = demoPeople.find((person) => person.role === 'manager');
  if (!(await core.signInHelp()).firstRun && manager) await core.signIn({ pin: manager.pin }).catch(() => undefined);
  const admin = new AdminApi(backOffice.url, adminToken);
  const { terminalId, pairingCode } = await registerDemoTerminal(admin, 'Counter 1 (demo)');
  // Its MIN, serial number and PTU before it first pulls its profile: its invoices lack nothing.
  await setDemoMachine(admin, terminalId);
  const paired = await core.pair({ serverUrl: backOffice.url, pairingCode });
  await core.signOut();
  say(`Terminal ${paired.terminalCode ?? ''} paired with the back office at ${backOffice.url}.`);
}

function stopElectron(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

async function main(): Promise<void> {
  const state = loadDemoState(STATE_FILE);
  saveDemoState(STATE_FILE, state);
  const adminToken = process.env.POS_ADMIN_TOKEN || state.adminToken;
  // One already running (npm run demo:back-office in another terminal) is used as it is, so
  // that stopping it shows the till riding out an outage.
  const running = await runningBackOffice(Number(process.env.PORT || 8787));
  // Any other back office on that port is left alone: the demo would put its catalog, its invoice profile and a till into it.
  if (running && !isDemoBackOffice(running.url))
    throw new Error(
      `a back office already answers at ${running.url}, and it is not this demo's (npm run demo:back-office with the same data folder). ` +
        'npm start would add the demo catalog, invoice profile and till to it. Stop it, or set PORT=<a free port> for the demo.',
    );
  const backOffice = running ?? (await startLocalBackOffice({ databaseUrl: `sqlite:${join(DATA, 'server.db')}`, adminToken }));
  say(
    running
      ? `Back office: using the one already running at ${running.url}; stopping it is an outage the till rides out.`
      : `Back office: ${backOffice.url} (${backOffice.databaseUrl})`,
  );
  const closers: (() => Promise<void>)[] = [() => backOffice.close()];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const close of closers.reverse()) await close().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  try {
    await setUpShop(backOffice, adminToken);
    const core = await openTerminalCore({
      dataDir: TERMINAL_DATA,
      appVersion: APP_VERSION,
      logger: pino({ level: process.env.LOG_LEVEL || 'warn' }),
    });
    closers.push(() => core.close());
    await pairIfNeeded(core, backOffice, adminToken);
    core.seedDemoPeople(demoPeople);
    if (!rendererBuilt()) {
      say('Building the cashier screens (first run)...');
      await buildRenderer();
    }
    const choice = chooseCashierHost();
    if (choice.kind === 'electron') {
      // From here the Electron main process hosts the terminal core on the same folder.
      await core.close();
      const child = await launchElectron({ dataDir: TERMINAL_DATA });
      closers.push(() => stopElectron(child));
      child.once('exit', (code) => void stop(code ?? 0));
      say('Cashier app: opening the Electron window. Closing it, or Ctrl+C here, stops everything.');
      return;
    }
    core.start();
    const host = await buildWebHost({ terminal: core, rendererDir: RENDERER_DIST });
    closers.push(() => host.close());
    const url = await listenWebHost(host, Number(process.env.COUNTER_WEB_PORT || 5178));
    say(`\nNot opening the Electron window: ${choice.reason}.`);
    say(`Fell back to the web host. Open the cashier screen in a browser:\n\n    ${url}\n`);
    say('Ctrl+C stops the cashier app and the back office.');
  } catch (error) {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
