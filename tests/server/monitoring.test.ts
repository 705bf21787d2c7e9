import { readSettings } from '../../server/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { MonitoringReport } from '../../protocol';
import { aSale, range, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { adminPost, post } from '../support/stock-documents';
import { WRITE_ENDPOINTS } from '../../server/monitoring/monitoring-report';

const METRICS_TOKEN = 'prometheus-scraper-token-42';

describe.each(databaseKinds)('monitoring and metrics on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  const report = async () => {
    const response = await bo.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: bo.adminHeaders() });
    expect(response.statusCode).toBe(200);
    return response.json() as MonitoringReport;
  };
  const sell = async (localNumber: string) => {
    const response = await post(
      bo,
      '/v1/sales',
      till.headers(uuidv7()),
      aSale({ localNumber, lines: [{ sku: 'COLA', qty: 1, unitPriceMinor: 2_500 }] }),
    );
    expect(response.statusCode).toBe(201);
    return (response.json() as { id: string }).id;
  };

  beforeAll(async () => {
    bo = await startBackOffice(kind, { metricsToken: METRICS_TOKEN });
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo.close());

  it('reports a gap in a terminal receipt series, with the missing number, and none where there is none', async () => {
    for (const n of [1, 2, 4, 5]) await sell(`T01-${String(n).padStart(6, '0')}`);
    const other = await bo.pairTerminal();
    await post(bo, '/v1/sales', other.headers(uuidv7()), aSale({ localNumber: 'B-1' }));
    const r = await report();
    const mine = r.terminalReceipts.find((t) => t.terminalCode === till.code);
    expect(mine).toEqual({
      businessCode: 'MAIN',
      terminalCode: till.code,
      receivedBy: [till.code],
      prefix: 'T01-',
      received: 4,
      last: 5,
      gaps: 1,
      duplicates: 0,
      missing: [3],
      voided: 0,
      voids: [],
    });
    expect(r.terminalReceipts.find((t) => t.terminalCode === other.code)).toMatchObject({ prefix: 'B-', received: 1, gaps: 0 });
    expect(r.totals.terminalReceiptGaps).toBe(1);
    // The late receipt arrives: the gap closes.
    await sell('T01-000003');
    expect((await report()).totals.terminalReceiptGaps).toBe(0);
  });

  it('counts document numbers per series from the rows: no duplicates, no gaps, until a number goes missing', async () => {
    await adminPost(bo, '/v1/inventory-corrections', { storeCode: 'MAIN', reason: 'count', lines: [{ sku: 'COLA', qtyDelta: 5 }] });
    const r = await report();
    expect(r.totals.duplicateNumbers).toBe(0);
    expect(r.totals.seriesGaps).toBe(0);
    const invoices = r.series.find((s) => s.series === 'invoice');
    const sales = await bo.store.db.selectFrom('sales').select('id').execute();
    expect(invoices).toMatchObject({ businessCode: 'MAIN', documents: sales.length, issued: sales.length, gaps: 0, duplicates: 0 });
    expect(r.series.find((s) => s.series === 'correction')).toMatchObject({ documents: 1, gaps: 0 });
    // A counter that moved without a document (what a lost number would look like).
    await bo.store.db
      .updateTable('number_counters')
      .set((eb) => ({ last_value: eb('last_value', '+', 2) }))
      .where('series', '=', 'correction')
      .execute();
    const broken = await report();
    expect(broken.totals.seriesGaps).toBe(2);
    expect(broken.series.find((s) => s.series === 'correction')).toMatchObject({ issued: 3, documents: 1, gaps: 2 });
    await bo.store.db
      .updateTable('number_counters')
      .set((eb) => ({ last_value: eb('last_value', '-', 2) }))
      .where('series', '=', 'correction')
      .execute();
  });

  it('counts replays per endpoint against first-time requests, over 24 hours', async () => {
    const saleId = await sell('T01-000006');
    const key = uuidv7();
    const refund = { localNumber: 'R-1', occurredAt: new Date().toISOString(), lines: [{ sku: 'COLA', qty: 1 }], reason: 'flat' };
    for (let i = 0; i < 3; i++) await post(bo, `/v1/sales/${saleId}/refund`, till.headers(key), refund);
    const r = await report();
    expect(r.replays.find((e) => e.endpoint === 'POST /v1/sales/:id/refund')).toEqual({
      endpoint: 'POST /v1/sales/:id/refund',
      requests: 1,
      replays: 2,
    });
    const salesRow = r.replays.find((e) => e.endpoint === 'POST /v1/sales');
    const stored = await bo.store.db.selectFrom('idempotency_responses').select('key').where('path', '=', '/v1/sales').execute();
    expect(salesRow?.requests).toBe(stored.length);
  });

  it('lists every route that takes an Idempotency-Key, those nobody used today with 0 requests and 0 replays', async () => {
    expect([...WRITE_ENDPOINTS].sort()).toEqual([...bo.writeEndpoints].sort());
    const r = await report();
    for (const endpoint of bo.writeEndpoints) expect(r.replays.map((e) => e.endpoint)).toContain(endpoint);
    expect(r.replays.find((e) => e.endpoint === 'POST /v1/stock-counts/:id/discard')).toEqual({
      endpoint: 'POST /v1/stock-counts/:id/discard',
      requests: 0,
      replays: 0,
    });
  });

  it('every route that changes something takes an Idempotency-Key, but for a known few that are idempotent by what they are', () => {
    // A new POST, PUT, PATCH or DELETE must either require the key (and so count in the
    // monitoring's replays) or be added here with the reason a retry cannot do it twice.
    const withoutKey: Record<string, string> = {
      'POST /v1/terminals/pair': 'the pairing code is spent by its first use (PROTOCOL.md: the one POST without a key)',
      'POST /v1/terminals/heartbeat': "the till's state as of now: the last one wins",
      'POST /v1/sync/batch': 'each item carries its own key',
      'POST /v1/journal': 'each entry is keyed by (terminal, seq): stored once',
      'POST /v1/terminals/voided-documents': 'each void is keyed by (terminal, local number): stored once',
      'POST /v1/stock-counts/:id/import-preview': 'a preview: reads, writes nothing',
      'PUT /v1/admin/products/:sku': 'PUT: the product as given, again',
      'PUT /v1/admin/series/:series': 'PUT: the series settings as given, again',
      'PUT /v1/admin/businesses/:businessCode/profile': 'PUT: the profile as given, again',
      'PUT /v1/admin/terminals/:terminalId/machine': 'PUT: the machine as given, again',
      'PUT /v1/admin/businesses/:businessCode/stores/:storeCode/branch': "PUT: the branch's address and code as given, again",
      'POST /fleet/login': 'a session cookie, nothing stored',
      'POST /fleet/logout': 'a session ended twice is ended',
      'POST /fleet/invoice-profile': "the manager's form: the profile as given, again",
      'POST /fleet/branches': "the manager's form: the branch's address and code as given, again",
      'POST /fleet/stock/do': "the manager's form carries its own key (a hidden field)",
      'POST /fleet/stock/counts/:id': "the manager's form carries its own key (a hidden field)",
      'POST /fleet/stock/counts/:id/preview': 'a preview: reads, writes nothing',
    };
    const changing = bo.routes.filter((route) => /^(POST|PUT|PATCH|DELETE) /.test(route));
    expect(changing.filter((route) => !bo.writeEndpoints.includes(route)).sort()).toEqual(Object.keys(withoutKey).sort());
  });

  it('shows each terminal with its last contact, queue and oldest pending sale; stale and old queues stand out', async () => {
    const fresh = await bo.pairTerminal({ name: 'Fresh till' });
    const stale = await bo.pairTerminal({ name: 'Stale till' });
    const oldPendingAt = new Date(Date.now() - 30 * 3_600_000).toISOString();
    const beat = (t: PairedTerminal, body: object) => post(bo, '/v1/terminals/heartbeat', t.headers(), body);
    expect(
      (
        await beat(fresh, {
          queueDepth: 2,
          oldestPendingAt: new Date().toISOString(),
          needsAttention: 0,
          appVersion: '1.0.0',
          pendingValueMinor: 5_000,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await beat(stale, { queueDepth: 7, oldestPendingAt: oldPendingAt, needsAttention: 1, appVersion: '1.0.0', pendingValueMinor: 99_000 }))
        .statusCode,
    ).toBe(204);
    await bo.store.db
      .updateTable('terminals')
      .set({ last_contact_at: new Date(Date.now() - 3 * 3_600_000).toISOString() })
      .where('id', '=', stale.id)
      .execute();
    const r = await report();
    const freshRow = r.terminals.find((t) => t.terminalCode === fresh.code);
    const staleRow = r.terminals.find((t) => t.terminalCode === stale.code);
    expect(freshRow).toMatchObject({ queueDepth: 2, pendingValueMinor: 5_000, stale: false, oldPending: false, needsAttention: 0 });
    expect(staleRow).toMatchObject({
      queueDepth: 7,
      pendingValueMinor: 99_000,
      stale: true,
      oldPending: true,
      needsAttention: 1,
      oldestPendingAt: oldPendingAt,
    });
    expect(staleRow?.oldestPendingAgeSeconds).toBeGreaterThan(29 * 3600);
    expect(r.totals.staleTerminals).toBeGreaterThanOrEqual(1);
  });

  it('is admin only', async () => {
    expect((await bo.app.inject({ method: 'GET', url: '/v1/admin/monitoring' })).statusCode).toBe(401);
    expect((await bo.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: till.headers() })).statusCode).toBe(403);
    expect((await bo.app.inject({ method: 'GET', url: '/metrics', headers: till.headers() })).statusCode).toBe(403);
  });

  it('found by a black-box probe: a scraper reads /metrics with the metrics token, which opens nothing else', async () => {
    const scraper = { authorization: `Bearer ${METRICS_TOKEN}` };
    const scraped = await bo.app.inject({ method: 'GET', url: '/metrics', headers: scraper });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('counter_http_requests_total');
    expect((await bo.app.inject({ method: 'GET', url: '/metrics', headers: bo.adminHeaders() })).statusCode).toBe(200);
    expect(() => readSettings({ POS_METRICS_TOKEN: 'short' })).toThrow(/POS_METRICS_TOKEN must be at least 16 characters/);
    expect(() => readSettings({ POS_ADMIN_TOKEN: METRICS_TOKEN, POS_METRICS_TOKEN: METRICS_TOKEN })).toThrow(/not the admin token/);
  });

  it('found by a second black-box review: the metrics token on an admin route is 403 forbidden, as a known token of another role, and changes nothing', async () => {
    const scraper = (key?: string) => ({ authorization: `Bearer ${METRICS_TOKEN}`, ...(key ? { 'idempotency-key': key } : {}) });
    const products = () => bo.store.db.selectFrom('products').select(['sku', 'name', 'price_minor']).orderBy('sku').execute();
    const receipts = () => bo.store.db.selectFrom('stock_documents').select('id').where('kind', '=', 'receipt').execute();
    const [productsBefore, receiptsBefore] = [await products(), await receipts()];
    const day = new Date().toISOString().slice(0, 10);
    for (const [method, url, payload] of [
      ['GET', '/v1/admin/monitoring', undefined],
      ['GET', '/v1/admin/stock', undefined],
      ['GET', '/v1/stock-counts', undefined],
      ['GET', '/v1/stock-documents', undefined],
      ['GET', `/v1/admin/books/sales?businessCode=MAIN&day=${day}&format=csv`, undefined],
      ['POST', '/v1/purchase-receipts', { storeCode: 'MAIN', supplier: 'Mega Foods', lines: [{ sku: 'COLA', qty: 1, unitCostMinor: 100 }] }],
      ['PUT', '/v1/admin/products/SCRAPED', { businessCode: 'MAIN', name: 'Scraped', priceMinor: 1 }],
    ] as const) {
      const refused = await bo.app.inject({
        method,
        url,
        headers: scraper(method === 'GET' ? undefined : uuidv7()),
        ...(payload ? { payload } : {}),
      });
      expect(refused.statusCode, `${method} ${url}: ${refused.body}`).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('metrics token') });
    }
    expect(await products()).toEqual(productsBefore);
    expect(await receipts()).toEqual(receiptsBefore);
    // A wrong token is still 401: only a token the server knows is told it is not enough.
    const wrong = await bo.app.inject({
      method: 'GET',
      url: '/v1/admin/monitoring',
      headers: { authorization: 'Bearer not-a-token-of-this-server' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('/metrics speaks Prometheus text: requests by route and status, replays, rejections, retries, sales', async () => {
    const key = uuidv7();
    const sale = aSale();
    await post(bo, '/v1/sales', till.headers(key), sale);
    await post(bo, '/v1/sales', till.headers(key), sale);
    await post(bo, '/v1/sales', till.headers(key), { ...sale, cashier: 'other' });
    const response = await bo.app.inject({ method: 'GET', url: '/metrics', headers: bo.adminHeaders() });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = response.body;
    const value = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${line} `))
          ?.split(' ')
          .at(-1),
      );
    expect(value('counter_http_requests_total{method="POST",route="/v1/sales",status="201"}')).toBeGreaterThanOrEqual(2);
    expect(value('counter_http_requests_total{method="POST",route="/v1/sales",status="422"}')).toBe(1);
    expect(value('counter_idempotency_rejections_total{code="idempotency_key_reused"}')).toBe(1);
    expect(value('counter_idempotent_replays_total{endpoint="POST /v1/sales"}')).toBeGreaterThanOrEqual(1);
    const sales = await bo.store.db.selectFrom('sales').select('id').execute();
    expect(value('counter_sales_ingested_total')).toBe(sales.length);
    expect(text).toContain('# TYPE counter_transaction_retries_total counter');
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{.*\})? \d+)$/);
  });

  describe('continuity from checkpoints, in a business of its own', () => {
    let shop: PairedTerminal;
    const seriesOf = (r: MonitoringReport, series: string) => r.series.filter((s) => s.businessCode === 'EAST' && s.series === series);
    const receiptsOf = (r: MonitoringReport, t: PairedTerminal) =>
      r.terminalReceipts.filter((x) => x.terminalCode === t.code && x.businessCode === 'EAST');
    const sellAt = async (t: PairedTerminal, localNumber: string) => {
      const response = await post(
        bo,
        '/v1/sales',
        t.headers(uuidv7()),
        aSale({ localNumber, lines: [{ sku: 'COLA', qty: 1, unitPriceMinor: 2_500 }] }),
      );
      expect(response.statusCode).toBe(201);
      return response.json() as { id: string; invoiceNumber: string };
    };
    const saleRow = (id: string) => bo.store.db.selectFrom('sales').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    beforeAll(async () => {
      expect((await adminPost(bo, '/v1/admin/businesses', { code: 'EAST', name: 'East' })).statusCode).toBe(201);
      expect((await adminPost(bo, '/v1/admin/stores', { businessCode: 'EAST', code: 'E1', name: 'East 1' })).statusCode).toBe(201);
      shop = await bo.pairTerminal({ businessCode: 'EAST', storeCode: 'E1', name: 'East till' });
    });

    it('finds a gap in an invoice series: a number issued without its sale, and a sale deleted after it was verified', async () => {
      for (const n of [1, 2, 3]) await sellAt(shop, `E-${n}`);
      const clean = seriesOf(await report(), 'invoice');
      expect(clean).toHaveLength(1);
      expect(clean[0]).toMatchObject({ issued: 3, documents: 3, gaps: 0, duplicates: 0 });

      // The counter moved without a sale: number 4 was lost.
      await bo.store.db
        .updateTable('number_counters')
        .set((eb) => ({ last_value: eb('last_value', '+', 1) }))
        .where('series', '=', 'invoice')
        .where('period', '=', clean[0]!.period)
        .where('business_id', '=', (await saleRow((await sellAt(shop, 'E-4')).id)).business_id)
        .execute();
      await sellAt(shop, 'E-5');
      const lost = await report();
      expect(seriesOf(lost, 'invoice')[0]).toMatchObject({ issued: 6, documents: 5, gaps: 1, duplicates: 0 });
      expect(lost.totals.seriesGaps).toBe(1);

      // A sale below the verified range is deleted: the next report finds it missing.
      const second = await bo.store.db
        .selectFrom('sales')
        .select('id')
        .where('local_number', '=', 'E-2')
        .where('terminal_id', '=', shop.id)
        .executeTakeFirstOrThrow();
      await bo.store.db.deleteFrom('sale_payments').where('sale_id', '=', second.id).execute();
      await bo.store.db.deleteFrom('sale_lines').where('sale_id', '=', second.id).execute();
      await bo.store.db.deleteFrom('sales').where('id', '=', second.id).execute();
      const deleted = await report();
      expect(seriesOf(deleted, 'invoice')[0]).toMatchObject({ issued: 6, documents: 4, gaps: 2 });
      expect(receiptsOf(deleted, shop)[0]).toMatchObject({ prefix: 'E-', received: 4, last: 5, gaps: 1, missing: [2] });
    });

    it("finds a gap in a terminal's receipt series after it was verified, and sees it close when the receipt arrives", async () => {
      const till2 = await bo.pairTerminal({ businessCode: 'EAST', storeCode: 'E1', name: 'East till 2' });
      for (const n of [1, 2]) await sellAt(till2, `R-${String(n).padStart(4, '0')}`);
      expect(receiptsOf(await report(), till2)).toEqual([
        {
          businessCode: 'EAST',
          terminalCode: till2.code,
          receivedBy: [till2.code],
          prefix: 'R-',
          received: 2,
          last: 2,
          gaps: 0,
          duplicates: 0,
          missing: [],
          voided: 0,
          voids: [],
        },
      ]);
      await sellAt(till2, 'R-0005');
      expect(receiptsOf(await report(), till2)[0]).toMatchObject({ received: 3, last: 5, gaps: 2, missing: [3, 4] });
      await sellAt(till2, 'R-0004');
      expect(receiptsOf(await report(), till2)[0]).toMatchObject({ received: 4, last: 5, gaps: 1, missing: [3] });
      await sellAt(till2, 'R-0003');
      expect(receiptsOf(await report(), till2)[0]).toMatchObject({ received: 5, last: 5, gaps: 0, duplicates: 0, missing: [] });
    });

    it('a receipt number far past the last one is one long gap, found from the two rows alone; a number past 2^53 is not counted', async () => {
      const till4 = await bo.pairTerminal({ businessCode: 'EAST', storeCode: 'E1', name: 'East till 4' });
      await sellAt(till4, 'X9-1');
      await sellAt(till4, 'X9-200000000');
      // A number no double can hold apart from its neighbours: stored, not counted.
      await sellAt(till4, 'X9-99999999999999999999999');
      const far = receiptsOf(await report(), till4);
      expect(far).toEqual([
        {
          businessCode: 'EAST',
          terminalCode: till4.code,
          receivedBy: [till4.code],
          prefix: 'X9-',
          received: 2,
          last: 200_000_000,
          gaps: 199_999_998,
          duplicates: 0,
          missing: range(50).map((n) => n + 1),
          voided: 0,
          voids: [],
        },
      ]);
      // Checkpoints are saved as ranges, under a kind a server of the version before (still
      // running during a rolling upgrade) never looks up: it reads gaps as single numbers.
      const saved = await bo.store.db.selectFrom('continuity_checkpoints').select(['kind', 'missing']).execute();
      expect(saved.length).toBeGreaterThan(0);
      for (const row of saved) {
        expect(['series/ranges', 'receipts/ranges']).toContain(row.kind);
        for (const gap of JSON.parse(row.missing) as unknown[]) expect(gap).toEqual([expect.any(Number), expect.any(Number)]);
      }
      // Late receipts fill their numbers, in the long gap as at its edge.
      await sellAt(till4, 'X9-2');
      await sellAt(till4, 'X9-1000');
      const filled = receiptsOf(await report(), till4)[0]!;
      expect(filled).toMatchObject({ received: 4, last: 200_000_000, gaps: 199_999_996 });
      expect(filled.missing).toEqual(range(50).map((n) => n + 2));
    });

    it('cannot store a second sale with an invoice number or series value already issued, and reports a receipt number sent twice', async () => {
      const till3 = await bo.pairTerminal({ businessCode: 'EAST', storeCode: 'E1', name: 'East till 3' });
      const first = await saleRow((await sellAt(till3, 'D-1')).id);
      await sellAt(till3, 'D-2');
      const copy = { ...first, id: uuidv7(), idempotency_key: uuidv7(), local_number: 'D-9' };
      // Same value, another number text; same number text, another value: both refused by the database.
      await expect(
        bo.store.db
          .insertInto('sales')
          .values({ ...copy, invoice_number: 'INV-COPY-1' })
          .execute(),
      ).rejects.toThrow();
      await expect(
        bo.store.db
          .insertInto('sales')
          .values({ ...copy, series_value: 99_999 })
          .execute(),
      ).rejects.toThrow();
      expect((await bo.store.db.selectFrom('sales').select('id').where('local_number', '=', 'D-9').execute()).length).toBe(0);

      // The terminal's receipt 1 arriving a second time, padded differently, under a new invoice number.
      const counter = await bo.store.db
        .selectFrom('number_counters')
        .select('last_value')
        .where('business_id', '=', first.business_id)
        .where('series', '=', 'invoice')
        .where('period', '=', first.series_period)
        .executeTakeFirstOrThrow();
      const next = Number(counter.last_value) + 1;
      await bo.store.db
        .updateTable('number_counters')
        .set({ last_value: next })
        .where('business_id', '=', first.business_id)
        .where('series', '=', 'invoice')
        .where('period', '=', first.series_period)
        .execute();
      await bo.store.db
        .insertInto('sales')
        .values({ ...copy, local_number: 'D-01', invoice_number: `INV-COPY-${next}`, series_value: next })
        .execute();
      const r = await report();
      expect(receiptsOf(r, till3)).toEqual([
        {
          businessCode: 'EAST',
          terminalCode: till3.code,
          receivedBy: [till3.code],
          prefix: 'D-',
          received: 3,
          last: 2,
          gaps: 0,
          duplicates: 1,
          missing: [],
          voided: 0,
          voids: [],
        },
      ]);
      expect(r.totals.terminalReceiptDuplicates).toBe(1);
      expect(r.totals.duplicateNumbers).toBe(0);
    });
  });
});
