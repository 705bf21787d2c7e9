import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { VOIDED_DOCUMENTS_PATH, type MonitoringReport, type VoidedDocument } from '../../protocol';
import { addTerminalNow } from '../../server/terminals/pairing';
import type { TerminalCore } from '../../terminal/terminal-core';
import type { QueueItem } from '../../terminal/terminal-api';
import { ADMIN_TOKEN, aSale, listenOnLoopback, startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { post } from '../support/stock-documents';
import { fastTuning, openCore, ringUpSale, serverSalesOf, tempDataDir, waitFor, type Cleanups } from '../support/terminal';

/**
 * A manager's walk: a sale queued while the back office was away is voided at the till
 * ("customer walked out": kept there, never sent). The till tells the back office that its
 * number was voided, by whom, when and why (POST /v1/terminals/voided-documents), once, through
 * an outage, a dropped answer and a duplicate delivery; the monitoring report and /fleet then
 * show that number as voided at the till, not missing, while a number truly missing still is.
 */

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MANAGER = { managerPin: '9999' };
const REFUSED = { status: 400, code: 'validation_failed', detail: 'Refused by the test proxy: this sale stays at the till.' };

/** A till (Mario Reyes, manager; Ana, cashier, signed in) paired through a fault proxy with a back office on `kind`. */
async function aTillAndBackOffice(kind: (typeof databaseKinds)[number]) {
  const office = await startBackOffice(kind);
  cleanups.push(() => office.close());
  const proxy = await startFaultProxy({ upstream: (await listenOnLoopback(office)).url });
  cleanups.push(() => proxy.close());
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  const core = await openCore(data.dir, fastTuning);
  cleanups.push(() => core.close());
  const { pairingCode } = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till' });
  await core.pair({ serverUrl: proxy.url, pairingCode });
  core.seedDemoPeople([
    { code: 'mario', name: 'Mario Reyes', role: 'manager', pin: '9999' },
    { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
  ]);
  await core.signIn({ pin: '1111' });
  const terminalCode = (await core.getStatus()).terminalCode ?? '';
  const outbox = () => {
    const db = new Database(join(data.dir, 'terminal.db'), { readonly: true });
    try {
      return db
        .prepare('SELECT document_number, kind, state, voided_by, voided_by_name, void_reported_at, void_report_code FROM outbox ORDER BY seq')
        .all() as {
        document_number: string;
        kind: string;
        state: string;
        voided_by_name: string | null;
        void_reported_at: string | null;
        void_report_code: string | null;
      }[];
    } finally {
      db.close();
    }
  };
  return { office, proxy, core, terminalCode, outbox };
}

/** The void, tried again while the worker has the entry on the wire (it retries a refused connection every few milliseconds). */
async function voidAtRest(core: TerminalCore, id: string, reason: string): Promise<QueueItem> {
  for (;;) {
    try {
      return await core.voidQueueEntry({ id, reason, approval: MANAGER });
    } catch (error) {
      if (!/being sent right now|changed state meanwhile/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

async function goOffline(core: TerminalCore, proxy: FaultProxy): Promise<void> {
  // Each request connects anew: a refused connection is a refused connect, never a request that may have arrived.
  proxy.keepAlive = false;
  core.start();
  await proxy.refuseConnections();
  await waitFor(async () => (await core.getStatus()).offlineCause === 'server_unreachable', 'the till to see the outage');
}

const voidedRows = (office: TestBackOffice) => office.store.db.selectFrom('voided_documents').selectAll().orderBy('local_number').execute();

async function report(office: TestBackOffice): Promise<MonitoringReport> {
  const response = await office.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: office.adminHeaders() });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function fleetPage(office: TestBackOffice): Promise<string> {
  const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
  const signedIn = await office.app.inject({ method: 'POST', url: '/fleet/login', headers: form, payload: `token=${ADMIN_TOKEN}` });
  const cookie = String(signedIn.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const page = await office.app.inject({ method: 'GET', url: '/fleet', headers: { cookie } });
  expect(page.statusCode).toBe(200);
  return page.body;
}

describe.each(databaseKinds)('a sale voided at the till before it was ever sent, on %s', (kind) => {
  it('reaches the back office once, through an outage, a dropped answer and a duplicate delivery; monitoring and /fleet show it voided, a lost number still missing', async () => {
    const { office, proxy, core, terminalCode, outbox } = await aTillAndBackOffice(kind);
    await goOffline(core, proxy);

    // Five sales while the back office is away; a refund of the fourth waits for its sale.
    const sales = [];
    for (let i = 0; i < 5; i++) sales.push(await ringUpSale(core));
    const number = (n: number) => `${terminalCode}-${String(n).padStart(6, '0')}`;
    expect(sales.map((s) => s.localNumber)).toEqual([1, 2, 3, 4, 5].map(number));
    const refund = await core.refund({
      refundKey: uuidv7(),
      saleId: sales[3]!.localNumber,
      lines: [{ sku: 'SKU-2', qty: 1 }],
      reason: 'dented can',
      approval: MANAGER,
    });

    // The fourth: the customer walked out. Voided by the manager at the till, with its refund.
    await core.signIn({ pin: '9999' });
    expect(await voidAtRest(core, sales[3]!.id, 'customer walked out')).toMatchObject({
      state: 'voided',
      voided: { by: 'mario', reason: 'customer walked out', reportedAt: null },
    });
    expect(outbox().filter((e) => e.state === 'voided')).toEqual([
      expect.objectContaining({ document_number: number(4), kind: 'sale', voided_by_name: 'Mario Reyes', void_reported_at: null }),
      expect.objectContaining({ document_number: refund.localNumber, kind: 'refund', voided_by_name: 'Mario Reyes', void_reported_at: null }),
    ]);
    // The second is truly lost to the back office: it refuses it, and it waits at the till for a manager.
    proxy.refuseKey(sales[1]!.cartKey, REFUSED);

    // The link comes back, but every answer is lost on the way: the back office records, the till hears nothing.
    proxy.setMode('drop_response');
    await proxy.acceptConnections();
    // (The till reports its voids one at a time, and stops at the first left without an answer.)
    await waitFor(async () => (await voidedRows(office)).length === 1, 'the first void to reach the back office');
    const delivered = proxy.stats.requests;
    await waitFor(() => proxy.stats.requests > delivered + 10, 'the till to send it again, its answers still lost');
    expect(outbox().filter((e) => e.state === 'voided' && e.void_reported_at !== null)).toEqual([]);
    expect((await voidedRows(office)).map((r) => r.local_number)).toEqual([number(4)]);

    // Then every request is delivered twice: the till's reports go again, the back office answers what it recorded.
    proxy.setMode('duplicate');
    await waitFor(() => outbox().every((e) => e.state !== 'voided' || e.void_reported_at !== null), 'the till to hear the voids were recorded');
    proxy.heal();
    await waitFor(async () => (await core.getStatus()).pending === 0, 'the queue to go out');

    // Recorded once each, with who, when and why; never as a sale or refund.
    const rows = await voidedRows(office);
    expect(rows.map((r) => [r.local_number, r.kind, r.voided_by, r.reason])).toEqual(
      [
        [number(4), 'sale', 'Mario Reyes', 'customer walked out'],
        [refund.localNumber, 'refund', 'Mario Reyes', `${number(4)} was voided: customer walked out`],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(rows.find((r) => r.kind === 'sale')).toMatchObject({
      idempotency_key: sales[3]!.cartKey,
      prefix: `${terminalCode}-`,
      value_minor: expect.anything(),
    });
    expect((await serverSalesOf(office, terminalCode)).map((s) => s.local_number)).toEqual([1, 3, 5].map(number));
    expect(await office.store.db.selectFrom('refunds').select('local_number').execute()).toEqual([]);
    const [voidedItem] = await core.queueItems({ state: 'voided' });
    expect(voidedItem?.voided?.reportedAt).toEqual(expect.any(String));
    expect((await core.queueItems({ state: 'needs_attention' })).map((e) => e.documentNumber)).toEqual([number(2)]);

    // Monitoring: 4 is voided at the till, 2 is missing.
    const r = await report(office);
    expect(r.terminalReceipts).toEqual([
      expect.objectContaining({
        terminalCode,
        prefix: `${terminalCode}-`,
        received: 3,
        last: 5,
        gaps: 1,
        missing: [2],
        voided: 1,
        voids: [expect.objectContaining({ number: 4, localNumber: number(4), terminalCode, voidedBy: 'Mario Reyes', reason: 'customer walked out' })],
      }),
    ]);
    expect(r.totals).toMatchObject({ terminalReceiptGaps: 1, terminalReceiptsVoided: 1 });
    expect(r.voidedReturnSlips).toEqual([expect.objectContaining({ localNumber: refund.localNumber, voidedBy: 'Mario Reyes' })]);

    // The fleet page: 4 in words, not red; 2 still missing.
    const html = await fleetPage(office);
    expect(html).toContain('Gaps in terminal receipts: <strong>1</strong>');
    expect(html).toContain('Voided at the till: <strong>1</strong>');
    expect(html).toContain('4 voided at the till by Mario Reyes: customer walked out');
    expect(html).toContain('<span class="label bad">missing</span>2</td>');
    expect(html).toContain(`${refund.localNumber} voided at the till by Mario Reyes: ${number(4)} was voided: customer walked out`);

    // The sale the back office refused arrives after all: no gap is left, the void still accounted for.
    proxy.acceptKey(sales[1]!.cartKey);
    await core.retryAll();
    await waitFor(async () => (await serverSalesOf(office, terminalCode)).length === 4, 'the second sale to arrive');
    const after = await report(office);
    expect(after.terminalReceipts[0]).toMatchObject({ received: 4, gaps: 0, missing: [], voided: 1 });
    expect(after.totals).toMatchObject({ terminalReceiptGaps: 0, terminalReceiptsVoided: 1 });
    expect(await fleetPage(office)).toContain('Gaps in terminal receipts: <strong>0</strong>');
  });

  it('a newer till on a back office from before (404 on the route) keeps selling and syncing; its voids wait and go once the back office takes them', async () => {
    const { office, proxy, core, terminalCode, outbox } = await aTillAndBackOffice(kind);
    proxy.refusePath(VOIDED_DOCUMENTS_PATH, { status: 404, code: 'not_found', detail: `Route POST:${VOIDED_DOCUMENTS_PATH} not found.` });
    await goOffline(core, proxy);
    const first = await ringUpSale(core);
    const second = await ringUpSale(core);
    await core.signIn({ pin: '9999' });
    await voidAtRest(core, first.id, 'customer walked out');
    await proxy.acceptConnections();
    await waitFor(async () => (await serverSalesOf(office, terminalCode)).length === 1, 'the second sale to be recorded');
    // Several turns of the report loop, each answered 404: nothing refused, nothing in the queue needs attention.
    const turns = proxy.stats.requests;
    await waitFor(() => proxy.stats.requests > turns + 20, 'the till to keep talking to the back office');
    expect(outbox().find((e) => e.state === 'voided')).toMatchObject({ void_reported_at: null, void_report_code: null });
    expect(await core.getStatus()).toMatchObject({ online: true, needsAttention: 0, pending: 0 });
    expect(await voidedRows(office)).toEqual([]);

    // The back office is upgraded: the void goes.
    proxy.refusePath(VOIDED_DOCUMENTS_PATH, null);
    await waitFor(() => outbox().find((e) => e.state === 'voided')?.void_reported_at !== null, 'the void to be reported');
    expect((await voidedRows(office)).map((r) => r.local_number)).toEqual([first.localNumber]);
    expect((await report(office)).terminalReceipts[0]).toMatchObject({ last: 2, received: 1, gaps: 0, missing: [], voided: 1 });
    expect(second.localNumber).not.toBe(first.localNumber);
  });

  it('refuses, with problem+json and nothing stored, a void of a document it holds or of a number voided for another document; the same void again is a replay', async () => {
    const office = await startBackOffice(kind);
    cleanups.push(() => office.close());
    const till = await office.pairTerminal();
    const recordedKey = uuidv7();
    expect((await post(office, '/v1/sales', till.headers(recordedKey), aSale({ localNumber: `${till.code}-000001` }))).statusCode).toBe(201);
    const voided = (over: Partial<VoidedDocument> = {}): VoidedDocument => ({
      kind: 'sale',
      localNumber: `${till.code}-000002`,
      key: uuidv7(),
      occurredAt: new Date().toISOString(),
      valueMinor: 4500,
      voidedAt: new Date().toISOString(),
      voidedBy: 'Mario Reyes',
      reason: 'customer walked out',
      ...over,
    });
    const send = (body: unknown) => post(office, VOIDED_DOCUMENTS_PATH, till.headers(), body);

    const recorded = await send(voided({ localNumber: `${till.code}-000001`, key: recordedKey }));
    expect(recorded.statusCode).toBe(409);
    expect(recorded.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(recorded.json()).toMatchObject({ code: 'voided_document_recorded', type: '/docs/problems#voided_document_recorded' });
    expect(await voidedRows(office)).toEqual([]);

    const first = voided();
    const created = await send(first);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'sale', localNumber: first.localNumber, alreadyHad: false });
    const again = await send(first);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...created.json(), alreadyHad: true });

    const other = await send(voided({ key: uuidv7() }));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'voided_number_conflict' });
    for (const bad of [
      voided({ reason: '' }),
      voided({ voidedBy: 'Mario\u200b' }),
      voided({ occurredAt: '2026-12-31T23:59:60Z' }),
      { ...voided(), kind: 'shift' },
    ])
      expect((await send(bad)).json()).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await post(office, VOIDED_DOCUMENTS_PATH, {}, voided())).statusCode).toBe(401);
    expect((await voidedRows(office)).map((r) => [r.local_number, r.idempotency_key])).toEqual([[first.localNumber, first.key]]);

    // The series' last number voided counts (2 after the sale 1), and a series of voided numbers alone is listed.
    expect((await send(voided({ localNumber: 'Z9-000003' }))).statusCode).toBe(201);
    const r = await report(office);
    expect(r.terminalReceipts.find((t) => t.prefix === `${till.code}-`)).toMatchObject({ received: 1, last: 2, gaps: 0, missing: [], voided: 1 });
    expect(r.terminalReceipts.find((t) => t.prefix === 'Z9-')).toMatchObject({
      terminalCode: till.code,
      receivedBy: [],
      received: 0,
      last: 3,
      gaps: 2,
      missing: [1, 2],
      voided: 1,
      voids: [expect.objectContaining({ number: 3, voidedBy: 'Mario Reyes' })],
    });
    expect(r.totals).toMatchObject({ terminalReceiptGaps: 2, terminalReceiptsVoided: 2 });
  });
});
