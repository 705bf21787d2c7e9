import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../protocol';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/**
 * A database from before business and store codes were one whatever their case, holding the
 * stores MAKATI and makati in business MAIN and the businesses MAIN and main: every list that
 * filters by code answers the exactly spelled one's rows only, and refuses a third spelling,
 * 409 naming both (docs/PROTOCOL.md). Found by a review: the lists matched both.
 */
describe.each(databaseKinds)('lists filtered by a code two legacy rows share whatever their case, on %s', (kind) => {
  let office: TestBackOffice;
  let upper: PairedTerminal;
  let lower: PairedTerminal;
  let otherBusiness: PairedTerminal;

  const get = (url: string) => office.app.inject({ method: 'GET', url, headers: office.adminHeaders() });
  const post = (url: string, key: string, payload: object) => office.app.inject({ method: 'POST', url, headers: office.adminHeaders(key), payload });
  const journalEntry = (text: string): JournalEntry => ({
    seq: 1,
    kind: 'sale',
    documentNumber: 'T01-000001',
    reprint: false,
    printedAt: '2026-11-30T02:00:00.000Z',
    day: '2026-11-30',
    text,
  });
  const expectAmbiguous = (response: { statusCode: number; json(): { code: string; detail: string } }, both: string) => {
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('conflict');
    expect(response.json().detail).toContain(both);
  };

  beforeAll(async () => {
    office = await startBackOffice(kind);
    const db = office.store.db;
    const now = new Date().toISOString();
    const main = await db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    // Straight into the database, as an older version let them in.
    for (const code of ['MAKATI', 'makati'])
      await db.insertInto('stores').values({ id: crypto.randomUUID(), business_id: main.id, code, name: code, created_at: now }).execute();
    const legacy = { id: crypto.randomUUID(), code: 'main', name: 'main (legacy)', currency: 'PHP', timezone: 'Asia/Manila', created_at: now };
    await db.insertInto('businesses').values(legacy).execute();
    await db
      .insertInto('stores')
      .values({ id: crypto.randomUUID(), business_id: legacy.id, code: 'MAKATI', name: 'Makati', created_at: now })
      .execute();

    upper = await office.pairTerminal({ storeCode: 'MAKATI' });
    lower = await office.pairTerminal({ storeCode: 'makati' });
    otherBusiness = await office.pairTerminal({ businessCode: 'main', storeCode: 'MAKATI' });
    for (const [till, key] of [
      [upper, 'upper'],
      [lower, 'lower'],
      [otherBusiness, 'other'],
    ] as const) {
      const sale = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers(`sale-${key}`), payload: aSale() });
      expect(sale.statusCode).toBe(201);
      const journal = await office.app.inject({
        method: 'POST',
        url: '/v1/journal',
        headers: till.headers(),
        payload: { entries: [journalEntry(`journal of ${key}`)] },
      });
      expect(journal.statusCode).toBe(200);
    }
    for (const code of ['MAKATI', 'makati']) {
      const draft = await post('/v1/purchase-receipts', `receipt-${code}`, {
        storeCode: code,
        supplier: 'Mega Foods',
        lines: [{ sku: 'RICE-5KG', qty: 4, unitCostMinor: 100 }],
      });
      expect(draft.statusCode).toBe(201);
      const count = await post('/v1/stock-counts', `count-${code}`, { storeCode: code, startedBy: 'Maria' });
      expect(count.statusCode).toBe(201);
    }
    const otherCount = await post('/v1/stock-counts', 'count-other', { businessCode: 'main', storeCode: 'MAKATI', startedBy: 'Maria' });
    expect(otherCount.statusCode).toBe(201);
  });
  afterAll(async () => office?.close());

  const salesOf = async (query: string) => {
    const response = await get(`/v1/admin/sales?${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json().items as { businessCode: string; storeCode: string }[]).map((s) => `${s.businessCode}/${s.storeCode}`).sort();
  };

  it('GET /v1/admin/sales: a store code spelled exactly lists that store, in each business that has it; a third spelling is refused', async () => {
    expect(await salesOf('businessCode=MAIN&storeCode=makati')).toEqual(['MAIN/makati']);
    expect(await salesOf('businessCode=MAIN&storeCode=MAKATI')).toEqual(['MAIN/MAKATI']);
    // No business named: MAIN's MAKATI and main's MAKATI, never MAIN's makati.
    expect(await salesOf('storeCode=MAKATI')).toEqual(['MAIN/MAKATI', 'main/MAKATI']);
    // main has one store whatever its case: makati is its MAKATI there (and MAIN's makati in MAIN).
    expect(await salesOf('storeCode=makati')).toEqual(['MAIN/makati', 'main/MAKATI']);
    expectAmbiguous(await get('/v1/admin/sales?businessCode=MAIN&storeCode=Makati'), 'Stores MAKATI and makati differ only in case');
    expectAmbiguous(await get('/v1/admin/sales?storeCode=Makati'), 'Stores MAKATI and makati differ only in case');
    // An unknown code lists nothing, as before.
    expect(await salesOf('storeCode=PASIG')).toEqual([]);
    expect(await salesOf('businessCode=NOPE')).toEqual([]);
  });

  it('GET /v1/admin/sales: a business code spelled exactly lists that business; a third spelling is refused', async () => {
    expect(await salesOf('businessCode=main')).toEqual(['main/MAKATI']);
    expect(await salesOf('businessCode=MAIN')).toEqual(['MAIN/MAKATI', 'MAIN/makati']);
    expect(await salesOf('businessCode=main&storeCode=makati')).toEqual(['main/MAKATI']);
    expectAmbiguous(await get('/v1/admin/sales?businessCode=Main'), 'Businesses MAIN and main differ only in case');
  });

  it('GET /v1/admin/stock: the exact store only', async () => {
    const stockOf = async (query: string) => {
      const response = await get(`/v1/admin/stock?${query}`);
      expect(response.statusCode).toBe(200);
      return (response.json().items as { storeCode: string; onHand: number }[]).map((l) => `${l.storeCode} ${l.onHand}`);
    };
    expect(await stockOf('storeCode=makati')).toEqual(['makati -1']);
    expect(await stockOf('storeCode=MAKATI')).toEqual(['MAKATI -1']);
    expect(await stockOf('businessCode=main&storeCode=makati')).toEqual(['MAKATI -1']);
    expectAmbiguous(await get('/v1/admin/stock?storeCode=Makati'), 'Stores MAKATI and makati differ only in case');
    expectAmbiguous(await get('/v1/admin/stock?businessCode=Main'), 'Businesses MAIN and main differ only in case');
    expect(await stockOf('storeCode=PASIG')).toEqual([]);
    expect((await get('/v1/admin/stock?businessCode=NOPE')).statusCode).toBe(404);
  });

  it('GET /v1/stock-documents: the exact store only', async () => {
    const documentsOf = async (query: string) => {
      const response = await get(`/v1/stock-documents?${query}`);
      expect(response.statusCode).toBe(200);
      return (response.json().items as { storeCode: string }[]).map((d) => d.storeCode);
    };
    expect(await documentsOf('storeCode=makati')).toEqual(['makati']);
    expect(await documentsOf('storeCode=MAKATI')).toEqual(['MAKATI']);
    expectAmbiguous(await get('/v1/stock-documents?storeCode=Makati'), 'Stores MAKATI and makati differ only in case');
    expect(await documentsOf('storeCode=PASIG')).toEqual([]);
  });

  it('GET /v1/stock-counts: the exact business and store only', async () => {
    const countsOf = async (query: string) => {
      const response = await get(`/v1/stock-counts?${query}`);
      expect(response.statusCode).toBe(200);
      return (response.json().items as { storeCode: string }[]).map((c) => c.storeCode).sort();
    };
    expect(await countsOf('storeCode=makati')).toEqual(['makati']);
    expect(await countsOf('storeCode=MAKATI')).toEqual(['MAKATI']);
    expect(await countsOf('businessCode=MAIN')).toEqual(['MAKATI', 'makati']);
    expect(await countsOf('businessCode=main')).toEqual(['MAKATI']);
    expectAmbiguous(await get('/v1/stock-counts?storeCode=Makati'), 'Stores MAKATI and makati differ only in case');
    expectAmbiguous(await get('/v1/stock-counts?businessCode=Main'), 'Businesses MAIN and main differ only in case');
    expect(await countsOf('storeCode=PASIG')).toEqual([]);
    expect(await countsOf('businessCode=NOPE')).toEqual([]);
    // A till of makati sees makati's count only.
    const tillView = await office.app.inject({ method: 'GET', url: '/v1/stock-counts', headers: lower.headers() });
    expect((tillView.json().items as { storeCode: string }[]).map((c) => c.storeCode)).toEqual(['makati']);
  });

  it("GET /v1/admin/journal: the exactly spelled business's till, never the other's", async () => {
    expect(upper.code).toBe(otherBusiness.code);
    const journalOf = async (businessCode: string) => {
      const response = await get(`/v1/admin/journal?businessCode=${businessCode}&terminal=${upper.code}&day=2026-11-30`);
      expect(response.statusCode).toBe(200);
      return response.body;
    };
    expect(await journalOf('main')).toContain('journal of other');
    expect(await journalOf('main')).not.toContain('journal of upper');
    expect(await journalOf('MAIN')).toContain('journal of upper');
    expect(await journalOf('MAIN')).not.toContain('journal of other');
    expectAmbiguous(
      await get(`/v1/admin/journal?businessCode=Main&terminal=${upper.code}&day=2026-11-30`),
      'Businesses MAIN and main differ only in case',
    );
    expect((await get(`/v1/admin/journal?businessCode=NOPE&terminal=${upper.code}&day=2026-11-30`)).statusCode).toBe(404);
  });
});
