import { STATUS_CODES } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSale, countRows, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { build } from '../../server/app';
import { requestFingerprint } from '../../server/idempotency/fingerprint';
import { databaseKinds } from '../support/databases';

const TABLES = ['sales', 'sale_lines', 'sale_payments', 'stock_movements', 'idempotency_responses'] as const;

describe.each(databaseKinds)('bad input gets a clear 4xx problem and changes nothing on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
  });
  afterAll(async () => office?.close());

  const snapshot = async () => Promise.all(TABLES.map((table) => countRows(office.store, table)));

  async function expectProblem(request: InjectOptions, status: number, code: string) {
    const before = await snapshot();
    const response = await office.app.inject(request);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status, code });
    expect(typeof problem.title).toBe('string');
    expect(typeof problem.detail).toBe('string');
    expect(response.body).not.toMatch(/\bat .*\.ts:\d+/);
    expect(await snapshot()).toEqual(before);
    return problem;
  }

  it('a heartbeat with counts no till can have, or an admin page out of bounds -> 400 validation_failed; nothing stored', async () => {
    const heartbeat = { queueDepth: 2, oldestPendingAt: null, needsAttention: 0, appVersion: '1.0.0', pendingValueMinor: 500 };
    const beat = (body: object) => ({ method: 'POST' as const, url: '/v1/terminals/heartbeat', headers: till.headers(), payload: body });
    expect((await office.app.inject(beat(heartbeat))).statusCode).toBe(204);
    for (const wrong of [{ queueDepth: 1e30 }, { needsAttention: 1e300 }, { pendingValueMinor: 1e20 }])
      await expectProblem(beat({ ...heartbeat, ...wrong }), 400, 'validation_failed');
    const stored = await office.store.db
      .selectFrom('terminals')
      .select(['queue_depth', 'needs_attention', 'pending_value_minor'])
      .where('id', '=', till.id)
      .executeTakeFirstOrThrow();
    expect([stored.queue_depth, stored.needs_attention, stored.pending_value_minor].map(Number)).toEqual([2, 0, 500]);

    const page = (query: string) => ({ method: 'GET' as const, url: `/v1/admin/sales?${query}`, headers: office.adminHeaders() });
    // A moment past year 9999 in UTC (its text "+010000-…" sorted before every sale, and asked for all of them).
    for (const query of ['limit=0', 'limit=501', 'limit=-1', 'limit=1.5', 'cursor=junk', 'cursor=eyJpZCI6MX0', 'since=9999-12-31T23:59:59-00:01'])
      await expectProblem(page(query), 400, 'validation_failed');
    // In bounds, a page and the page after it.
    for (const n of [1, 2])
      expect((await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers(`k-page-${n}`), payload: aSale() })).statusCode).toBe(
        201,
      );
    const first = (await office.app.inject(page('limit=1'))).json() as { items: { id: string }[]; nextCursor: string | null };
    expect(first.items).toHaveLength(1);
    const second = await office.app.inject(page(`limit=500&cursor=${first.nextCursor}`));
    expect(second.statusCode).toBe(200);
    expect((second.json() as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(first.items[0]!.id);
  });

  it('a product naming a tax its business has not -> 422 unknown_tax_code, the product unchanged', async () => {
    const put = (taxCode: string) => ({
      method: 'PUT' as const,
      url: '/v1/admin/products/TAXED',
      headers: office.adminHeaders('k-tax-' + taxCode),
      payload: { businessCode: 'MAIN', name: 'Taxed', priceMinor: 1000, taxCode },
    });
    expect((await office.app.inject(put('VAT12'))).statusCode).toBe(200);
    // Said with the codes the business has (found by a walk: "VAT" for "VAT12" named none of them).
    expect((await expectProblem(put('VAT'), 422, 'unknown_tax_code')).detail).toMatch(
      /^Business MAIN has no tax with the code VAT; its tax codes are [A-Z0-9_]+(, [A-Z0-9_]+)*\.$/,
    );
    expect((await expectProblem(put('NOPE'), 422, 'unknown_tax_code')).detail).toContain('VAT12');
    const stored = await office.store.db.selectFrom('products').select('tax_code').where('sku', '=', 'TAXED').executeTakeFirstOrThrow();
    expect(stored.tax_code).toBe('VAT12');
  });

  it('a sale line naming a tax its business has not is recorded (it happened), its VAT counted as none, and flagged unknown_tax_code', async () => {
    const known = aSale();
    const sale = { ...known, lines: known.lines.map((line) => ({ ...line, taxCode: 'NOPE' })) };
    const response = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('k-sale-tax-nope'), payload: sale });
    expect(response.statusCode).toBe(201);
    expect(response.json().status).toBe('needs_review');
    expect(response.json().flags).toContain('unknown_tax_code');
    // The same sale with a tax its business has: not this flag, and its VAT counted.
    const vat12 = { ...known, localNumber: `${known.localNumber}-2`, lines: known.lines.map((line) => ({ ...line, taxCode: 'VAT12' })) };
    const control = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('k-sale-tax-known'), payload: vat12 });
    expect(control.statusCode).toBe(201);
    expect(control.json().flags).not.toContain('unknown_tax_code');
    const counted = await office.store.db.selectFrom('sales').select('vat_minor').where('id', '=', control.json().id).executeTakeFirstOrThrow();
    expect(Number(counted.vat_minor)).toBeGreaterThan(0);
    const row = await office.store.db
      .selectFrom('sales')
      .select(['status', 'vat_minor'])
      .where('id', '=', response.json().id)
      .executeTakeFirstOrThrow();
    expect({ status: row.status, vat: Number(row.vat_minor) }).toEqual({ status: 'needs_review', vat: 0 });
  });

  it('a Content-Encoding on a route that does not decompress -> 415, gzip bytes or not', async () => {
    for (const encoding of ['gzip', 'br', 'deflate'])
      await expectProblem(
        {
          method: 'POST',
          url: '/v1/sales',
          headers: { ...till.headers(`k-enc-${encoding}`), 'content-type': 'application/json', 'content-encoding': encoding },
          payload: gzipSync(JSON.stringify(aSale())),
        },
        415,
        'unsupported_media_type',
      );
    await expectProblem(
      {
        method: 'POST',
        url: '/v1/sales',
        headers: { ...till.headers('k-enc-plain'), 'content-type': 'application/json', 'content-encoding': 'br' },
        payload: JSON.stringify(aSale()),
      },
      415,
      'unsupported_media_type',
    );
    // identity is no encoding at all.
    const plain = await office.app.inject({
      method: 'POST',
      url: '/v1/sales',
      headers: { ...till.headers('k-enc-identity'), 'content-type': 'application/json', 'content-encoding': 'identity' },
      payload: JSON.stringify(aSale()),
    });
    expect(plain.statusCode).toBe(201);
  });

  it('JSON declared in another charset than UTF-8 -> 415, nothing stored; utf-8 in any case, or no charset, is recorded', async () => {
    const send = (key: string, contentType: string, sale = aSale()) =>
      office.app.inject({
        method: 'POST',
        url: '/v1/sales',
        headers: { ...till.headers(key), 'content-type': contentType },
        payload: JSON.stringify(sale),
      });
    // Two charsets say two things (found by a black-box probe: the first one was read).
    for (const charset of ['latin1', 'ISO-8859-1', 'utf-16', '"windows-1252"', '', 'utf-8; charset=latin1'])
      await expectProblem(
        {
          method: 'POST',
          url: '/v1/sales',
          headers: { ...till.headers(`k-charset-${charset}`), 'content-type': `application/json; charset=${charset}` },
          payload: JSON.stringify(aSale()),
        },
        415,
        'unsupported_media_type',
      );
    await expectProblem(
      {
        method: 'POST',
        url: '/v1/sync/batch',
        headers: { ...till.headers(), 'content-type': 'application/json; charset=latin1', 'content-encoding': 'gzip' },
        payload: gzipSync(JSON.stringify({ items: [{ key: 'k-charset-batch', method: 'POST', path: '/v1/sales', body: aSale() }] })),
      },
      415,
      'unsupported_media_type',
    );
    for (const [key, contentType] of [
      ['k-charset-ok-1', 'application/json'],
      ['k-charset-ok-2', 'application/json; charset=utf-8'],
      ['k-charset-ok-3', 'application/json;charset=UTF-8'],
      ['k-charset-ok-4', 'application/json; charset="Utf-8"'],
    ] as const) {
      const sale = aSale();
      const response = await send(key, contentType, sale);
      expect(response.statusCode, `${contentType}: ${response.body}`).toBe(201);
      const row = await office.store.db.selectFrom('sales').select('local_number').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      expect(row.local_number).toBe(sale.localNumber);
    }
  });

  it('what HTTP itself refuses (headers over 16 KiB, bytes that are not HTTP) is problem+json too, and the connection closes', async () => {
    const address = new URL(await office.app.listen({ port: 0, host: '127.0.0.1' }));
    try {
      /** Sends raw bytes, reads until the server closes the connection. */
      const raw = (bytes: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(Number(address.port), '127.0.0.1');
          let answer = '';
          socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
          socket.on('close', () => resolve(answer));
          socket.on('error', reject);
          socket.end(bytes);
        });
      const cases = [
        { bytes: `GET /v1/catalog?since=${'9'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431, code: 'headers_too_large' },
        { bytes: `GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`, status: 431, code: 'headers_too_large' },
        { bytes: 'NOT HTTP AT ALL\r\n\r\n', status: 400, code: 'malformed_request' },
        // HTTP/1.1 without Host: Node's own answer was a bare 400 with no body.
        { bytes: 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', status: 400, code: 'malformed_request' },
      ];
      for (const { bytes, status, code } of cases) {
        const answer = await raw(bytes);
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${STATUS_CODES[status]}`);
        expect(head.toLowerCase()).toContain('content-type: application/problem+json');
        expect(JSON.parse(body)).toMatchObject({ status, code, type: `/docs/problems#${code}` });
      }
    } finally {
      await office.app.server.close();
    }
  });

  it('a body that stops arriving half way is answered 408 request_timeout once POS_REQUEST_TIMEOUT_MS has passed, and the connection closes; nothing stored', async () => {
    const slow = await startBackOffice(kind, { requestTimeoutMs: 1_000 });
    const paired = await slow.pairTerminal();
    const address = new URL(await slow.app.listen({ port: 0, host: '127.0.0.1' }));
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(address.port), '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('utf8')));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        // Headers of a 100-byte sale, then 2 bytes of it, then nothing: the socket stays open.
        const headers = Object.entries(paired.headers('slow-body-key')).map(([name, value]) => `${name}: ${value}\r\n`);
        socket.write(`POST /v1/sales HTTP/1.1\r\nHost: x\r\n${headers.join('')}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{}`);
      });
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(JSON.parse(body)).toMatchObject({ status: 408, code: 'request_timeout' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(await countRows(slow.store, 'idempotency_responses')).toBe(0);
      expect(await countRows(slow.store, 'sales')).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('a till that hangs up half way through its body is logged as a client fault (400), not as a database down (503) nor an error; nothing stored, the key still free', async () => {
    const log: { level: number; msg: string }[] = [];
    const stream = { write: (line: string) => void log.push(JSON.parse(line)) };
    const { app } = await build({ store: office.store, settings: office.settings, logger: { level: 'info', stream } });
    const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    try {
      const before = await snapshot();
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(address.port), '127.0.0.1');
        socket.on('error', reject);
        const headers = Object.entries(till.headers('hang-up-key')).map(([name, value]) => `${name}: ${value}\r\n`);
        socket.write(
          `POST /v1/sales HTTP/1.1\r\nHost: x\r\n${headers.join('')}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"local`,
          () =>
            setTimeout(() => {
              socket.destroy();
              resolve();
            }, 100),
        );
      });
      // The server hears of the hang-up on a later turn of its loop.
      const heard = () => log.some((entry) => entry.level >= 50 || entry.msg.includes('connection closed before'));
      for (let wait = 0; wait < 50 && !heard(); wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(log.filter((entry) => entry.level >= 50)).toEqual([]);
      expect(log.filter((entry) => entry.msg === 'The connection closed before the request arrived in full.').map((entry) => entry.level)).toEqual([
        30,
      ]);
      expect(await snapshot()).toEqual(before);
      // The same key, sent in full: recorded once.
      const sent = await app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('hang-up-key'), payload: aSale() });
      expect(sent.statusCode).toBe(201);
      expect(await countRows(office.store, 'sales')).toBe(before[0]! + 1);
    } finally {
      await app.close();
    }
  });

  it('a key named __proto__ (prototype poisoning) -> 400 validation_failed that names it, not "not valid JSON"', async () => {
    const poisoned = JSON.stringify(aSale()).replace('{', '{"__proto__":{"isAdmin":true},');
    const problem = await expectProblem(
      { method: 'POST', url: '/v1/sales', headers: { ...till.headers('k-proto'), 'content-type': 'application/json' }, payload: poisoned },
      400,
      'validation_failed',
    );
    expect(problem.detail).toContain('__proto__');
  });

  it('malformed JSON -> 400 malformed_json', async () => {
    await expectProblem(
      { method: 'POST', url: '/v1/sales', headers: { ...till.headers('k-json'), 'content-type': 'application/json' }, payload: '{"localNumber": ' },
      400,
      'malformed_json',
    );
  });

  it('wrong types and missing fields -> 400 validation_failed listing each field', async () => {
    const problem = await expectProblem(
      {
        method: 'POST',
        url: '/v1/sales',
        headers: till.headers('k-types'),
        payload: { ...aSale(), lines: [{ sku: 'A', qty: 'two', unitPriceMinor: 1.5 }], cashier: undefined },
      },
      400,
      'validation_failed',
    );
    const paths = problem.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/lines/0/qty', '/lines/0/unitPriceMinor']));
    await expectProblem({ method: 'POST', url: '/v1/sales', headers: till.headers('k-empty'), payload: {} }, 400, 'validation_failed');
    await expectProblem(
      { method: 'POST', url: '/v1/sales', headers: till.headers('k-nolines'), payload: { ...aSale(), lines: [] } },
      400,
      'validation_failed',
    );
  });

  it('a body over 1 MiB -> 413 body_too_large', async () => {
    const huge = { ...aSale(), note: 'x'.repeat(1024 * 1024) };
    await expectProblem({ method: 'POST', url: '/v1/sales', headers: till.headers('k-huge'), payload: huge }, 413, 'body_too_large');
  });

  it('not JSON at all -> 415', async () => {
    await expectProblem(
      { method: 'POST', url: '/v1/sales', headers: { ...till.headers('k-text'), 'content-type': 'text/plain' }, payload: 'hello' },
      415,
      'unsupported_media_type',
    );
  });

  it('unknown route -> 404 problem', async () => {
    await expectProblem({ method: 'GET', url: '/v1/nothing-here' }, 404, 'not_found');
    await expectProblem({ method: 'DELETE', url: '/v1/sales' }, 404, 'not_found');
  });

  it('an unknown route is 404 whatever its body: none under a JSON content type, malformed JSON, another type or encoding', async () => {
    const json = { 'content-type': 'application/json' };
    await expectProblem({ method: 'POST', url: '/v1/nope', headers: json }, 404, 'not_found');
    await expectProblem({ method: 'DELETE', url: '/v1/sales', headers: { ...till.headers('k-del'), ...json } }, 404, 'not_found');
    await expectProblem({ method: 'POST', url: '/v1/nope', headers: json, payload: '{"localNumber": ' }, 404, 'not_found');
    await expectProblem(
      { method: 'POST', url: '/v1/nope', headers: { 'content-type': 'text/plain', 'content-encoding': 'br' }, payload: 'x' },
      404,
      'not_found',
    );
  });

  it('an empty body under Content-Type: application/json is no body: a route that takes none takes it, one that needs one says so', async () => {
    const json = { 'content-type': 'application/json' };
    const problem = await expectProblem(
      { method: 'POST', url: '/v1/sales', headers: { ...till.headers('k-empty-json'), ...json } },
      400,
      'validation_failed',
    );
    expect(problem.errors).toEqual([{ path: '/', message: 'must be object' }]);

    const added = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/terminals',
      headers: office.adminHeaders('k-empty-terminal'),
      payload: { storeCode: 'MAIN', name: 'Spare till' },
    });
    expect(added.statusCode).toBe(201);
    const terminalId = (added.json() as { terminalId: string }).terminalId;
    const codeHash = async () =>
      (await office.store.db.selectFrom('terminals').select('pairing_code_hash').where('id', '=', terminalId).executeTakeFirstOrThrow())
        .pairing_code_hash;
    const before = await codeHash();
    const issued = await office.app.inject({
      method: 'POST',
      url: `/v1/admin/terminals/${terminalId}/pairing-code`,
      headers: { ...office.adminHeaders('k-empty-code'), ...json },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(await codeHash()).not.toBe(before);

    const draft = await office.app.inject({
      method: 'POST',
      url: '/v1/purchase-receipts',
      headers: office.adminHeaders('k-empty-draft'),
      payload: { storeCode: 'MAIN', supplier: 'Mega Foods', lines: [{ sku: 'SARDINES', qty: 2, unitCostMinor: 1_850 }] },
    });
    const receiptId = (draft.json() as { id: string }).id;
    const approved = await office.app.inject({
      method: 'POST',
      url: `/v1/purchase-receipts/${receiptId}/approve`,
      headers: { ...office.adminHeaders('k-empty-approve'), ...json },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const receipt = await office.store.db
      .selectFrom('stock_documents')
      .select(['status', 'number'])
      .where('id', '=', receiptId)
      .executeTakeFirstOrThrow();
    expect(receipt).toEqual({ status: 'approved', number: expect.stringMatching(/^RCV-/) });
  });

  it('missing or bad token -> 401; a terminal token on the admin API -> 403', async () => {
    await expectProblem({ method: 'POST', url: '/v1/sales', headers: { 'idempotency-key': 'k-anon' }, payload: aSale() }, 401, 'unauthorized');
    await expectProblem(
      { method: 'POST', url: '/v1/sales', headers: { authorization: 'Bearer nope', 'idempotency-key': 'k-bad' }, payload: aSale() },
      401,
      'unauthorized',
    );
    await expectProblem({ method: 'GET', url: '/v1/admin/sales' }, 401, 'unauthorized');
    await expectProblem({ method: 'GET', url: '/v1/admin/sales', headers: till.headers() }, 403, 'forbidden');
    // The admin token is known and not a till's: 403, as a till's token on the admin API.
    await expectProblem({ method: 'GET', url: '/v1/catalog', headers: office.adminHeaders() }, 403, 'forbidden');
  });

  it('a pairing code works once and is refused after, as used', async () => {
    const created = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/terminals',
      headers: office.adminHeaders('pair-once'),
      payload: { storeCode: 'MAIN', name: 'Till P' },
    });
    const { pairingCode } = created.json();
    const paired = await office.app.inject({ method: 'POST', url: '/v1/terminals/pair', payload: { pairingCode } });
    expect(paired.statusCode).toBe(201);
    await expectProblem({ method: 'POST', url: '/v1/terminals/pair', payload: { pairingCode } }, 409, 'pairing_code_used');
  });

  it('another business cannot be reached: a terminal sees only its own business catalog', async () => {
    await office.app.inject({
      method: 'POST',
      url: '/v1/admin/businesses',
      headers: office.adminHeaders('biz-other'),
      payload: { code: 'OTHER', name: 'Other Co' },
    });
    await office.app.inject({
      method: 'POST',
      url: '/v1/admin/stores',
      headers: office.adminHeaders('store-other'),
      payload: { businessCode: 'OTHER', code: 'S1', name: 'Other store' },
    });
    await office.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/SECRET',
      headers: office.adminHeaders(),
      payload: { businessCode: 'OTHER', name: 'Not yours', priceMinor: 1 },
    });
    const catalog = await office.app.inject({ method: 'GET', url: '/v1/catalog', headers: till.headers() });
    expect(catalog.json().products.map((p: { sku: string }) => p.sku)).not.toContain('SECRET');
  });

  it('text with a NUL character -> 400 on both databases (PostgreSQL cannot store it), in a body or a path', async () => {
    const problem = await expectProblem(
      {
        method: 'POST',
        url: '/v1/sales',
        headers: till.headers('k-nul'),
        payload: aSale({ lines: [{ sku: 'A\u0000B', qty: 1, unitPriceMinor: 100 }] }),
      },
      400,
      'validation_failed',
    );
    expect(problem.errors).toEqual([{ path: '/lines/0/sku', message: 'must not contain U+0000' }]);
    await expectProblem(
      {
        method: 'POST',
        url: '/v1/sales/%00x/refund',
        headers: till.headers('k-nul-path'),
        payload: { localNumber: 'R1', occurredAt: new Date().toISOString(), lines: [{ sku: 'A', qty: 1 }], reason: 'x' },
      },
      400,
      'validation_failed',
    );
    const batch = await office.app.inject({
      method: 'POST',
      url: '/v1/sync/batch',
      headers: till.headers(),
      payload: { items: [{ key: 'k-nul-batch', method: 'POST', path: '/v1/sales', body: aSale({ cashier: 'an\u0000a' }) }] },
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().results[0]).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('text with half of a surrogate pair (no character) is stored as U+FFFD on both databases, never refused; its retry is its replay', async () => {
    // What an older till may have queued: its JSON escapes the lone half (\ud83d).
    const sent = aSale({
      cashier: 'ana\udc00',
      note: 'thanks \ud83d',
      lines: [{ sku: 'RICE-5KG', name: 'Rice \ud800 5 kg', qty: 1, unitPriceMinor: 32_500 }],
    });
    const first = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('k-half-pair'), payload: sent });
    expect(first.statusCode).toBe(201);
    const again = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('k-half-pair'), payload: sent });
    expect(again.statusCode).toBe(201);
    expect(again.headers['x-idempotent-replay']).toBe('true');
    expect(again.body).toBe(first.body);
    const stored = await office.store.db
      .selectFrom('sales')
      .innerJoin('sale_lines', 'sale_lines.sale_id', 'sales.id')
      .select(['sales.cashier', 'sales.note', 'sale_lines.name'])
      .where('sales.idempotency_key', '=', 'k-half-pair')
      .execute();
    expect(stored).toEqual([{ cashier: 'ana\ufffd', note: 'thanks \ufffd', name: 'Rice \ufffd 5 kg' }]);
    // The fingerprint is the body's as sent: what a server before this one stored for the same sale.
    const answer = await office.store.db
      .selectFrom('idempotency_responses')
      .select('fingerprint')
      .where('key', '=', 'k-half-pair')
      .executeTakeFirstOrThrow();
    expect(answer.fingerprint).toBe(requestFingerprint('POST', '/v1/sales', JSON.parse(JSON.stringify(sent))));
    // A whole pair is a character like any other, escaped or not; a batch item is mended the same way.
    const emoji = await office.app.inject({
      method: 'POST',
      url: '/v1/sales',
      headers: { ...till.headers('k-emoji'), 'content-type': 'application/json' },
      payload: JSON.stringify(aSale({ note: 'NOTE' })).replace('NOTE', 'thanks \\ud83d\\ude00 😀'),
    });
    expect(emoji.statusCode).toBe(201);
    const batch = await office.app.inject({
      method: 'POST',
      url: '/v1/sync/batch',
      headers: till.headers(),
      payload: {
        items: [
          { key: 'k-half-pair-batch', method: 'POST', path: '/v1/sales', body: aSale({ lines: [{ sku: 'A\ud83d', qty: 1, unitPriceMinor: 100 }] }) },
        ],
      },
    });
    expect(batch.json().results[0]).toMatchObject({ status: 201 });
    const notes = await office.store.db.selectFrom('sales').select(['idempotency_key', 'note']).where('idempotency_key', 'in', ['k-emoji']).execute();
    expect(notes).toEqual([{ idempotency_key: 'k-emoji', note: 'thanks 😀 😀' }]);
    const line = await office.store.db
      .selectFrom('sale_lines')
      .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
      .select('sale_lines.sku')
      .where('sales.idempotency_key', '=', 'k-half-pair-batch')
      .executeTakeFirstOrThrow();
    expect(line.sku).toBe('A\ufffd');
  });

  it('half of a surrogate pair in a URL (percent-encoded bytes that are no UTF-8) -> a 4xx problem or a plain answer, never a 5xx, on both databases', async () => {
    const lone = '%ED%A0%BD';
    const cases = [
      { method: 'GET' as const, url: `/v1/admin/sales?cursor=${lone}`, headers: office.adminHeaders() },
      { method: 'GET' as const, url: `/v1/admin/sales?storeCode=${lone}`, headers: office.adminHeaders() },
      { method: 'GET' as const, url: `/v1/catalog?since=${lone}`, headers: till.headers() },
      { method: 'GET' as const, url: `/v1/admin/journal?terminalId=${lone}&day=2026-01-01`, headers: office.adminHeaders() },
      {
        method: 'POST' as const,
        url: `/v1/sales/${lone}/refund`,
        headers: till.headers('k-lone-path'),
        payload: { localNumber: 'T01-R000001', occurredAt: new Date().toISOString(), lines: [{ sku: 'A', qty: 1 }], reason: 'x' },
      },
    ];
    const before = await countRows(office.store, 'refunds');
    for (const request of cases) {
      const response = await office.app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBeLessThan(500);
      if (response.statusCode >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await countRows(office.store, 'refunds')).toBe(before);
  });

  it('a sale worth more than can be counted exactly -> 400, never a float or an overflow', async () => {
    const line = { sku: 'GOLD', qty: 1_000_000, unitPriceMinor: 1_000_000_000_000 };
    const problem = await expectProblem(
      { method: 'POST', url: '/v1/sales', headers: till.headers('k-huge-money'), payload: aSale({ lines: Array.from({ length: 10 }, () => line) }) },
      400,
      'validation_failed',
    );
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain('/lines/0');
  });

  it('random bodies thrown at POST /v1/sales never cause a 5xx, and only a 201 changes anything', async () => {
    const anything = fc.oneof(
      fc.anything(),
      fc.record({
        localNumber: fc.oneof(fc.string(), fc.integer()),
        occurredAt: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        ),
        cashier: fc.oneof(fc.string(), fc.constant(null)),
        lines: fc.array(
          fc.record({
            sku: fc.string(),
            qty: fc.oneof(fc.double(), fc.integer()),
            unitPriceMinor: fc.oneof(fc.integer(), fc.double()),
            discountMinor: fc.option(fc.integer()),
          }),
          { maxLength: 3 },
        ),
        payments: fc.array(fc.record({ method: fc.constantFrom('cash', 'card', 'other', 'gold'), amountMinor: fc.integer() }), { maxLength: 2 }),
        note: fc.option(fc.constantFrom('plain', 'nul\u0000inside', '\u0000')),
      }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(anything, async (body) => {
        n += 1;
        const before = await snapshot();
        const response = await office.app.inject({
          method: 'POST',
          url: '/v1/sales',
          headers: { ...till.headers(`fuzz-${n}`), 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'undefined',
        });
        expect(response.statusCode).toBeLessThan(500);
        const after = await snapshot();
        if (response.statusCode === 201) expect(after[0]).toBe((before[0] ?? 0) + 1);
        else expect(after).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});
