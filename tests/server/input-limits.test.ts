import type { InjectOptions } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../protocol';
import { addStore, adminPost, footprint, post } from '../support/stock-documents';
import { aSale, countRows, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/** `depth` arrays inside each other around `inner`, written out as text (JSON.stringify would recurse). */
const nestedArrays = (depth: number, inner = '0') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** A leap second: RFC 3339 allows it, JavaScript's Date cannot read it. */
const LEAP_SECOND = '2016-12-31T23:59:60Z';

describe.each(databaseKinds)('the boundary refuses what the code cannot read, on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
    await addStore(office, 'NORTH');
  });
  afterAll(async () => office?.close());

  const snapshot = async () => ({
    ...(await footprint(office.store)),
    sale_lines: await countRows(office.store, 'sale_lines'),
    terminals: await countRows(office.store, 'terminals'),
  });

  async function expectRefused(request: InjectOptions, status: number, code: string) {
    const before = await snapshot();
    const response = await office.app.inject(request);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status, code });
    expect(await snapshot()).toEqual(before);
    return problem;
  }

  const json = (headers: Record<string, string> = {}) => ({ ...headers, 'content-type': 'application/json' });

  describe('finding 7: deeply nested JSON', () => {
    it('20,000 levels on the unauthenticated pairing route -> 400 json_too_deep, not a 500', async () => {
      await expectRefused(
        { method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: `{"pairingCode":${nestedArrays(20_000)}}` },
        400,
        'json_too_deep',
      );
      await expectRefused({ method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: nestedArrays(20_000) }, 400, 'json_too_deep');
    });

    it('deep nesting in a sale, a refund, an admin write and a batch item -> 400 json_too_deep', async () => {
      const deepNote = (saleJson: string) => saleJson.replace('"cashier":"ana"', `"cashier":"ana","note":${nestedArrays(20_000, '"x"')}`);
      await expectRefused(
        { method: 'POST', url: '/v1/sales', headers: json(till.headers('deep-sale')), payload: deepNote(JSON.stringify(aSale())) },
        400,
        'json_too_deep',
      );
      await expectRefused(
        { method: 'POST', url: '/v1/sales/x/refund', headers: json(till.headers('deep-refund')), payload: `{"lines":${nestedArrays(5_000)}}` },
        400,
        'json_too_deep',
      );
      await expectRefused(
        {
          method: 'POST',
          url: '/v1/admin/stores',
          headers: json(office.adminHeaders('deep-store')),
          payload: `{"name":${nestedArrays(5_000, '{}')}}`,
        },
        400,
        'json_too_deep',
      );
      const batch = `{"items":[{"key":"deep-item","method":"POST","path":"/v1/sales","body":${nestedArrays(20_000)}}]}`;
      await expectRefused({ method: 'POST', url: '/v1/sync/batch', headers: json(till.headers()), payload: batch }, 400, 'json_too_deep');
    });

    it('objects count as levels too, and brackets inside strings do not', async () => {
      const deepObjects = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}0${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
      await expectRefused({ method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: deepObjects }, 400, 'json_too_deep');
      const bracketsInText = JSON.stringify({ pairingCode: `[{"\\${'['.repeat(10_000)}` });
      await expectRefused({ method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: bracketsInText }, 400, 'validation_failed');
    });

    it(`up to ${MAX_JSON_DEPTH} levels reach the schema (a plain validation error), one more does not`, async () => {
      const atLimit = `{"pairingCode":${nestedArrays(MAX_JSON_DEPTH - 1)}}`;
      await expectRefused({ method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: atLimit }, 400, 'validation_failed');
      const overLimit = `{"pairingCode":${nestedArrays(MAX_JSON_DEPTH)}}`;
      await expectRefused({ method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: overLimit }, 400, 'json_too_deep');
    });

    it('the NUL check still holds on a deep (but allowed) body, in a key as well as in a value', async () => {
      const nulDeep = `{"pairingCode":"ok","extra":${nestedArrays(MAX_JSON_DEPTH - 2, '"a\\u0000b"')}}`;
      const problem = await expectRefused({ method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: nulDeep }, 400, 'validation_failed');
      expect(problem.errors).toEqual([{ path: `/extra${'/0'.repeat(MAX_JSON_DEPTH - 2)}`, message: 'must not contain U+0000' }]);
      const nulKey = await expectRefused(
        { method: 'POST', url: '/v1/terminals/pair', headers: json(), payload: '{"pairingCode":"ok","k\\u0000":1}' },
        400,
        'validation_failed',
      );
      expect(nulKey.errors[0].message).toBe('must not contain U+0000');
    });

    it('a wide body (many values, shallow) is still only a schema question', async () => {
      const wide = JSON.stringify({ ...aSale(), lines: Array.from({ length: 5_000 }, () => ({ sku: 'A', qty: 'x', unitPriceMinor: -1 })) });
      const problem = await expectRefused(
        { method: 'POST', url: '/v1/sales', headers: json(till.headers('wide')), payload: wide },
        400,
        'validation_failed',
      );
      expect(problem.errors.length).toBeLessThanOrEqual(100);
    });
  });

  it("found by the route fuzz: a URL the router cannot decode, or a path part too long -> problem+json, not Fastify's own JSON", async () => {
    await expectRefused(
      { method: 'PUT', url: '/v1/admin/series/%', headers: json(office.adminHeaders('bad-url')), payload: '{}' },
      400,
      'validation_failed',
    );
    await expectRefused(
      { method: 'POST', url: `/v1/sales/${'x'.repeat(300)}/refund`, headers: json(till.headers('long-id')), payload: '{}' },
      414,
      'validation_failed',
    );
  });

  it('found by a black-box probe: a query string that is not valid percent-encoding is refused the same way, before anything reads it', async () => {
    for (const query of ['?limit=1%zz', '?since=%C3%28', '?limit=%']) {
      const problem = await expectRefused(
        { method: 'GET', url: `/v1/admin/sales${query}`, headers: office.adminHeaders() },
        400,
        'validation_failed',
      );
      expect(problem.detail).toMatch(/query string is not valid percent-encoding/);
    }
    // Encoded as it should be, it is only a question for the route's schema.
    expect((await office.app.inject({ method: 'GET', url: '/v1/admin/sales?limit=1%30', headers: office.adminHeaders() })).statusCode).toBe(200);
  });

  describe('finding 8: timestamps the code cannot read', () => {
    const unreadable = [
      LEAP_SECOND,
      '2016-02-30T10:00:00Z',
      '2016-01-01T24:00:00Z',
      '2016-01-01T10:00:00Z[Europe/Paris]',
      '2016-01-01T10:00:00+24:00',
    ];

    it('a heartbeat with a leap second -> 400, and monitoring and the fleet page keep working for everyone', async () => {
      for (const at of unreadable) {
        await expectRefused(
          {
            method: 'POST',
            url: '/v1/terminals/heartbeat',
            headers: json(till.headers()),
            payload: JSON.stringify({ queueDepth: 1, oldestPendingAt: at, needsAttention: 0, appVersion: '1.0.0' }),
          },
          400,
          'validation_failed',
        );
      }
      const monitoring = await office.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: office.adminHeaders() });
      expect(monitoring.statusCode, monitoring.body).toBe(200);
      const stored = await office.store.db.selectFrom('terminals').select('oldest_pending_at').where('id', '=', till.id).executeTakeFirstOrThrow();
      expect(stored.oldest_pending_at).toBeNull();
    });

    it('a sale or a refund that happened at an unreadable time -> 400 validation_failed naming /occurredAt', async () => {
      for (const at of unreadable) {
        const problem = await expectRefused(
          { method: 'POST', url: '/v1/sales', headers: json(till.headers(uuidv7())), payload: JSON.stringify(aSale({ occurredAt: at })) },
          400,
          'validation_failed',
        );
        expect(problem.errors.map((e: { path: string }) => e.path)).toContain('/occurredAt');
      }
      const sale = await post(office, '/v1/sales', till.headers(uuidv7()), aSale());
      expect(sale.statusCode).toBe(201);
      const refund = { localNumber: 'T01-R000001', occurredAt: LEAP_SECOND, lines: [{ sku: 'RICE-5KG', qty: 1 }], reason: 'broken' };
      await expectRefused(
        { method: 'POST', url: `/v1/sales/${sale.json().id}/refund`, headers: json(till.headers(uuidv7())), payload: JSON.stringify(refund) },
        400,
        'validation_failed',
      );
    });

    it('GET /v1/admin/sales?since=<leap second> -> 400, not a 500', async () => {
      for (const at of unreadable) {
        const problem = await expectRefused(
          { method: 'GET', url: `/v1/admin/sales?since=${encodeURIComponent(at)}`, headers: office.adminHeaders() },
          400,
          'validation_failed',
        );
        expect(problem.errors[0].path).toContain('since');
      }
      const fine = await office.app.inject({
        method: 'GET',
        url: `/v1/admin/sales?since=${encodeURIComponent('2016-12-31T23:59:59+01:00')}`,
        headers: office.adminHeaders(),
      });
      expect(fine.statusCode, fine.body).toBe(200);
    });
  });

  describe('finding 9: quantities that would be stored as 0', () => {
    const tiny = [1e-10, 4e-10, 0.0004];

    it('a sale line below a thousandth -> 400 quantity_too_small, no sale, no invoice number', async () => {
      for (const qty of tiny) {
        const body = aSale({
          lines: [
            { sku: 'RICE-5KG', qty: 1, unitPriceMinor: 100 },
            { sku: 'SALT', qty, unitPriceMinor: 100 },
          ],
        });
        const problem = await expectRefused(
          { method: 'POST', url: '/v1/sales', headers: json(till.headers(uuidv7())), payload: JSON.stringify(body) },
          400,
          'quantity_too_small',
        );
        expect(problem.errors).toEqual([{ path: '/lines/1/qty', message: expect.stringContaining('0.001') }]);
      }
    });

    it('the same sale line inside a batch is refused the same way', async () => {
      const before = await snapshot();
      const response = await post(office, '/v1/sync/batch', till.headers(), {
        items: [{ key: uuidv7(), method: 'POST', path: '/v1/sales', body: aSale({ lines: [{ sku: 'SALT', qty: 1e-10, unitPriceMinor: 100 }] }) }],
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().results[0]).toMatchObject({ status: 400, body: { code: 'quantity_too_small' } });
      expect(await snapshot()).toEqual(before);
    });

    it('a refund of a tiny quantity -> 400 quantity_too_small and the next refund still gets the next return number', async () => {
      const sale = await post(office, '/v1/sales', till.headers(uuidv7()), aSale({ lines: [{ sku: 'SALT', qty: 2, unitPriceMinor: 100 }] }));
      expect(sale.statusCode).toBe(201);
      const saleId = sale.json().id as string;
      const refundOf = (qty: number, localNumber: string) => ({
        localNumber,
        occurredAt: new Date().toISOString(),
        lines: [{ sku: 'SALT', qty }],
        reason: 'spilt',
      });
      for (const qty of tiny) {
        await expectRefused(
          {
            method: 'POST',
            url: `/v1/sales/${saleId}/refund`,
            headers: json(till.headers(uuidv7())),
            payload: JSON.stringify(refundOf(qty, `R-TINY-${qty}`)),
          },
          400,
          'quantity_too_small',
        );
      }
      const real = await post(office, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), refundOf(1, 'T01-R000001'));
      expect(real.statusCode, real.body).toBe(201);
      const returnNumbers = await office.store.db.selectFrom('refunds').select('return_number').execute();
      expect(returnNumbers).toHaveLength(1);
      expect(real.json().returnNumber).toMatch(/0*1$/);
    });

    it('purchase receipts, transfers, corrections and supplier returns refuse a tiny quantity the same way', async () => {
      for (const qty of tiny) {
        const writes: [string, unknown, string][] = [
          ['/v1/purchase-receipts', { storeCode: 'MAIN', supplier: 'Mill', lines: [{ sku: 'RICE-5KG', qty, unitCostMinor: 100 }] }, '/lines/0/qty'],
          [
            '/v1/transfers',
            {
              fromStoreCode: 'MAIN',
              toStoreCode: 'NORTH',
              lines: [
                { sku: 'RICE-5KG', qty: 1 },
                { sku: 'SALT', qty },
              ],
            },
            '/lines/1/qty',
          ],
          ['/v1/inventory-corrections', { storeCode: 'MAIN', reason: 'count', lines: [{ sku: 'RICE-5KG', qtyDelta: -qty }] }, '/lines/0/qtyDelta'],
          ['/v1/supplier-returns', { storeCode: 'MAIN', supplier: 'Mill', reason: 'mould', lines: [{ sku: 'RICE-5KG', qty }] }, '/lines/0/qty'],
        ];
        for (const [url, body, path] of writes) {
          const problem = await expectRefused(
            { method: 'POST', url, headers: json(office.adminHeaders(uuidv7())), payload: JSON.stringify(body) },
            400,
            'quantity_too_small',
          );
          expect(problem.errors[0].path).toBe(path);
        }
      }
    });

    it('receiving a transfer with a tiny quantity received -> 400 quantity_too_small; 0 received is still allowed', async () => {
      const draft = await adminPost(office, '/v1/transfers', {
        fromStoreCode: 'MAIN',
        toStoreCode: 'NORTH',
        lines: [
          { sku: 'RICE-5KG', qty: 2 },
          { sku: 'SALT', qty: 1 },
        ],
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const id = draft.json().id as string;
      expect((await adminPost(office, `/v1/transfers/${id}/send`, {})).statusCode).toBe(200);
      await expectRefused(
        {
          method: 'POST',
          url: `/v1/transfers/${id}/receive`,
          headers: json(office.adminHeaders(uuidv7())),
          payload: JSON.stringify({ lines: [{ sku: 'SALT', qtyReceived: 1e-10 }] }),
        },
        400,
        'quantity_too_small',
      );
      const received = await adminPost(office, `/v1/transfers/${id}/receive`, { lines: [{ sku: 'SALT', qtyReceived: 0 }] });
      expect(received.statusCode, received.body).toBe(200);
      expect(received.json().lines).toContainEqual(expect.objectContaining({ sku: 'SALT', qtyReceived: 0, discrepancy: 1 }));
    });
  });
});
