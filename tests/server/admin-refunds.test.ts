import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { AdminRefund, AdminRefundsPage } from '../../protocol';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, post } from '../support/stock-documents';

/**
 * A bookkeeper reconciling the back office reads the return slips as she reads the sales:
 * GET /v1/admin/refunds, oldest first, a page at a time, each with the invoice it gives
 * back against, its VAT figures and its lines, exactly as they were stored.
 */
describe.each(databaseKinds)('GET /v1/admin/refunds on %s', (kind) => {
  let bo: TestBackOffice;
  let mainTill: PairedTerminal;
  let northTill: PairedTerminal;
  let mainSaleId: string;
  /** The refunds in the order they were given: two at MAIN's till, then one at NORTH's. */
  const refundIds: string[] = [];

  const list = async (query = ''): Promise<AdminRefundsPage> => {
    const response = await bo.app.inject({ method: 'GET', url: `/v1/admin/refunds${query}`, headers: bo.adminHeaders() });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as AdminRefundsPage;
  };

  const sell = async (till: PairedTerminal, lines: { sku: string; qty: number; unitPriceMinor: number; taxCode?: string }[], paid: number) => {
    const sale = await post(bo, '/v1/sales', till.headers(uuidv7()), aSale({ lines, payments: [{ method: 'cash', amountMinor: paid }] }));
    expect(sale.statusCode, sale.body).toBe(201);
    return (sale.json() as { id: string }).id;
  };

  const giveBack = async (till: PairedTerminal, saleId: string, localNumber: string, lines: { sku: string; qty: number }[], reason: string) => {
    const refund = await post(bo, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), {
      localNumber,
      occurredAt: new Date().toISOString(),
      lines,
      reason,
    });
    expect(refund.statusCode, refund.body).toBe(201);
    refundIds.push((refund.json() as { id: string }).id);
  };

  /** What the database holds for these refunds, in the answer's words. */
  const stored = async (ids: string[]): Promise<AdminRefund[]> => {
    const codes: Record<string, [string, string]> = { [mainTill.id]: ['MAIN', mainTill.code], [northTill.id]: ['NORTH', northTill.code] };
    const expected: AdminRefund[] = [];
    for (const id of ids) {
      const r = await bo.store.db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const sale = await bo.store.db.selectFrom('sales').select('invoice_number').where('id', '=', r.sale_id).executeTakeFirstOrThrow();
      const lines = await bo.store.db.selectFrom('refund_lines').selectAll().where('refund_id', '=', id).orderBy('line_no').execute();
      const [storeCode, terminalCode] = codes[r.terminal_id]!;
      expected.push({
        id,
        returnNumber: r.return_number,
        saleId: r.sale_id,
        invoiceNumber: sale.invoice_number,
        businessCode: 'MAIN',
        storeCode,
        terminalCode,
        localNumber: r.local_number,
        printedAs: r.printed_as,
        occurredAt: r.occurred_at,
        receivedAt: r.received_at,
        reason: r.reason,
        totalMinor: Number(r.total_minor),
        vat:
          r.vatable_minor === null
            ? null
            : {
                vatableMinor: Number(r.vatable_minor),
                vatMinor: Number(r.vat_minor),
                exemptMinor: Number(r.exempt_minor),
                zeroRatedMinor: Number(r.zero_rated_minor),
              },
        lines: lines.map((l) => ({
          sku: l.sku,
          qty: Number(l.qty_milli) / 1000,
          amountMinor: Number(l.amount_minor),
          restock: Number(l.restocked) === 1,
        })),
      });
    }
    return expected;
  };

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    mainTill = await bo.pairTerminal({ name: 'Main till' });
    await addStore(bo, 'NORTH');
    northTill = await bo.pairTerminal({ storeCode: 'NORTH', name: 'North till' });
    // Three bags of rice (VAT 12%) and 0.750 kg of fish, given back in two slips: all of it in the end.
    mainSaleId = await sell(
      mainTill,
      [
        { sku: 'RICE-5KG', qty: 3, unitPriceMinor: 10_000, taxCode: 'VAT12' },
        { sku: 'FISH', qty: 0.75, unitPriceMinor: 24_000, taxCode: 'VAT12' },
      ],
      48_000,
    );
    await giveBack(
      mainTill,
      mainSaleId,
      'R01-000001',
      [
        { sku: 'RICE-5KG', qty: 1 },
        { sku: 'FISH', qty: 0.25 },
      ],
      'torn bag',
    );
    await giveBack(
      mainTill,
      mainSaleId,
      'R01-000002',
      [
        { sku: 'RICE-5KG', qty: 2 },
        { sku: 'FISH', qty: 0.5 },
      ],
      'customer changed mind',
    );
    const northSaleId = await sell(northTill, [{ sku: 'SOAP', qty: 2, unitPriceMinor: 5_000, taxCode: 'VAT12' }], 10_000);
    await giveBack(northTill, northSaleId, 'R02-000001', [{ sku: 'SOAP', qty: 1 }], 'wrong scent');
  });
  afterAll(async () => bo.close());

  it('lists every refund oldest first, each as stored: return number, invoice, VAT figures, lines', async () => {
    const page = await list();
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual(await stored(refundIds));
    const [first, second, north] = page.items;
    expect(page.items.map((r) => r.returnNumber)).toEqual([
      expect.stringMatching(/^RET-/),
      expect.stringMatching(/^RET-/),
      expect.stringMatching(/^RET-/),
    ]);
    expect(new Set(page.items.map((r) => r.returnNumber)).size).toBe(3);
    expect([first!.localNumber, second!.localNumber, north!.localNumber]).toEqual(['R01-000001', 'R01-000002', 'R02-000001']);
    expect(first!.lines).toEqual([
      { sku: 'RICE-5KG', qty: 1, amountMinor: expect.any(Number), restock: true },
      { sku: 'FISH', qty: 0.25, amountMinor: expect.any(Number), restock: true },
    ]);
    expect(second!.lines.map((l) => l.qty)).toEqual([2, 0.5]);
    for (const refund of page.items) {
      // Each slip's VAT figures make its total, and its lines do too.
      const vat = refund.vat!;
      expect(vat.vatableMinor + vat.vatMinor + vat.exemptMinor + vat.zeroRatedMinor).toBe(refund.totalMinor);
      expect(refund.lines.reduce((sum, l) => sum + l.amountMinor, 0)).toBe(refund.totalMinor);
      expect(vat.vatMinor).toBeGreaterThan(0);
    }
    // The two slips gave back the whole sale: together, the sale's own VAT figures and total.
    const sale = await bo.store.db.selectFrom('sales').selectAll().where('id', '=', mainSaleId).executeTakeFirstOrThrow();
    expect(first!.invoiceNumber).toBe(sale.invoice_number);
    expect(second!.invoiceNumber).toBe(sale.invoice_number);
    const both = (key: 'vatableMinor' | 'vatMinor' | 'exemptMinor' | 'zeroRatedMinor') => first!.vat![key] + second!.vat![key];
    expect({
      vatableMinor: both('vatableMinor'),
      vatMinor: both('vatMinor'),
      exemptMinor: both('exemptMinor'),
      zeroRatedMinor: both('zeroRatedMinor'),
      totalMinor: first!.totalMinor + second!.totalMinor,
    }).toEqual({
      vatableMinor: Number(sale.vatable_minor),
      vatMinor: Number(sale.vat_minor),
      exemptMinor: Number(sale.exempt_minor),
      zeroRatedMinor: Number(sale.zero_rated_minor),
      totalMinor: Number(sale.total_minor),
    });
  });

  it('pages with limit and cursor: the nextCursor of one page starts the next, none after the last', async () => {
    const one = await list('?limit=2');
    expect(one.items).toEqual(await stored(refundIds.slice(0, 2)));
    expect(one.nextCursor).toBe(refundIds[1]);
    const two = await list(`?limit=2&cursor=${one.nextCursor}`);
    expect(two.items).toEqual(await stored(refundIds.slice(2)));
    expect(two.nextCursor).toBeNull();
  });

  it('filters by store and business, codes resolved as the sales list resolves them; an unknown one lists nothing', async () => {
    expect((await list('?storeCode=NORTH')).items).toEqual(await stored(refundIds.slice(2)));
    expect((await list('?storeCode=north')).items).toEqual(await stored(refundIds.slice(2)));
    expect((await list('?businessCode=MAIN&storeCode=MAIN')).items).toEqual(await stored(refundIds.slice(0, 2)));
    expect((await list('?businessCode=MAIN')).items).toEqual(await stored(refundIds));
    expect(await list('?storeCode=NOWHERE')).toEqual({ items: [], nextCursor: null });
    expect(await list('?businessCode=NOBODY')).toEqual({ items: [], nextCursor: null });
  });

  it('filters by since, on the back office clock (receivedAt), in any time zone it is written', async () => {
    // The two MAIN slips reached the back office an hour ago (a till that was offline); NORTH's just now.
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await bo.store.db.updateTable('refunds').set({ received_at: anHourAgo }).where('id', 'in', refundIds.slice(0, 2)).execute();
    const halfAnHourAgo = new Date(Date.now() - 1_800_000);
    expect((await list(`?since=${encodeURIComponent(halfAnHourAgo.toISOString())}`)).items).toEqual(await stored(refundIds.slice(2)));
    // The same moment in Manila's time.
    const manila = new Date(halfAnHourAgo.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    expect((await list(`?since=${encodeURIComponent(manila)}`)).items).toEqual(await stored(refundIds.slice(2)));
    // At exactly the moment received: listed.
    expect((await list(`?since=${encodeURIComponent(anHourAgo)}&storeCode=MAIN`)).items).toEqual(await stored(refundIds.slice(0, 2)));
    expect((await list(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items).toEqual([]);
  });

  it('a refund stored before its VAT figures were kept (migration 0007) is listed with vat null', async () => {
    const columns = { vatable_minor: null, vat_minor: null, exempt_minor: null, zero_rated_minor: null };
    await bo.store.db.updateTable('refunds').set(columns).where('id', '=', refundIds[2]!).execute();
    const [north] = (await list('?storeCode=NORTH')).items;
    expect(north!.vat).toBeNull();
    expect([north]).toEqual(await stored(refundIds.slice(2)));
  });

  it('a bad query is 400 validation_failed, never a 500; no admin token is 401, a till is 403', async () => {
    const bad = [
      'limit=0',
      'limit=501',
      'limit=abc',
      'cursor=abc',
      'cursor=0190F3E2-AAAA-7BBB-8CCC-DDDDEEEEFFFF',
      'since=yesterday',
      'since=2016-12-31T23:59:60Z',
      'storeCode=%20',
    ];
    for (const query of bad) {
      const response = await bo.app.inject({ method: 'GET', url: `/v1/admin/refunds?${query}`, headers: bo.adminHeaders() });
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await bo.app.inject({ method: 'GET', url: '/v1/admin/refunds?limit=500', headers: bo.adminHeaders() })).statusCode).toBe(200);
    expect((await bo.app.inject({ method: 'GET', url: '/v1/admin/refunds' })).statusCode).toBe(401);
    expect((await bo.app.inject({ method: 'GET', url: '/v1/admin/refunds', headers: mainTill.headers() })).statusCode).toBe(403);
  });

  it('is declared in the OpenAPI document with its answer', async () => {
    const document = (await bo.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json() as {
      paths: Record<string, { get?: { responses?: Record<string, unknown> } }>;
    };
    expect(document.paths['/v1/admin/refunds']?.get?.responses?.['200']).toBeDefined();
  });
});
