import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { Correction, StockDocumentList } from '../../protocol';
import { fleetSessionCookie, startBackOffice, type TestBackOffice, range } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, footprint, ledgerMilli, seriesValues } from '../support/stock-documents';

describe.each(databaseKinds)('corrections under the two-person rule on %s', (kind) => {
  let bo: TestBackOffice;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
  });
  afterAll(async () => bo.close());

  const draft = async (storeCode: string, draftedBy = 'Mario', lines = [{ sku: 'GIN', qtyDelta: -2 }]) => {
    const response = await adminPost(bo, '/v1/correction-drafts', { storeCode, reason: 'broken bottles', draftedBy, lines });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Correction;
  };

  it('a draft moves nothing and has no number; the manager who drafted it cannot approve it; another one can, once, and both are recorded', async () => {
    await addStore(bo, 'TWO');
    const before = await footprint(bo.store);
    const drafted = await draft('TWO');
    expect(drafted).toMatchObject({ status: 'draft', number: null, draftedBy: 'Mario', approvedBy: null });
    expect(await ledgerMilli(bo.store, 'TWO', 'GIN')).toBe(0);
    const after = await footprint(bo.store);
    expect(after.stock_movements).toBe(before.stock_movements);
    expect(after.counterTotal).toBe(before.counterTotal);

    for (const same of ['Mario', ' mario ']) {
      const refused = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by: same });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'second_manager_required' });
    }
    expect(await ledgerMilli(bo.store, 'TWO', 'GIN')).toBe(0);

    const key = uuidv7();
    const approved = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by: 'Liza' }, key);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'posted', draftedBy: 'Mario', approvedBy: 'Liza', lines: [{ sku: 'GIN', qtyDelta: -2 }] });
    expect((approved.json() as Correction).number).toMatch(/^ADJ-\d{6}-\d{4}$/);
    const replay = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by: 'Liza' }, key);
    expect(replay.body).toBe(approved.body);
    const twice = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by: 'Ramon' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already_approved' });
    expect(await ledgerMilli(bo.store, 'TWO', 'GIN')).toBe(-2_000);
    const row = await bo.store.db
      .selectFrom('stock_documents')
      .select(['drafted_by', 'approved_by', 'status'])
      .where('id', '=', drafted.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ drafted_by: 'Mario', approved_by: 'Liza', status: 'posted' });
  });

  it('the same draft approved by two managers at once moves stock once', async () => {
    await addStore(bo, 'RACE');
    const drafted = await draft('RACE');
    const answers = await Promise.all(
      ['Liza', 'Ramon', 'Ana', 'Jo'].map((by) => adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by })),
    );
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    for (const a of answers.filter((a) => a.statusCode !== 200)) expect(a.statusCode).toBe(409);
    expect(await ledgerMilli(bo.store, 'RACE', 'GIN')).toBe(-2_000);
  });

  it('a discarded draft moves nothing, takes no number, and can be neither approved nor discarded again', async () => {
    await addStore(bo, 'DROP');
    const drafted = await draft('DROP', 'Mario', [{ sku: 'RUM', qtyDelta: 5 }]);
    const discarded = await adminPost(bo, `/v1/correction-drafts/${drafted.id}/discard`, { by: 'Mario' });
    expect(discarded.json()).toMatchObject({ status: 'discarded', discardedBy: 'Mario', number: null });
    expect((await adminPost(bo, `/v1/correction-drafts/${drafted.id}/approve`, { by: 'Liza' })).json()).toMatchObject({
      code: 'correction_discarded',
    });
    expect((await adminPost(bo, `/v1/correction-drafts/${drafted.id}/discard`, { by: 'Liza' })).json()).toMatchObject({
      code: 'correction_discarded',
    });
    expect(await ledgerMilli(bo.store, 'DROP', 'RUM')).toBe(0);
    const values = await seriesValues(bo.store, 'correction');
    expect(values).toEqual(range(values.length));
    const list = (
      await bo.app.inject({ method: 'GET', url: '/v1/stock-documents?kind=correction&storeCode=DROP', headers: bo.adminHeaders() })
    ).json() as StockDocumentList;
    expect(list.items).toMatchObject([{ id: drafted.id, status: 'discarded', discardedBy: 'Mario', number: null, lines: [{ sku: 'RUM', qty: 5 }] }]);
  });

  it('bad drafts and decisions are 4xx problems and change nothing', async () => {
    await addStore(bo, 'BADD');
    const drafted = await draft('BADD');
    const before = await footprint(bo.store);
    const cases: [string, unknown, number][] = [
      ['/v1/correction-drafts', { storeCode: 'BADD', reason: 'r', draftedBy: 'M', lines: [{ sku: 'A', qtyDelta: 0 }] }, 400],
      ['/v1/correction-drafts', { storeCode: 'BADD', reason: 'r', draftedBy: '   ', lines: [{ sku: 'A', qtyDelta: 1 }] }, 400],
      ['/v1/correction-drafts', { storeCode: 'BADD', reason: '   ', draftedBy: 'M', lines: [{ sku: 'A', qtyDelta: 1 }] }, 400],
      ['/v1/correction-drafts', { storeCode: 'BADD', reason: 'r', lines: [{ sku: 'A', qtyDelta: 1 }] }, 400],
      ['/v1/correction-drafts', { storeCode: 'NOPE', reason: 'r', draftedBy: 'M', lines: [{ sku: 'A', qtyDelta: 1 }] }, 404],
      [`/v1/correction-drafts/${drafted.id}/approve`, {}, 400],
      [`/v1/correction-drafts/${drafted.id}/approve`, { by: '' }, 400],
      ['/v1/correction-drafts/nope/approve', { by: 'Liza' }, 404],
    ];
    for (const [url, body, status] of cases) {
      const response = await adminPost(bo, url, body);
      expect(response.statusCode, `${url} ${JSON.stringify(body)} ${response.body}`).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(await footprint(bo.store)).toEqual(before);
  });

  it('found by a black-box review: listing stock documents by a state that is none (status=bogus) is 400 naming the states, not an empty list', async () => {
    await addStore(bo, 'LIST');
    const drafted = await draft('LIST');
    const list = (query: string, headers = bo.adminHeaders()) => bo.app.inject({ method: 'GET', url: `/v1/stock-documents?${query}`, headers });
    const till = await bo.pairTerminal({ storeCode: 'LIST' });
    for (const [query, path, values] of [
      ['status=bogus', '/status', 'draft, approved, sent, received, posted, discarded'],
      ['status=Draft&storeCode=LIST', '/status', 'draft, approved, sent, received, posted, discarded'],
      ['kind=bogus', '/kind', 'receipt, transfer, correction, supplier_return'],
    ] as const) {
      for (const headers of [bo.adminHeaders(), till.headers()]) {
        const refused = await list(query, headers);
        expect(refused.statusCode, `${query}: ${refused.body}`).toBe(400);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path, message: `must be one of: ${values}` }] });
      }
    }
    // A state that is one lists what is in it.
    const drafts = (await list('status=draft&storeCode=LIST')).json() as StockDocumentList;
    expect(drafts.items.map((d) => [d.id, d.status])).toEqual([[drafted.id, 'draft']]);
    expect(((await list('status=posted&storeCode=LIST')).json() as StockDocumentList).items).toEqual([]);

    // The stock page's State filter offers the same states: one of them lists, another is a 400 page.
    const cookie = await fleetSessionCookie(bo);
    const page = (query: string) => bo.app.inject({ method: 'GET', url: `/fleet/stock?${query}`, headers: { cookie } });
    const filtered = await page('status=draft&storeCode=LIST');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('<option value="posted">posted</option>');
    expect(filtered.body).toContain('broken bottles');
    expect((await page('status=')).statusCode).toBe(200);
    const refusedPage = await page('status=bogus');
    expect(refusedPage.statusCode).toBe(400);
    expect(refusedPage.headers['content-type']).toContain('text/html');
  });
});
