import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { startBackOffice, type TestBackOffice, range } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { adminPost, footprint, ledgerMilli, onHand, post, seriesValues } from '../support/stock-documents';

describe.each(databaseKinds)('purchase receipts on %s', (kind) => {
  let bo: TestBackOffice;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
  });
  afterAll(async () => bo.close());

  const aDraft = (sku = 'SARDINES', qty = 24) => ({
    businessCode: 'MAIN',
    storeCode: 'MAIN',
    supplier: 'Mega Foods',
    lines: [{ sku, qty, unitCostMinor: 1_850 }],
  });
  async function draft(sku?: string, qty?: number): Promise<string> {
    const response = await adminPost(bo, '/v1/purchase-receipts', aDraft(sku, qty));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'draft', receiptNumber: null, totalCostMinor: (qty ?? 24) * 1_850 });
    return (response.json() as { id: string }).id;
  }

  it('a draft moves no stock; approval numbers it RCV-… and adds the goods once', async () => {
    const id = await draft('CORNED-BEEF', 12);
    expect(await ledgerMilli(bo.store, 'MAIN', 'CORNED-BEEF')).toBe(0);
    const approved = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ id, status: 'approved' });
    expect((approved.json() as { receiptNumber: string }).receiptNumber).toMatch(/^RCV-\d{6}-\d{4}$/);
    expect(await onHand(bo, 'MAIN', 'CORNED-BEEF')).toBe(12);
  });

  it('a short delivery: the stock added is what arrived, and the answer says what that costs beside the receipt as drafted', async () => {
    const response = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [
        { sku: 'SPAM', qty: 48, unitCostMinor: 1_850 },
        { sku: 'EGGS', qty: 60, unitCostMinor: 700 },
        { sku: 'COFFEE', qty: 24, unitCostMinor: 750 },
      ],
    });
    const id = (response.json() as { id: string }).id;
    const approved = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {
      by: 'Liza',
      lines: [
        { sku: 'SPAM', qtyReceived: 45 },
        { sku: 'EGGS', qtyReceived: 54 },
      ],
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', totalCostMinor: 148_800, receivedCostMinor: 139_050 });
    expect([await onHand(bo, 'MAIN', 'SPAM'), await onHand(bo, 'MAIN', 'EGGS'), await onHand(bo, 'MAIN', 'COFFEE')]).toEqual([45, 54, 24]);
  });

  it('an over-delivery whose cost cannot be counted exactly is refused (400) and adds nothing; the draft can still be approved', async () => {
    const response = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [{ sku: 'GOLD', qty: 1, unitCostMinor: 1_000_000_000_000 }],
    });
    const id = (response.json() as { id: string }).id;
    const before = await footprint(bo.store);
    const refused = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, { lines: [{ sku: 'GOLD', qtyReceived: 1_000_000 }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed', detail: 'The receipt costs more than can be counted exactly.' });
    expect(await footprint(bo.store)).toEqual(before);
    const approved = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {});
    expect(approved.json()).toMatchObject({ status: 'approved', totalCostMinor: 1_000_000_000_000, receivedCostMinor: 1_000_000_000_000 });
    expect(await onHand(bo, 'MAIN', 'GOLD')).toBe(1);
  });

  it('approve replays byte for byte; a second approval under another key is 409 already_approved and adds nothing', async () => {
    const id = await draft('TUNA', 10);
    const key = uuidv7();
    const first = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {}, key);
    const replay = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {}, key);
    expect(replay.body).toBe(first.body);
    expect(replay.headers['x-idempotent-replay']).toBe('true');
    const before = await footprint(bo.store);
    const second = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {});
    expect(second.statusCode).toBe(409);
    expect((second.json() as { code: string }).code).toBe('already_approved');
    expect(await footprint(bo.store)).toEqual(before);
    expect(await ledgerMilli(bo.store, 'MAIN', 'TUNA')).toBe(10_000);
    // Reusing the approval's key for another receipt's approval: 422, nothing changes.
    const other = await draft('TUNA', 1);
    const reused = await adminPost(bo, `/v1/purchase-receipts/${other}/approve`, {}, key);
    expect(reused.statusCode).toBe(422);
    expect(await ledgerMilli(bo.store, 'MAIN', 'TUNA')).toBe(10_000);
  });

  it('approve with no body at all works too, and its replay needs no body either', async () => {
    const id = await draft('NOODLES', 5);
    const key = uuidv7();
    const first = await post(bo, `/v1/purchase-receipts/${id}/approve`, bo.adminHeaders(key));
    expect(first.statusCode).toBe(200);
    const replay = await post(bo, `/v1/purchase-receipts/${id}/approve`, bo.adminHeaders(key));
    expect(replay.body).toBe(first.body);
  });

  it('a body of JSON null is not "no body": 400, nothing approved, and the key is free for the real request', async () => {
    const id = await draft('BAGOONG', 2);
    const key = uuidv7();
    const before = await footprint(bo.store);
    const refused = await bo.app.inject({
      method: 'POST',
      url: `/v1/purchase-receipts/${id}/approve`,
      headers: { ...bo.adminHeaders(key), 'content-type': 'application/json' },
      payload: 'null',
    });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed' });
    expect(await footprint(bo.store)).toEqual(before);
    const approved = await adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {}, key);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.headers['x-idempotent-replay']).toBeUndefined();
  });

  it('a SKU no one could read on a new document (blank, spaces around it, a hidden character) is 400, nothing drafted', async () => {
    const before = await footprint(bo.store);
    for (const sku of ['   ', ' RICE', 'RICE\u200b', '\u202eRICE', 'RI\tCE']) {
      for (const [url, body] of [
        ['/v1/purchase-receipts', { storeCode: 'MAIN', supplier: 'S', lines: [{ sku, qty: 1, unitCostMinor: 100 }] }],
        ['/v1/transfers', { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku, qty: 1 }] }],
        ['/v1/inventory-corrections', { storeCode: 'MAIN', reason: 'r', lines: [{ sku, qtyDelta: 1 }] }],
        ['/v1/supplier-returns', { storeCode: 'MAIN', supplier: 'S', reason: 'r', lines: [{ sku, qty: 1 }] }],
        ['/v1/correction-drafts', { storeCode: 'MAIN', reason: 'r', draftedBy: 'Mario', lines: [{ sku, qtyDelta: 1 }] }],
      ] as const) {
        const refused = await adminPost(bo, url, body);
        expect(refused.statusCode, `${url} ${JSON.stringify(sku)}`).toBe(400);
        expect(refused.json()).toMatchObject({ code: 'validation_failed' });
      }
    }
    expect(await footprint(bo.store)).toEqual(before);
  });

  it('a late replay of a draft (response cache expired) creates no second draft', async () => {
    const key = uuidv7();
    const first = await adminPost(bo, '/v1/purchase-receipts', aDraft('VINEGAR', 3), key);
    await bo.store.db.deleteFrom('idempotency_responses').execute();
    const before = await footprint(bo.store);
    const late = await adminPost(bo, '/v1/purchase-receipts', aDraft('VINEGAR', 3), key);
    expect(late.statusCode).toBe(200);
    expect(late.headers['x-idempotent-replay']).toBe('true');
    expect(late.body).toBe(first.body);
    expect(await footprint(bo.store)).toEqual(before);
  });

  it('two managers approving the same receipt at once, under different keys: one 200, one 409, stock added once', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await draft('SOY-SAUCE', 6);
      const responses = await Promise.all([
        adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {}),
        adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {}),
      ]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    }
    expect(await ledgerMilli(bo.store, 'MAIN', 'SOY-SAUCE')).toBe(18_000);
  });

  it('the same approval sent eight times at once approves once', async () => {
    const id = await draft('PATIS', 4);
    const key = uuidv7();
    const responses = await Promise.all(Array.from({ length: 8 }, () => adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {}, key)));
    for (const r of responses) expect([200, 409]).toContain(r.statusCode);
    expect(responses.filter((r) => r.statusCode === 200 && r.headers['x-idempotent-replay'] === undefined)).toHaveLength(1);
    expect(await ledgerMilli(bo.store, 'MAIN', 'PATIS')).toBe(4_000);
  });

  it('receipt numbers are gapless and unique when many approvals race', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => draft('SUGAR', 1)));
    const responses = await Promise.all(ids.map((id) => adminPost(bo, `/v1/purchase-receipts/${id}/approve`, {})));
    expect(responses.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    const values = await seriesValues(bo.store, 'receipt');
    expect(values).toEqual(range(values.length));
  });

  it('a draft naming a SKU the catalog does not have is taken, and its answer names that SKU (a typo is seen at once)', async () => {
    const put = await bo.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/SARDINES-555',
      headers: bo.adminHeaders(),
      payload: { businessCode: 'MAIN', name: '555 Sardines', priceMinor: 2_450 },
    });
    expect(put.statusCode).toBeLessThan(300);
    const drafted = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [
        { sku: 'SARDINES-555', qty: 24, unitCostMinor: 1_850 },
        { sku: 'SARDINES-5555', qty: 24, unitCostMinor: 1_850 },
      ],
    });
    expect(drafted.statusCode).toBe(201);
    expect(drafted.json()).toMatchObject({ status: 'draft', notInCatalog: ['SARDINES-5555'] });
    const clean = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mega Foods',
      lines: [{ sku: 'SARDINES-555', qty: 1, unitCostMinor: 1 }],
    });
    expect(clean.json()).not.toHaveProperty('notInCatalog');
  });

  it('bad input is a 4xx problem and changes nothing', async () => {
    const id = await draft('SALT', 1);
    const till = await bo.pairTerminal();
    const before = await footprint(bo.store);
    const cases: [string, Record<string, string>, unknown, number][] = [
      ['/v1/purchase-receipts', bo.adminHeaders(), aDraft(), 400],
      ['/v1/purchase-receipts', { authorization: 'Bearer nope', 'idempotency-key': uuidv7() }, aDraft(), 401],
      ['/v1/purchase-receipts', bo.adminHeaders(uuidv7()), { ...aDraft(), storeCode: 'NOWHERE' }, 404],
      ['/v1/purchase-receipts', bo.adminHeaders(uuidv7()), { ...aDraft(), businessCode: 'NOBODY' }, 404],
      ['/v1/purchase-receipts', bo.adminHeaders(uuidv7()), { ...aDraft(), lines: [] }, 400],
      ['/v1/purchase-receipts', bo.adminHeaders(uuidv7()), { ...aDraft(), lines: [{ sku: 'X', qty: 1, unitCostMinor: -5 }] }, 400],
      ['/v1/purchase-receipts', bo.adminHeaders(uuidv7()), { ...aDraft(), lines: [{ sku: 'X', qty: 1.23456, unitCostMinor: 5 }] }, 400],
      // Found by a black-box probe: a cost past what can be counted exactly (answered as 10^18, one short).
      [
        '/v1/purchase-receipts',
        bo.adminHeaders(uuidv7()),
        {
          ...aDraft(),
          lines: [
            { sku: 'BIG-A', qty: 1_000_000, unitCostMinor: 1_000_000_000_000 },
            { sku: 'BIG-B', qty: 1, unitCostMinor: 1 },
          ],
        },
        400,
      ],
      ['/v1/purchase-receipts', bo.adminHeaders(uuidv7()), { ...aDraft(), supplier: '' }, 400],
      ['/v1/purchase-receipts', bo.adminHeaders(uuidv7()), { ...aDraft(), supplier: '   ' }, 400],
      // Candles 5 + 7 on two lines: what arrived is reported by SKU, so a SKU is on one line.
      [
        '/v1/purchase-receipts',
        bo.adminHeaders(uuidv7()),
        {
          ...aDraft(),
          lines: [
            { sku: 'CANDLE', qty: 5, unitCostMinor: 100 },
            { sku: 'CANDLE', qty: 7, unitCostMinor: 100 },
          ],
        },
        400,
      ],
      [`/v1/purchase-receipts/${id}/approve`, bo.adminHeaders(uuidv7()), { surprise: true }, 400],
      [
        `/v1/purchase-receipts/${id}/approve`,
        bo.adminHeaders(uuidv7()),
        {
          lines: [
            { sku: 'SALT', qtyReceived: 1 },
            { sku: 'SALT', qtyReceived: 2 },
          ],
        },
        400,
      ],
      [`/v1/purchase-receipts/${uuidv7()}/approve`, bo.adminHeaders(uuidv7()), {}, 404],
      [`/v1/purchase-receipts/${id}/approve`, bo.adminHeaders(), {}, 400],
    ];
    for (const [url, headers, body, status] of cases) {
      const response = await post(bo, url, headers, body);
      expect(response.statusCode, `${url} ${JSON.stringify(body)}`).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await post(bo, '/v1/purchase-receipts', till.headers(uuidv7()), aDraft())).statusCode).toBe(403);
    expect(await footprint(bo.store)).toEqual(before);
  });
});
