import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { openTerminalCore, type TerminalCore } from '../../terminal/terminal-core';
import { buildWebHost, listenWebHost } from '../../web/web-host';
import { startBackOffice, type TestBackOffice } from '../support/back-office';

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** A raw HTTP call: the path as written (no URL normalising), the Host and Origin a hostile page would send. */
function call(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const postJson = (url: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
  call(url, `/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Reads the status stream until an event satisfies `wanted` (bounded by the test timeout). */
async function statusEventMatching(
  url: string,
  wanted: (status: { paired: boolean }) => boolean,
  whileOpen: () => Promise<void>,
): Promise<{ paired: boolean }> {
  const controller = new AbortController();
  const response = await fetch(new URL('/api/status/events', url), { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let acted = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the status stream ended');
      buffer += value;
      const events = buffer.split('\n\n');
      buffer = events.pop() ?? '';
      for (const event of events) {
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const status = JSON.parse(data.slice('data: '.length)) as { paired: boolean };
        if (wanted(status)) return status;
      }
      if (!acted) {
        acted = true;
        await whileOpen();
      }
    }
  } finally {
    controller.abort();
  }
}

describe('the web host', () => {
  let backOffice: TestBackOffice;
  let core: TerminalCore;
  let host: FastifyInstance;
  let url: string;
  let dataDir: string;
  let rendererDir: string;

  beforeAll(async () => {
    backOffice = await startBackOffice('sqlite');
    await backOffice.app.listen({ port: 0, host: '127.0.0.1' });
    dataDir = mkdtempSync(join(tmpdir(), 'counter-web-host-'));
    rendererDir = join(dataDir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Counter</title><div id="root"></div>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("counter")');
    writeFileSync(join(dataDir, 'secret.txt'), 'not for browsers');
    core = await openTerminalCore({ dataDir: join(dataDir, 'terminal'), appVersion: 'test' });
    host = await buildWebHost({ terminal: core, rendererDir });
    url = await listenWebHost(host, 0);
  });
  afterAll(async () => {
    await host?.close();
    await core?.close();
    await backOffice?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers a TerminalApi call with its result as JSON', async () => {
    const answer = await postJson(url, 'getStatus', {});
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ paired: false, online: false, pending: 0 });
    const sale = await postJson(url, 'getSale', { id: 'no-such-sale' });
    expect([sale.status, sale.body]).toEqual([200, 'null']);
  });

  it('refuses an argument that does not match its schema: 400 problem+json naming the field', async () => {
    const answer = await postJson(url, 'searchProducts', { query: 42 });
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'validation_failed', errors: [{ path: '/query' }] });
    const pay = await postJson(url, 'pay', { cartKey: 'k', cashier: 'ana', lines: [], payments: [] });
    expect(JSON.parse(pay.body)).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('answers unknown methods, malformed JSON and form posts with their own codes', async () => {
    expect(JSON.parse((await postJson(url, 'deleteEverything', {})).body)).toMatchObject({ status: 404, code: 'not_found' });
    const malformed = await call(url, '/api/getStatus', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"oops' });
    expect(JSON.parse(malformed.body)).toMatchObject({ status: 400, code: 'malformed_json' });
    const form = await call(url, '/api/retryAll', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(JSON.parse(form.body)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('passes on what the core refuses with the core code: not paired, bad pairing code, a code used already', async () => {
    const pay = await postJson(url, 'pay', {
      cartKey: 'cart-1',
      cashier: 'ana',
      lines: [{ sku: 'A', qty: 1, unitPriceMinor: 100 }],
      payments: [{ method: 'cash', amountMinor: 100 }],
    });
    expect(JSON.parse(pay.body)).toMatchObject({ status: 409, code: 'not_paired' });
    const address = backOffice.app.server.address() as { port: number };
    const pair = await postJson(url, 'pair', { serverUrl: `http://127.0.0.1:${address.port}`, pairingCode: 'WRONG-CODE' });
    expect(JSON.parse(pair.body)).toMatchObject({ status: 422, code: 'pairing_code_invalid' });
    const used = await addTerminalNow(backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Used elsewhere' });
    await pairTerminal(backOffice.store, used.pairingCode);
    const again = await postJson(url, 'pair', { serverUrl: `http://127.0.0.1:${address.port}`, pairingCode: used.pairingCode });
    expect(JSON.parse(again.body)).toMatchObject({
      status: 409,
      code: 'pairing_code_used',
      detail: expect.stringContaining(`it paired terminal ${used.terminalCode} at`),
    });
    expect((await postJson(url, 'getStatus', {})).body).toContain('"paired":false');
  });

  it('refuses a page of another site that resolved its name to 127.0.0.1 (DNS rebinding), or posts from elsewhere', async () => {
    const port = new URL(url).port;
    const rebound = await postJson(url, 'getStatus', {}, { host: `evil.example:${port}` });
    expect(JSON.parse(rebound.body)).toMatchObject({ status: 403, code: 'forbidden' });
    const crossSite = await postJson(url, 'getStatus', {}, { origin: 'https://evil.example' });
    expect(JSON.parse(crossSite.body)).toMatchObject({ status: 403, code: 'forbidden' });
    const page = await call(url, '/', { headers: { host: `evil.example:${port}` } });
    expect(page.status).toBe(403);
    expect((await postJson(url, 'getStatus', {}, { origin: `http://localhost:${port}`, host: `localhost:${port}` })).status).toBe(200);
    // A GET from another site's page (an <img>, an EventSource) has no Origin; the browser's Sec-Fetch-Site says where it is from (found by a probe).
    for (const site of ['cross-site', 'same-site']) {
      expect((await call(url, '/api/status/events', { headers: { 'sec-fetch-site': site } })).status, site).toBe(403);
      expect((await call(url, '/', { headers: { 'sec-fetch-site': site } })).status, site).toBe(403);
    }
    expect((await call(url, '/', { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
    expect((await postJson(url, 'getStatus', {}, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('serves the built screens with a strict CSP, deep links as the app, and nothing outside the folder', async () => {
    const page = await call(url, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const headers = await fetch(url).then((r) => r.headers);
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await call(url, '/assets/app.js')).type).toMatch(/^text\/javascript/);
    expect((await call(url, '/sales/today')).body).toContain('<div id="root">');
    expect((await call(url, '/assets/missing.js')).status).toBe(404);
    for (const sneaky of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const answer = await call(url, sneaky);
      expect(answer.body).not.toContain('not for browsers');
      expect(answer.status).toBe(404);
    }
    expect(JSON.parse((await call(url, '/api/getStatus')).body)).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('pushes the status on connect and again when it changes (pairing)', async () => {
    const address = backOffice.app.server.address() as { port: number };
    const { pairingCode } = await addTerminalNow(backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Counter 1' });
    const first = await statusEventMatching(
      url,
      () => true,
      async () => undefined,
    );
    expect(first.paired).toBe(false);
    const paired = await statusEventMatching(
      url,
      (status) => status.paired,
      async () => {
        const answer = await postJson(url, 'pair', { serverUrl: `http://127.0.0.1:${address.port}`, pairingCode });
        expect(answer.status).toBe(200);
      },
    );
    expect(paired).toMatchObject({ paired: true, terminalCode: expect.any(String) });
  });
});
