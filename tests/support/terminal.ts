import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { addTerminalNow } from '../../server/terminals/pairing';
import { openTerminalCore, type TerminalCore } from '../../terminal/terminal-core';
import type { SyncTuning } from '../../terminal/sync/tuning';
import type { LocalSale } from '../../terminal/terminal-api';
import { invoiceSeriesValues, listenOnLoopback, range, startBackOffice, type TestBackOffice } from './back-office';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy';

/** Small timeouts and backoffs so fault tests finish quickly; no test asserts on time. */
export const fastTuning: Partial<SyncTuning> = {
  requestTimeoutMs: 1000,
  backoffBaseMs: 5,
  backoffCapMs: 100,
  heartbeatIntervalMs: 250,
  catalogIntervalMs: 60_000,
  stuckAfterAttempts: 1000,
};

export interface Link {
  backOffice: TestBackOffice;
  proxy: FaultProxy;
  /** The real server, without the proxy. */
  serverUrl: string;
  newPairingCode(): Promise<string>;
  close(): Promise<void>;
}

/** A back office on a real port, with a fault proxy in front of it. */
export async function startLink(proxyOptions: Omit<FaultProxyOptions, 'upstream'> = {}): Promise<Link> {
  const backOffice = await startBackOffice('sqlite');
  const serverUrl = (await listenOnLoopback(backOffice)).url;
  const proxy = await startFaultProxy({ upstream: serverUrl, ...proxyOptions });
  return {
    backOffice,
    proxy,
    serverUrl,
    newPairingCode: async () => (await addTerminalNow(backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till' })).pairingCode,
    async close() {
      await proxy.close();
      await backOffice.close();
    },
  };
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'counter-terminal-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openCore(dataDir: string, sync: Partial<SyncTuning> = fastTuning): Promise<TerminalCore> {
  return openTerminalCore({ dataDir, appVersion: '0.1.0-test', sync });
}

/** The code a core call was refused with, or 'ok' when it went through. */
export const codeOf = (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );

/** Opens a cart and pays it: a plausible sale of a few lines. */
export async function ringUpSale(core: TerminalCore, lines = 2): Promise<LocalSale> {
  const { cartKey } = await core.openCart();
  return core.pay({
    cartKey,
    cashier: 'ana',
    lines: range(lines).map((i) => ({ sku: `SKU-${i}`, name: `Item ${i}`, qty: i, unitPriceMinor: 1250 * i })),
    payments: [{ method: 'cash', amountMinor: 100_000 }],
  });
}

/** Polls until the condition holds; fails with `what` once the deadline passes. Never asserts on time itself. */
export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for: ${what}`);
}

export async function waitUntilQueueEmpty(core: TerminalCore, deadlineMs = 60_000): Promise<void> {
  await waitFor(async () => (await core.getStatus()).pending === 0, 'the outbox to empty', deadlineMs);
}

export interface ServerSaleRow {
  idempotency_key: string;
  local_number: string;
  invoice_number: string;
  series_value: number;
}

export async function serverSalesOf(backOffice: TestBackOffice, terminalCode: string): Promise<ServerSaleRow[]> {
  const rows = await backOffice.store.db
    .selectFrom('sales as s')
    .innerJoin('terminals as t', 't.id', 's.terminal_id')
    .select(['s.idempotency_key', 's.local_number', 's.invoice_number', 's.series_value'])
    .where('t.code', '=', terminalCode)
    .orderBy('s.series_value')
    .execute();
  return rows.map((r) => ({ ...r, series_value: Number(r.series_value) }));
}

/** Reads every local sale through the API, newest first, page by page. */
export async function allLocalSales(core: TerminalCore): Promise<LocalSale[]> {
  const out: LocalSale[] = [];
  for (;;) {
    const last = out.at(-1);
    const page = await core.listSales(last ? { limit: 500, before: last.localNumber } : { limit: 500 });
    out.push(...page);
    if (page.length < 500) return out;
  }
}

/**
 * The promise of the whole design, checked on both databases: each sale is on the server
 * exactly once, the invoice series is gapless, and every local sale knows its invoice number.
 */
export async function expectExactlyOnce(link: Link, core: TerminalCore, expected: number): Promise<void> {
  const status = await core.getStatus();
  const terminalCode = status.terminalCode ?? '';
  const serverRows = await serverSalesOf(link.backOffice, terminalCode);
  const local = await allLocalSales(core);
  expect(local).toHaveLength(expected);
  expect(serverRows).toHaveLength(expected);
  expect(await invoiceSeriesValues(link.backOffice.store)).toEqual(range(expected));
  expect(new Set(serverRows.map((r) => r.idempotency_key))).toEqual(new Set(local.map((s) => s.cartKey)));
  const invoiceByLocalNumber = new Map(serverRows.map((r) => [r.local_number, r.invoice_number]));
  for (const sale of local) {
    expect(sale.syncState).toBe('synced');
    expect(sale.invoiceNumber).toBe(invoiceByLocalNumber.get(sale.localNumber));
  }
  expect(await core.queueItems({ state: 'needs_attention' })).toEqual([]);
  expect(status.needsAttention).toBe(0);
}

export type Cleanups = (() => Promise<void> | void)[];

/**
 * A terminal paired with a back office of its own behind a fault proxy (`proxy`: its
 * options); the worker is not started. Everything it opens is added to `cleanups`.
 */
export async function aPairedTill(
  cleanups: Cleanups,
  options: { tuning?: Partial<SyncTuning>; proxy?: Omit<FaultProxyOptions, 'upstream'> } = {},
): Promise<{ core: TerminalCore; link: Link; dataDir: string }> {
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  const link = await startLink(options.proxy);
  cleanups.push(() => link.close());
  const core = await openCore(data.dir, options.tuning);
  cleanups.push(() => core.close());
  await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
  return { core, link, dataDir: data.dir };
}

/**
 * A paired terminal with a manager (Mario, 9999) and a cashier (Ana, 1111) on its roster
 * and Ana signed in; the worker is not started. Everything it opens is added to `cleanups`.
 */
export async function aSignedInTill(cleanups: Cleanups): Promise<{ core: TerminalCore; link: Link; dataDir: string; raw(): Database.Database }> {
  const { core, link, dataDir } = await aPairedTill(cleanups);
  core.seedDemoPeople([
    { code: 'mario', name: 'Mario', role: 'manager', pin: '9999' },
    { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
  ]);
  await core.signIn({ pin: '1111' });
  return { core, link, dataDir, raw: () => new Database(join(dataDir, 'terminal.db'), { readonly: true }) };
}
