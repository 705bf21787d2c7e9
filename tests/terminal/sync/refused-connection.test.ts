import { spawn } from 'node:child_process';
import http from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BackOfficeClient, failedBeforeConnecting } from '../../../terminal/sync/back-office-client';
import type { TerminalCore } from '../../../terminal/terminal-core';
import type { QueueItem } from '../../../terminal/terminal-api';
import { invoiceSeriesValues } from '../../support/back-office';
import { pairingCodeForSameTerminal, terminalIdOf } from '../../support/terminal-revocation';
import {
  aSignedInTill,
  codeOf,
  expectExactlyOnce,
  ringUpSale,
  serverSalesOf,
  waitFor,
  waitUntilQueueEmpty,
  type Cleanups,
} from '../../support/terminal';

/**
 * "Sent without a final answer" means the back office may hold the write. A connection
 * refused (or a name that does not resolve) means no byte of the request left the till:
 * such an attempt must not mark the entry, or an outage would make every queued sale
 * unvoidable and block unpairing. Any attempt that may have reached the back office still
 * marks it, for good, whatever a later refused attempt says.
 */

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MANAGER = { managerPin: '9999' };

interface OutboxRow {
  document_id: string;
  state: string;
  attempts: number;
  sent_without_answer: number;
  last_error_code: string | null;
}

/** The terminal's own outbox rows, read from its database file. */
function outboxRows(raw: () => Database.Database): OutboxRow[] {
  const db = raw();
  try {
    return db.prepare('SELECT document_id, state, attempts, sent_without_answer, last_error_code FROM outbox ORDER BY seq').all() as OutboxRow[];
  } finally {
    db.close();
  }
}

/**
 * A manager's void, tried again while the worker has the entry on the wire (it retries a
 * refused connection every few milliseconds here): the answer once the entry is at rest.
 */
