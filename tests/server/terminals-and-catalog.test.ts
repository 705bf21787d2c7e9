import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSale, countRows, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

describe.each(databaseKinds)('terminals, catalog and the admin API on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
  });
  afterAll(async () => office?.close());

  const putProduct = (sku: string, body: object) =>
    office.app.inject({
      method: 'PUT',
      url: `/v1/admin/products/${sku}`,
      headers: office.adminHeaders(),
      payload: { businessCode: 'MAIN', ...body },
    });
  const catalog = (since?: string) =>
    office.app.inject({ method: 'GET', url: `/v1/catalog${since ? `?since=${since}` : ''}`, headers: till.headers() });

  it('reports health with the database it runs on', async () => {
    const health = await office.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toMatchObject({ status: 'ok', db: kind });
  });

  it('creates MAIN/MAIN on first start, and registers a business, store and terminal idempotently', async () => {
    expect(await office.store.db.selectFrom('stores').select('code').execute()).toEqual(expect.arrayContaining([{ code: 'MAIN' }]));
    const business = { code: 'NORTH', name: 'North Trading', timezone: 'Asia/Manila' };
    const first = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/businesses',
      headers: office.adminHeaders('biz-north'),
      payload: business,
    });
    const again = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/businesses',
      headers: office.adminHeaders('biz-north'),
      payload: business,
    });
    expect(first.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['x-idempotent-replay']).toBe('true');
    const twice = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/businesses',
      headers: office.adminHeaders('biz-north-2'),
      payload: business,
    });
    expect(twice.statusCode).toBe(409);
    const store = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/stores',
      headers: office.adminHeaders('store-n1'),
      payload: { businessCode: 'NORTH', code: 'N1', name: 'Branch 1' },
    });
    expect(store.statusCode).toBe(201);
    // Found by a probe: the docs say every businessCode defaults to MAIN, and this one was required.
    const ofMain = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/stores',
      headers: office.adminHeaders('store-main-branch'),
      payload: { code: 'MAIN-B2', name: 'Branch 2' },
    });
    expect(ofMain.statusCode, ofMain.body).toBe(201);
    expect(ofMain.json()).toMatchObject({ businessCode: 'MAIN', code: 'MAIN-B2', name: 'Branch 2' });
    const terminals = await countRows(office.store, 'terminals');
    const add = () =>
      office.app.inject({
        method: 'POST',
        url: '/v1/admin/terminals',
        headers: office.adminHeaders('till-n1'),
        payload: { businessCode: 'NORTH', storeCode: 'N1', name: 'Till 1' },
      });
    const [t1, t2] = [await add(), await add()];
    expect(t1.json().terminalCode).toBe('T01');
    expect(t2.body).toBe(t1.body);
    expect(await countRows(office.store, 'terminals')).toBe(terminals + 1);
    const badZone = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/businesses',
      headers: office.adminHeaders('biz-bad'),
      payload: { code: 'BAD', name: 'x', timezone: 'Mars/Olympus' },
    });
    expect(badZone.statusCode).toBe(400);
    // A name that turns the text around (U+202E: "Till 1" read as "1 lliT") or is only spaces: refused, nothing added.
    let n = 0;
    for (const [url, body] of [
      ['/v1/admin/terminals', { businessCode: 'NORTH', storeCode: 'N1', name: 'Till \u202E1' }],
      ['/v1/admin/terminals', { businessCode: 'NORTH', storeCode: 'N1', name: '   ' }],
      // Found by a black-box probe: only invisible characters is blank too.
      ['/v1/admin/terminals', { businessCode: 'NORTH', storeCode: 'N1', name: '\u200B' }],
      ['/v1/admin/stores', { businessCode: 'NORTH', code: 'N8', name: ' \uFEFF\u2060 ' }],
      ['/v1/admin/stores', { businessCode: 'NORTH', code: 'N9', name: '\u2067Branch' }],
      ['/v1/admin/businesses', { code: 'SPOOF', name: 'Shop\u202D' }],
      // Found by a walk: a name of only a Braille blank, and one split by a line feed and a tab.
      ['/v1/admin/stores', { businessCode: 'NORTH', code: 'N7', name: '\u2800' }],
      ['/v1/admin/stores', { businessCode: 'NORTH', code: 'N6', name: 'a\nb\tc' }],
      // Found by a walk: a name of only an accent (drawn on nothing), and "Till 1" with a zero-width space after it.
      ['/v1/admin/stores', { businessCode: 'NORTH', code: 'N4', name: '\u0301' }],
      ['/v1/admin/terminals', { businessCode: 'NORTH', storeCode: 'N1', name: 'Till 1\u200B' }],
      ['/v1/admin/terminals', { businessCode: 'NORTH', storeCode: 'N1', name: '\u2060Till 1' }],
    ] as const) {
      const refused = await office.app.inject({
        method: 'POST',
        url,
        headers: office.adminHeaders(`bidi-${n++}`),
        payload: body,
      });
      expect(refused.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(refused.json().code).toBe('validation_failed');
    }
    expect(await countRows(office.store, 'terminals')).toBe(terminals + 1);
    expect(await office.store.db.selectFrom('stores').select('code').where('code', 'in', ['N4', 'N6', 'N7', 'N8', 'N9']).execute()).toEqual([]);
    // A joiner inside a name is a letter's or an emoji's shape, not a blank: taken.
    const joined = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/stores',
      headers: office.adminHeaders('joined-name'),
      payload: { businessCode: 'NORTH', code: 'N5', name: 'Pamilya 👨\u200D👩\u200D👧 Store' },
    });
    expect(joined.statusCode, joined.body).toBeLessThan(300);
    // An accented letter written as a letter and its accent, and an emoji ending in its variation selector: taken.
    const accented = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/stores',
      headers: office.adminHeaders('accented-name'),
      payload: { businessCode: 'NORTH', code: 'N3', name: 'Cafe\u0301 \u2615\uFE0F' },
    });
    expect(accented.statusCode, accented.body).toBeLessThan(300);
  });

  it('refuses an expired pairing code', async () => {
    const created = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/terminals',
      headers: office.adminHeaders('till-exp'),
      payload: { storeCode: 'MAIN', name: 'Late' },
    });
    await office.store.db
      .updateTable('terminals')
      .set({ pairing_expires_at: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', created.json().terminalId)
      .execute();
    const pair = await office.app.inject({ method: 'POST', url: '/v1/terminals/pair', payload: { pairingCode: created.json().pairingCode } });
    expect(pair.statusCode).toBe(400);
    expect(pair.json().code).toBe('pairing_code_invalid');
    const [row] = await office.store.db.selectFrom('terminals').select('token_hash').where('id', '=', created.json().terminalId).execute();
    expect(row?.token_hash).toBeNull();
  });

  it('stores terminal tokens only as hashes', async () => {
    const rows = await office.store.db.selectFrom('terminals').select('token_hash').where('id', '=', till.id).execute();
    expect(rows[0]?.token_hash).not.toBe(till.token);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the catalog incrementally: only what changed since the cursor', async () => {
    const start = (await catalog()).json().cursor as string;
    await putProduct('RICE', { name: 'Rice 1 kg', priceMinor: 6500, taxCode: 'VAT_EXEMPT', barcode: '4800000000011' });
    await putProduct('SOAP', { name: 'Soap', priceMinor: 4500, taxCode: 'VAT12' });
    const first = (await catalog(start)).json();
    expect(first.products.map((p: { sku: string }) => p.sku)).toEqual(['RICE', 'SOAP']);
    expect(first.taxes.map((t: { code: string }) => t.code)).toContain('VAT12');
    await putProduct('RICE', { name: 'Rice 1 kg', priceMinor: 6800, taxCode: 'VAT_EXEMPT', barcode: '4800000000011' });
    const next = (await catalog(first.cursor)).json();
    expect(next.products).toEqual([{ sku: 'RICE', name: 'Rice 1 kg', priceMinor: 6800, taxCode: 'VAT_EXEMPT', barcode: '4800000000011' }]);
    expect((await catalog(next.cursor)).json().products).toEqual([]);
  });

  it('refuses a barcode another product of the business has (409 barcode_in_use), and takes the same product again with its own (finding 7 of the installer probe)', async () => {
    const rice = { name: 'Rice 5kg', priceMinor: 29500, barcode: '4800000000912' };
    expect((await putProduct('RICE-5KG', rice)).statusCode).toBe(200);
    const cursor = (await catalog()).json().cursor as string;
    const refused = await putProduct('SARDINES-DUP', { name: 'Sardines', priceMinor: 2500, barcode: '4800000000912' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'barcode_in_use',
      detail:
        'Barcode 4800000000912 is already on product RICE-5KG of business MAIN: a scan could not tell the two apart. Give this product its own barcode, or take it off RICE-5KG first.',
    });
    expect(await office.store.db.selectFrom('products').select('sku').where('sku', '=', 'SARDINES-DUP').execute()).toEqual([]);
    // Nothing reached the catalog, and no catalog number was taken.
    expect((await catalog(cursor)).json()).toMatchObject({ products: [], cursor });

    // The same product again, its own barcode and all: as often as wanted.
    expect((await putProduct('RICE-5KG', { ...rice, priceMinor: 29900 })).statusCode).toBe(200);
    expect((await putProduct('RICE-5KG', { ...rice, priceMinor: 29900 })).statusCode).toBe(200);
    // Moved: off one product, then onto another.
    expect((await putProduct('RICE-5KG', { name: 'Rice 5kg', priceMinor: 29900 })).statusCode).toBe(200);
    expect((await putProduct('SARDINES-DUP', { name: 'Sardines', priceMinor: 2500, barcode: '4800000000912' })).statusCode).toBe(200);
    // Another business may use the same barcode for a product of its own.
    const other = await office.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/RICE-5KG',
      headers: office.adminHeaders(),
      payload: { businessCode: 'NORTH', name: 'Rice 5kg', priceMinor: 29500, barcode: '4800000000912' },
    });
    expect(other.statusCode).toBe(200);

    // Two products racing for one barcode: one gets it.
    const race = await Promise.all(
      ['RACE-A', 'RACE-B', 'RACE-C'].map((sku) => putProduct(sku, { name: sku, priceMinor: 100, barcode: '4800000000929' })),
    );
    expect(race.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409]);
    expect(await office.store.db.selectFrom('products').select('sku').where('barcode', '=', '4800000000929').execute()).toHaveLength(1);
  });

  it("found by a black-box probe: a product put without businessCode is MAIN's, as every admin route's business defaults (no 400 naming it)", async () => {
    const put = (sku: string, payload: object) =>
      office.app.inject({ method: 'PUT', url: `/v1/admin/products/${sku}`, headers: office.adminHeaders(), payload });
    const productsOf = (sku: string) =>
      office.store.db
        .selectFrom('products as p')
        .innerJoin('businesses as b', 'b.id', 'p.business_id')
        .select(['b.code as business', 'p.name', 'p.price_minor'])
        .where('p.sku', '=', sku)
        .orderBy('b.code')
        .execute();

    const answer = await put('DEFAULT-SOAP', { name: 'Soap', priceMinor: 4_500 });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ sku: 'DEFAULT-SOAP', name: 'Soap', priceMinor: 4_500 });
    expect((await productsOf('DEFAULT-SOAP')).map((p) => [p.business, p.name, Number(p.price_minor)])).toEqual([['MAIN', 'Soap', 4_500]]);
    // MAIN's till gets it in its catalog.
    expect((await catalog()).json().products).toEqual(expect.arrayContaining([expect.objectContaining({ sku: 'DEFAULT-SOAP', priceMinor: 4_500 })]));

    // Named, a business is still that business; an unknown one is still 404 with nothing stored.
    expect((await put('DEFAULT-SOAP', { businessCode: 'NORTH', name: 'Soap', priceMinor: 4_400 })).statusCode).toBe(200);
    const unknown = await put('DEFAULT-SOAP', { businessCode: 'NOWHERE', name: 'Soap', priceMinor: 1 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    expect((await productsOf('DEFAULT-SOAP')).map((p) => [p.business, Number(p.price_minor)])).toEqual([
      ['MAIN', 4_500],
      ['NORTH', 4_400],
    ]);
  });

  it('records a heartbeat on the terminal row', async () => {
    const beat = await office.app.inject({
      method: 'POST',
      url: '/v1/terminals/heartbeat',
      headers: till.headers(),
      payload: { queueDepth: 3, oldestPendingAt: '2026-01-01T08:00:00+08:00', needsAttention: 1, appVersion: '0.1.0', pendingValueMinor: 12_345 },
    });
    expect(beat.statusCode).toBe(204);
    const [row] = await office.store.db.selectFrom('terminals').selectAll().where('id', '=', till.id).execute();
    expect(row).toMatchObject({ queue_depth: 3, needs_attention: 1, app_version: '0.1.0', oldest_pending_at: '2026-01-01T00:00:00.000Z' });
    expect(Number(row?.pending_value_minor)).toBe(12_345);
  });

  it("answers which of a till's acknowledged sales and refunds it holds, by key: not another till's, not a key it only has an answer for", async () => {
    const beat = (who: PairedTerminal, synced?: unknown) =>
      office.app.inject({
        method: 'POST',
        url: '/v1/terminals/heartbeat',
        headers: who.headers(),
        payload: { queueDepth: 0, oldestPendingAt: null, needsAttention: 0, appVersion: '0.1.0', ...(synced === undefined ? {} : { synced }) },
      });
    const other = await office.pairTerminal();
    const sale = await office.app.inject({
      method: 'POST',
      url: '/v1/sales',
      headers: till.headers('held-sale'),
      payload: aSale({ lines: [{ sku: 'RICE-5KG', name: 'Rice 5 kg', qty: 2, unitPriceMinor: 32_500 }] }),
    });
    expect(sale.statusCode).toBe(201);
    const refund = await office.app.inject({
      method: 'POST',
      url: `/v1/sales/${sale.json().id}/refund`,
      headers: till.headers('held-refund'),
      payload: { localNumber: 'T-R000001', occurredAt: new Date().toISOString(), lines: [{ sku: 'RICE-5KG', qty: 1 }], reason: 'torn bag' },
    });
    expect(refund.statusCode).toBe(201);
    await office.app.inject({ method: 'POST', url: '/v1/sales', headers: other.headers('other-till-sale'), payload: aSale() });
    // A key the back office answered a refusal for holds no document.
    const refused = await office.app.inject({
      method: 'POST',
      url: '/v1/sales/no-such-sale/refund',
      headers: till.headers('refused-refund'),
      payload: { localNumber: 'T-R000002', occurredAt: new Date().toISOString(), lines: [{ sku: 'RICE-5KG', qty: 1 }], reason: 'x' },
    });
    expect(refused.statusCode).toBe(404);

    const answer = await beat(till, ['lost-sale', 'held-refund', 'other-till-sale', 'refused-refund', 'held-sale']);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ held: ['held-refund', 'held-sale'] });
    expect((await beat(other, ['held-sale', 'other-till-sale'])).json()).toEqual({ held: ['other-till-sale'] });
    expect((await beat(till, [])).json()).toEqual({ held: [] });
    // Without `synced`, as older tills send it: 204, as before.
    expect((await beat(till)).statusCode).toBe(204);
    // Bounded: 500 keys at most, each a key's length.
    expect(
      (
        await beat(
          till,
          Array.from({ length: 500 }, (_, i) => `k-${i}`),
        )
      ).json(),
    ).toEqual({ held: [] });
    const tooMany = await beat(
      till,
      Array.from({ length: 501 }, (_, i) => `k-${i}`),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().code).toBe('validation_failed');
    expect((await beat(till, ['x'.repeat(256)])).statusCode).toBe(400);
  });

  it('lists sales for the back office, oldest first, page by page', async () => {
    for (let i = 0; i < 3; i++) await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers(`list-${i}`), payload: aSale() });
    const all: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = `/v1/admin/sales?businessCode=MAIN&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = (await office.app.inject({ method: 'GET', url: query, headers: office.adminHeaders() })).json();
      all.push(...response.items.map((s: { invoiceNumber: string }) => s.invoiceNumber));
      cursor = response.nextCursor;
      if (!cursor) break;
    }
    expect(all).toHaveLength(await countRows(office.store, 'sales'));
    expect([...all].sort()).toEqual(all);
  });

  it('applies a configured invoice format, and widens the counter past 9999', async () => {
    const set = await office.app.inject({
      method: 'PUT',
      url: '/v1/admin/series/invoice',
      headers: office.adminHeaders(),
      payload: { businessCode: 'MAIN', format: 'SI-{yy}{mm}-{seq:4}', reset: 'monthly' },
    });
    expect(set.statusCode).toBe(200);
    const refused = await office.app.inject({
      method: 'PUT',
      url: '/v1/admin/series/invoice',
      headers: office.adminHeaders(),
      payload: { businessCode: 'MAIN', format: 'SI-{seq:4}', reset: 'monthly' },
    });
    expect(refused.statusCode).toBe(400);
    const sale = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('formatted'), payload: aSale() });
    expect(sale.json().invoiceNumber).toMatch(/^SI-\d{4}-\d{4}$/);
    await office.store.db.updateTable('number_counters').set({ last_value: 9999 }).where('series', '=', 'invoice').execute();
    const wide = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('wide'), payload: aSale() });
    expect(wide.json().invoiceNumber).toMatch(/^SI-\d{4}-10000$/);
    // Once numbers were issued, a new reset policy could issue them again: refused.
    const before = await office.store.db.selectFrom('series_settings').selectAll().execute();
    const policy = await office.app.inject({
      method: 'PUT',
      url: '/v1/admin/series/invoice',
      headers: office.adminHeaders(),
      payload: { businessCode: 'MAIN', format: 'SI-{seq:6}', reset: 'never' },
    });
    expect(policy.statusCode).toBe(409);
    expect(await office.store.db.selectFrom('series_settings').selectAll().execute()).toEqual(before);
  });

  it('found by a black-box probe: a format change that would issue a number again is refused (409, nothing changed), so the series never sticks on a repeated number', async () => {
    const put = (format: string) =>
      office.app.inject({
        method: 'PUT',
        url: '/v1/admin/series/return',
        headers: office.adminHeaders(),
        payload: { businessCode: 'MAIN', format, reset: 'monthly' },
      });
    const refundOne = async (key: string) => {
      const sale = (
        await office.app.inject({
          method: 'POST',
          url: '/v1/sales',
          headers: till.headers(`${key}-sale`),
          payload: aSale({ lines: [{ sku: 'RICE-5KG', name: 'Rice 5 kg', qty: 1, unitPriceMinor: 32_500 }] }),
        })
      ).json();
      const refund = await office.app.inject({
        method: 'POST',
        url: `/v1/sales/${sale.id}/refund`,
        headers: till.headers(key),
        payload: { localNumber: `T-${key}`, occurredAt: new Date().toISOString(), lines: [{ sku: 'RICE-5KG', qty: 1 }], reason: 'torn bag' },
      });
      expect(refund.statusCode, refund.body).toBe(201);
      return refund.json().returnNumber as string;
    };
    expect((await put('RT-{yyyy}{mm}-1{seq}')).statusCode).toBe(200);
    const first = await refundOne('repeat-1');
    const second = await refundOne('repeat-2');
    // "1" then the counter: the returns issued before (other scenarios) and these two, say RT-202612-12 and -13.
    const seqOf = (number: string) => Number(/^RT-\d{6}-1(\d+)$/.exec(number)?.[1]);
    expect(seqOf(second)).toBe(seqOf(first) + 1);

    // Under "-{seq}" the 12th and 13th returns of the month would be those two again.
    const before = await office.store.db.selectFrom('series_settings').selectAll().execute();
    const refused = await put('RT-{yyyy}{mm}-{seq}');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', detail: expect.stringMatching(new RegExp(`would issue (${first}|${second}) again`)) });
    expect(await office.store.db.selectFrom('series_settings').selectAll().execute()).toEqual(before);
    // A format whose numbers cannot meet them is taken, the same one again too, and the series goes on.
    expect((await put('RT-{yyyy}{mm}-1{seq}')).statusCode).toBe(200);
    expect((await put('RTN-{yyyy}{mm}-{seq:4}')).statusCode).toBe(200);
    expect(await refundOne('repeat-3')).toMatch(new RegExp(`^RTN-\\d{6}-${String(seqOf(second) + 1).padStart(4, '0')}$`));
  });

  it('drains a batch: each item answered as if sent alone, in order', async () => {
    const known = aSale();
    const single = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('batch-known'), payload: known });
    const after = aSale();
    const items = [
      { key: 'batch-known', method: 'POST', path: '/v1/sales', body: known },
      { key: 'batch-new', method: 'POST', path: '/v1/sales', body: aSale() },
      { key: 'batch-bad', method: 'POST', path: '/v1/sales', body: { ...aSale(), lines: [] } },
      { key: 'batch-admin', method: 'POST', path: '/v1/admin/businesses', body: { code: 'X', name: 'x' } },
      // Another method than POST: that item alone is refused, the items after it still go.
      { key: 'batch-put', method: 'PUT', path: '/v1/sales', body: aSale() },
      { key: 'batch-after', method: 'POST', path: '/v1/sales', body: after },
    ];
    const before = await countRows(office.store, 'sales');
    const batch = await office.app.inject({ method: 'POST', url: '/v1/sync/batch', headers: till.headers(), payload: { items } });
    expect(batch.statusCode).toBe(200);
    const results = batch.json().results;
    expect(results.map((r: { key: string; status: number; replayed: boolean }) => [r.key, r.status, r.replayed])).toEqual([
      ['batch-known', 201, true],
      ['batch-new', 201, false],
      ['batch-bad', 400, false],
      ['batch-admin', 400, false],
      ['batch-put', 400, false],
      ['batch-after', 201, false],
    ]);
    expect(results[0].body).toEqual(single.json());
    expect(results[3].body.code).toBe('batch_item_not_allowed');
    expect(results[4].body).toMatchObject({ code: 'batch_item_not_allowed', detail: 'PUT /v1/sales cannot be sent in a batch.' });
    expect(await countRows(office.store, 'sales')).toBe(before + 2);
    const localNumbers = await office.store.db
      .selectFrom('sales')
      .select('local_number')
      .where('idempotency_key', 'in', ['batch-put', 'batch-after'])
      .execute();
    expect(localNumbers.map((row) => row.local_number)).toEqual([after.localNumber]);
    const tooMany = await office.app.inject({
      method: 'POST',
      url: '/v1/sync/batch',
      headers: till.headers(),
      payload: { items: Array.from({ length: 501 }, (_, i) => ({ ...items[1], key: `k${i}` })) },
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const doc = (await office.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/sales', '/v1/sync/batch', '/v1/catalog', '/v1/terminals/pair']));
    expect(doc.paths['/v1/sales'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['localNumber', 'lines', 'payments']),
    );
  });
});
