import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTerminalCore, type TerminalCore } from '../../terminal/terminal-core';
import type { TerminalDb } from '../../terminal/store/terminal-db';
import {
  codeOf,
  expectExactlyOnce,
  fastTuning,
  ringUpSale,
  startLink,
  tempDataDir,
  waitFor,
  waitUntilQueueEmpty,
  type Link,
} from '../support/terminal';

/**
 * The terminal's own database failing under the sync worker and the till: locked by
 * another connection, full, read-only. After each, the worker goes on by itself and
 * every sale reaches the back office exactly once; while it lasts the cashier gets a
 * clear code, and a failed payment leaves nothing behind.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Locks give up after 200 ms instead of 5 s, and a stalled worker tries again within 200 ms: the test stays short. */
const tuning = { ...fastTuning, databaseBusyTimeoutMs: 200, stalledRetryCapMs: 200 };

interface Till {
  core: TerminalCore;
  link: Link;
  /** The core's own connection: the fault is injected where the worker writes. */
  db: TerminalDb;
  path: string;
  /** A second, read-only connection: how a test reads what is stored. */
  count(table: string): number;
}

async function aPairedTill(): Promise<Till> {
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  const link = await startLink();
  cleanups.push(() => link.close());
  let db: TerminalDb | null = null;
  const core = await openTerminalCore({
    dataDir: data.dir,
    appVersion: '0.1.0-test',
    sync: tuning,
    onDatabaseOpen: (opened) => {
      db = opened;
    },
  });
  cleanups.push(() => core.close());
  if (db === null) throw new Error('the core did not hand over its connection');
  await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
  const path = join(data.dir, 'terminal.db');
  const reader = new Database(path, { readonly: true });
  cleanups.push(() => {
    reader.close();
  });
  return { core, link, db, path, count: (table) => reader.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number };
}

/** Everything a payment writes, counted: a refused payment must leave each figure as it was. */
function footprint(till: Till) {
  return {
    sales: till.count('sales'),
    lines: till.count('sale_lines'),
    payments: till.count('sale_payments'),
    outbox: till.count('outbox'),
    movements: till.count('stock_movements'),
  };
}

async function payCart(core: TerminalCore, cartKey: string) {
  return core.pay({
    cartKey,
    cashier: 'ana',
    lines: [{ sku: 'SKU-1', name: 'Item 1', qty: 2, unitPriceMinor: 1250 }],
    payments: [{ method: 'cash', amountMinor: 5000 }],
  });
}

async function replays(link: Link): Promise<number> {
  const row = await link.backOffice.store.db
    .selectFrom('replay_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Receipt numbers T01-000001.. with no gap: a refused payment took no number. */
async function expectGaplessReceipts(core: TerminalCore, count: number) {
  const numbers = (await core.listSales({ limit: 500 })).map((s) => Number(s.localNumber.split('-').at(-1))).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i + 1));
}