async function voidAtRest(core: TerminalCore, id: string, reason: string): Promise<QueueItem | { code: string; message: string }> {
  for (;;) {
    try {
      return await core.voidQueueEntry({ id, reason, approval: MANAGER });
    } catch (error) {
      const { code, message } = error as { code: string; message: string };
      if (!/being sent right now|changed state meanwhile/.test(message)) return { code, message };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

describe('a back office that refuses connections', () => {
  it('three sales queued meanwhile are never marked sent without an answer: one is voided and never reaches it, the till unpairs, the others are recorded once', async () => {
    const { core, link, raw } = await aSignedInTill(cleanups);
    const { terminalCode } = await core.getStatus();
    link.proxy.keepAlive = false;
    core.start();
    await link.proxy.refuseConnections();
    await waitFor(async () => (await core.getStatus()).offlineCause === 'server_unreachable', 'the till to see the outage');

    // The first goes alone (POST /v1/sales); once the other two wait with it, every round is a batch of three.
    const first = await ringUpSale(core);
    await waitFor(() => (outboxRows(raw)[0]?.attempts ?? 0) >= 1, 'the lone sale to be refused');
    const second = await ringUpSale(core);
    const third = await ringUpSale(core);
    await waitFor(() => outboxRows(raw).every((row) => row.attempts >= 2), 'the batch to be refused twice');

    const rows = outboxRows(raw);
    expect(rows.map((row) => row.document_id)).toEqual([first.id, second.id, third.id]);
    for (const row of rows) {
      expect(row).toMatchObject({ sent_without_answer: 0, last_error_code: 'ECONNREFUSED' });
      expect(['pending', 'sending']).toContain(row.state);
    }
    expect((await core.queueItems({})).map((item) => item.sentWithoutAnswer)).toEqual([false, false, false]);

    // The manager voids the second: kept on the till, voided, never sent.
    await core.signIn({ pin: '9999' });
    expect(await voidAtRest(core, second.id, 'customer changed her mind')).toMatchObject({ state: 'voided', documentId: second.id });
    // Nothing the back office could hold: the till may be unpaired.
    expect(await core.unpair()).toMatchObject({ paired: false });

    // The back office is back; the till is paired again as the same terminal and its queue goes out.
    await link.proxy.acceptConnections();
    const { pairingCode } = await pairingCodeForSameTerminal(link.backOffice, await terminalIdOf(link.backOffice, terminalCode ?? ''));
    expect(await core.pair({ serverUrl: link.proxy.url, pairingCode })).toMatchObject({ paired: true, terminalCode });
    await waitUntilQueueEmpty(core);

    const onServer = await serverSalesOf(link.backOffice, terminalCode ?? '');
    expect(onServer.map((sale) => sale.idempotency_key)).toEqual([first.cartKey, third.cartKey]);
    expect(await invoiceSeriesValues(link.backOffice.store)).toEqual([1, 2]);
    expect(outboxRows(raw).map((row) => [row.document_id, row.state, row.sent_without_answer])).toEqual([
      [first.id, 'synced', 0],
      [second.id, 'voided', 0],
      [third.id, 'synced', 0],
    ]);
    expect((await core.getSale({ id: second.id }))?.syncState).toBe('voided');
  });
});

describe('a sale whose request reached the back office but whose answer was dropped', () => {
  it('cannot be voided and is recorded exactly once when the link returns', async () => {
    const { core, link, raw } = await aSignedInTill(cleanups);
    link.proxy.setMode('drop_response');
    core.start();
    const sale = await ringUpSale(core);
    await waitFor(() => outboxRows(raw)[0]?.sent_without_answer === 1, 'the sale to be sent, its answer dropped');
    expect(await link.backOffice.store.db.selectFrom('sales').select('idempotency_key').execute()).toEqual([{ idempotency_key: sale.cartKey }]);

    await core.signIn({ pin: '9999' });
    expect(await voidAtRest(core, sale.id, 'customer left')).toMatchObject({
      code: 'entry_not_voidable',
      message: expect.stringMatching(/already sent/),
    });
    expect(await codeOf(core.unpair())).toBe('queue_unsettled');

    link.proxy.heal();
    await waitUntilQueueEmpty(core);
    await expectExactlyOnce(link, core, 1);
    expect(outboxRows(raw)).toEqual([expect.objectContaining({ document_id: sale.id, state: 'synced', sent_without_answer: 1 })]);
  });

  it('a later attempt refused a connection proves nothing about the earlier one: it stays unvoidable and is recorded once', async () => {
    const { core, link, raw } = await aSignedInTill(cleanups);
    link.proxy.keepAlive = false;
    link.proxy.setMode('drop_response');
    core.start();
    const sale = await ringUpSale(core);
    await waitFor(() => outboxRows(raw)[0]?.sent_without_answer === 1, 'the sale to be sent, its answer dropped');

    // Then the back office goes away: the retries are refused.
    await link.proxy.refuseConnections();
    link.proxy.heal();
    const before = outboxRows(raw)[0]?.attempts ?? 0;
    await waitFor(() => {
      const [row] = outboxRows(raw);
      return row !== undefined && row.attempts >= before + 2 && row.last_error_code === 'ECONNREFUSED';
    }, 'the retries to be refused');
    expect(outboxRows(raw)[0]).toMatchObject({ sent_without_answer: 1, last_error_code: 'ECONNREFUSED' });
    expect((await core.queueItems({}))[0]).toMatchObject({ sentWithoutAnswer: true });

    await core.signIn({ pin: '9999' });
    expect(await voidAtRest(core, sale.id, 'customer left')).toMatchObject({
      code: 'entry_not_voidable',
      message: expect.stringMatching(/already sent/),
    });
    expect(await codeOf(core.unpair())).toBe('queue_unsettled');

    await link.proxy.acceptConnections();
    await waitUntilQueueEmpty(core);
    await expectExactlyOnce(link, core, 1);
    expect(outboxRows(raw)).toEqual([expect.objectContaining({ state: 'synced', sent_without_answer: 1 })]);
  });
});

describe('a batch answered by something in between, then connections refused in the same round', () => {
  // 1: the compressed batch gets the page, its uncompressed resend is refused; 2: both get the page, the single sends are refused.
  it.each([1, 2])(
    'after %i answered batch(es), the refused sends do not unmark the sales: the page came after the back office recorded them',
    async (answers) => {
      const { core, link, raw } = await aSignedInTill(cleanups);
      link.proxy.keepAlive = false;
      link.proxy.setMode('html_error');
      link.proxy.refuseConnectionsAfter = { path: '/v1/sync/batch', answers };
      const sales = [await ringUpSale(core), await ringUpSale(core), await ringUpSale(core)];
      core.start();
      await waitFor(() => outboxRows(raw).every((row) => row.attempts >= 1 && row.state === 'pending'), 'the round to be settled');

      expect(link.proxy.stats.batchEncodings).toEqual(answers === 1 ? ['gzip'] : ['gzip', 'identity']);
      expect(await link.backOffice.store.db.selectFrom('sales').select('id').execute()).toHaveLength(3);
      for (const row of outboxRows(raw)) expect(row).toMatchObject({ sent_without_answer: 1, last_error_code: 'ECONNREFUSED' });
      await core.signIn({ pin: '9999' });
      for (const sale of sales) expect(await voidAtRest(core, sale.id, 'customer left')).toMatchObject({ code: 'entry_not_voidable' });

      link.proxy.heal();
      await link.proxy.acceptConnections();
      await waitUntilQueueEmpty(core);
      await expectExactlyOnce(link, core, 3);
    },
  );
});

describe('which failures prove the request never left (back-office-client.ts)', () => {
  const client = new BackOfficeClient(1000);
  const send = (serverUrl: string) => client.send({ serverUrl, token: null }, 'POST', '/v1/sales', { json: '{}', idempotencyKey: 'k-1' });

  async function aServer(onConnection: (socket: Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer();
    server.on('connection', onConnection);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('a refused connection and an unresolvable name: never sent', async () => {
    const gone = await aServer(() => undefined);
    await gone.close();
    expect(await send(gone.url)).toMatchObject({ kind: 'no_answer', code: 'ECONNREFUSED', neverSent: true });
    const nameless = await send('http://counter-back-office.invalid');
    expect(nameless).toMatchObject({ kind: 'no_answer', neverSent: true });
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(nameless.kind === 'no_answer' ? nameless.code : null);
  });

  it('a connection cut after it was accepted, and a timeout: may have been received', async () => {
    const cutting = await aServer((socket) => socket.once('data', () => socket.destroy()));
    cleanups.push(() => cutting.close());
    expect(await send(cutting.url)).toMatchObject({ kind: 'no_answer', neverSent: false });
    const silent = await aServer(() => undefined);
    cleanups.push(async () => {
      await silent.close();
    });
    expect(await send(silent.url)).toMatchObject({ kind: 'no_answer', code: 'ETIMEDOUT', neverSent: false });
  });

  /**
   * An address whose SYNs go unanswered, as on a lossy link: a listener with a backlog of one
   * in a process that never accepts (its thread is blocked), its queue filled by two
   * connections first. A connect to it hangs until the caller gives up.
   */
  async function anAddressThatNeverAnswers(): Promise<{ url: string }> {
    const listener = spawn(
      process.execPath,
      [
        '-e',
        `const server = require('node:net').createServer();
         server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
           process.stdout.write(server.address().port + '\\n');
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
         });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => void listener.kill('SIGKILL'));
    const port = await new Promise<number>((resolve) => listener.stdout.once('data', (line) => resolve(Number(String(line).trim()))));
    for (let filled = 0; filled < 2; filled++) {
      const socket = connect(port, '127.0.0.1');
      cleanups.push(() => void socket.destroy());
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    }
    return { url: `http://127.0.0.1:${port}` };
  }

  it('a timeout while the connection was still being made (no answer to the SYN): never sent', async () => {
    const silent = await anAddressThatNeverAnswers();
    const client = new BackOfficeClient(300);
    const outcome = await client.send({ serverUrl: silent.url, token: null }, 'POST', '/v1/sales', { json: '{}', idempotencyKey: 'k-1' });
    expect(outcome).toMatchObject({ kind: 'no_answer', code: 'ETIMEDOUT', neverSent: true });
  });

  /**
   * A back office that answers the first request of a connection, then resets the connection
   * when the next one arrives on it (a kept-alive socket it had closed while idle); with
   * `thenGone`, it also stops listening first, so the till cannot connect again.
   */
  async function aServerClosingIdleSockets(thenGone = false) {
    const seen: { key: string | undefined; connection: number }[] = [];
    const connections = new Map<Socket, number>();
    const server = http.createServer((req, res) => {
      const socket = req.socket;
      if (!connections.has(socket)) connections.set(socket, connections.size + 1);
      const connection = connections.get(socket)!;
      const first = seen.every((s) => s.connection !== connection);
      seen.push({ key: req.headers['idempotency-key'] as string | undefined, connection });
      if (first) {
        req.resume();
        req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}'));
        return;
      }
      if (thenGone) server.close();
      socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  it('a reset on a kept-alive socket the back office had closed: sent again at once on a new one, with the same key, and answered', async () => {
    const server = await aServerClosingIdleSockets();
    const client = new BackOfficeClient(1000);
    const sendAs = (key: string) => client.send({ serverUrl: server.url, token: null }, 'POST', '/v1/sales', { json: '{}', idempotencyKey: key });
    expect(await sendAs('k-1')).toMatchObject({ kind: 'answer', status: 201 });
    expect(await sendAs('k-2')).toMatchObject({ kind: 'answer', status: 201 });
    expect(server.seen).toEqual([
      { key: '"k-1"', connection: 1 },
      { key: '"k-2"', connection: 1 },
      { key: '"k-2"', connection: 2 },
    ]);
  });

  it('a reset on a kept-alive socket, then the connection refused: may have been received all the same', async () => {
    const server = await aServerClosingIdleSockets(true);
    const client = new BackOfficeClient(1000);
    const sendAs = (key: string) => client.send({ serverUrl: server.url, token: null }, 'POST', '/v1/sales', { json: '{}', idempotencyKey: key });
    expect(await sendAs('k-1')).toMatchObject({ kind: 'answer', status: 201 });
    expect(await sendAs('k-2')).toMatchObject({ kind: 'no_answer', code: 'ECONNREFUSED', neverSent: false });
    expect(server.seen.map((s) => s.key)).toEqual(['"k-1"', '"k-2"']);
  });

  it('a write without an Idempotency-Key (a pairing code, spent by the first attempt) is not sent again after such a reset', async () => {
    const server = await aServerClosingIdleSockets();
    const client = new BackOfficeClient(1000);
    expect(await client.send({ serverUrl: server.url, token: null }, 'GET', '/health')).toMatchObject({ kind: 'answer', status: 201 });
    const pairing = await client.send({ serverUrl: server.url, token: null }, 'POST', '/v1/terminals/pair', { json: '{"pairingCode":"X"}' });
    expect(pairing).toMatchObject({ kind: 'no_answer', neverSent: false });
    expect(server.seen).toHaveLength(2);
  });

  it('a dual-stack connect counts only if every address refused; an error without a code never counts', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' });
    const timedOut = Object.assign(new Error('connect ETIMEDOUT 127.0.0.1:80'), { code: 'ETIMEDOUT' });
    const wrapped = (cause: Error, code: string) => Object.assign(new Error('request failed', { cause }), { code });
    expect(failedBeforeConnecting(wrapped(Object.assign(new AggregateError([refused, refused]), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'))).toBe(
      true,
    );
    expect(failedBeforeConnecting(wrapped(Object.assign(new AggregateError([refused, timedOut]), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'))).toBe(
      false,
    );
    expect(failedBeforeConnecting(wrapped(timedOut, 'ECONNREFUSED'))).toBe(false);
    expect(failedBeforeConnecting(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(false);
    expect(failedBeforeConnecting(new Error('no code'))).toBe(false);
    expect(failedBeforeConnecting('ECONNREFUSED')).toBe(false);
  });
});