describe('the sync worker and the till when the terminal database fails', () => {
  it('locked by another connection while an answer is in flight: the answer cannot be recorded, the sale is sent again under its key and recorded once', async () => {
    const till = await aPairedTill();
    const { core, link } = till;
    // The back office's answer waits at the proxy until the lock is held: in flight for certain.
    const releaseAnswers = link.proxy.holdAnswers();
    core.start();
    const first = await ringUpSale(core);
    await waitFor(async () => (await core.queueItems({ state: 'sending' })).length === 1, 'the sale to be on the wire');
    await waitFor(
      async () => (await link.backOffice.store.db.selectFrom('sales').select('id').execute()).length === 1,
      'the back office to record it',
    );

    // Another program takes the write lock and keeps it across the answer.
    const holder = new Database(till.path);
    holder.pragma('busy_timeout = 5000');
    holder.exec('BEGIN IMMEDIATE');
    releaseAnswers();
    try {
      await waitFor(async () => (await core.getStatus()).syncStalled?.code === 'storage_busy', 'the worker to report the database locked', 15_000);
      const stalled = await core.getStatus();
      expect(stalled.syncStalled?.reason).toMatch(/held by another program/);
      // The back office recorded it; the terminal could not write that down: still "sending", no invoice number.
      expect(await link.backOffice.store.db.selectFrom('sales').select('idempotency_key').execute()).toEqual([{ idempotency_key: first.cartKey }]);
      expect((await core.getSale({ id: first.id }))?.invoiceNumber).toBeNull();

      // The cashier's payment: a clear code, nothing written, the cart (its key) kept.
      const before = footprint(till);
      expect(await codeOf(payCart(core, 'cart-during-lock'))).toBe('storage_busy');
      expect(footprint(till)).toEqual(before);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }

    // The lock is gone: the worker resumes by itself, and the same cart pays once.
    await payCart(core, 'cart-during-lock');
    await waitUntilQueueEmpty(core);
    await waitFor(async () => (await core.getStatus()).syncStalled === null, 'the stall to clear');
    await expectExactlyOnce(link, core, 2);
    await expectGaplessReceipts(core, 2);
    // It went twice under one key: the back office answered the second from what it had recorded.
    expect(await replays(link)).toBeGreaterThan(0);
    const entry = (await core.queueItems({})).find((item) => item.documentId === first.id);
    expect(entry).toMatchObject({ state: 'synced', sentWithoutAnswer: true });
    expect(entry?.attempts).toBeGreaterThanOrEqual(2);
  });

  it('full (max_page_count): sales that cannot be written are refused whole, the backlog waits, and everything goes once space is back', async () => {
    const till = await aPairedTill();
    const { core, link, db } = till;
    core.start();
    // Offline: a backlog piles up.
    link.proxy.setMode('drop_request');
    for (let i = 0; i < 30; i += 1) await ringUpSale(core, 3);
    await waitFor(() => (link.proxy.stats.queuedWriteFaults.get('drop_request') ?? 0) >= 1, 'the worker to try and fail');

    // The disk fills up: no free page is left and the file may not grow.
    db.exec('VACUUM');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    link.proxy.heal();

    await waitFor(async () => (await core.getStatus()).syncStalled?.code === 'storage_full', 'the worker to report the disk full', 15_000);
    expect((await core.getStatus()).syncStalled?.reason).toMatch(/disk is full/);

    // The till sells into what room is left in the file's pages; then payments are refused whole, each cart kept.
    let sold = 30;
    let refusedCart: string | null = null;
    for (let i = 0; i < 500 && refusedCart === null; i += 1) {
      const before = footprint(till);
      const code = await codeOf(payCart(core, `cart-${i}`));
      if (code === 'ok') sold += 1;
      else {
        expect(code).toBe('storage_full');
        expect(footprint(till)).toEqual(before);
        refusedCart = `cart-${i}`;
      }
    }
    if (refusedCart === null) throw new Error('the database never filled up');
    const before = footprint(till);
    expect(await codeOf(payCart(core, refusedCart))).toBe('storage_full');
    expect(await codeOf(ringUpSale(core, 5))).toBe('storage_full');
    expect(footprint(till)).toEqual(before);

    // Space is freed: the worker resumes by itself; the refused cart is paid again, as one sale.
    db.pragma(`max_page_count = ${pages * 100}`);
    await payCart(core, refusedCart);
    sold += 1;
    await waitUntilQueueEmpty(core);
    await waitFor(async () => (await core.getStatus()).syncStalled === null, 'the stall to clear');
    await expectExactlyOnce(link, core, sold);
    await expectGaplessReceipts(core, sold);
  });

  it("read-only (query_only on the worker's own connection) while an answer is in flight: stalled, then resumed, every sale once", async () => {
    const till = await aPairedTill();
    const { core, link, db } = till;
    core.start();
    await ringUpSale(core);
    await waitUntilQueueEmpty(core);
    const releaseAnswers = link.proxy.holdAnswers();
    const second = await ringUpSale(core);
    await waitFor(async () => (await core.queueItems({ state: 'sending' })).length === 1, 'the second sale to be on the wire');
    await waitFor(
      async () => (await link.backOffice.store.db.selectFrom('sales').select('id').execute()).length === 2,
      'the back office to record it',
    );
    db.pragma('query_only = ON');
    releaseAnswers();
    try {
      await waitFor(
        async () => (await core.getStatus()).syncStalled?.code === 'storage_read_only',
        'the worker to report the database read-only',
        15_000,
      );
      const before = footprint(till);
      expect(await codeOf(payCart(core, 'cart-read-only'))).toBe('storage_read_only');
      expect(footprint(till)).toEqual(before);
      expect((await core.getSale({ id: second.id }))?.invoiceNumber).toBeNull();
    } finally {
      db.pragma('query_only = OFF');
    }
    await payCart(core, 'cart-read-only');
    await waitUntilQueueEmpty(core);
    await waitFor(async () => (await core.getStatus()).syncStalled === null, 'the stall to clear');
    await expectExactlyOnce(link, core, 3);
    await expectGaplessReceipts(core, 3);
    expect(await replays(link)).toBeGreaterThan(0);
  });
});
