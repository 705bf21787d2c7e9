import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { ReturnsBook, SaleRequest } from '../../protocol';
import { aSale, fleetSessionCookie, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { parseCsv } from '../support/csv';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, post } from '../support/stock-documents';

const DAY = '2026-11-20';

/**
 * A Marikina shop's bookkeeper closes 20 November: beside the day's sales book, the returns
 * book lists every return slip of the day on Manila's clock, each against the invoice it gives
 * back on (a soda sold the day before, half of the day's own big sale), with what went back and
 * its VAT, so the day's net sales can be read. A slip just after midnight is the next day's.
 */
describe.each(databaseKinds)("the day's returns book on %s", (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  let southTill: PairedTerminal;
  let slip = 0;

  const get = (url: string, headers: Record<string, string> = bo.adminHeaders()) => bo.app.inject({ method: 'GET', url, headers });
  const sell = async (sale: SaleRequest, by: PairedTerminal = till) => {
    const response = await post(bo, '/v1/sales', by.headers(uuidv7()), sale);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; invoiceNumber: string };
  };
  const giveBack = async (saleId: string, occurredAt: string, lines: { sku: string; qty: number }[], reason: string, by: PairedTerminal = till) => {
    const response = await post(bo, `/v1/sales/${saleId}/refund`, by.headers(uuidv7()), {
      localNumber: `R01-${String(++slip).padStart(6, '0')}`,
      occurredAt,
      lines,
      reason,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { returnNumber: string };
  };
  const book = async (query: string) => {
    const response = await get(`/v1/admin/books/returns?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ReturnsBook;
  };

  const sales: Record<string, { id: string; invoiceNumber: string }> = {};
  const returns: Record<string, string> = {};

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await addStore(bo, 'SOUTH');
    till = await bo.pairTerminal();
    southTill = await bo.pairTerminal({ storeCode: 'SOUTH', name: 'South till' });
    sales.dayBefore = await sell(
      aSale({ occurredAt: '2026-11-19T18:30:00+08:00', lines: [{ sku: 'SODA', qty: 2, unitPriceMinor: 2_240, taxCode: 'VAT12' }] }),
    );
    sales.big = await sell(
      aSale({
        occurredAt: '2026-11-20T10:00:00+08:00',
        lines: [
          { sku: 'SODA', qty: 4, unitPriceMinor: 2_240, taxCode: 'VAT12' },
          { sku: 'RICE', qty: 2, unitPriceMinor: 100_000, taxCode: 'VAT_EXEMPT' },
        ],
        payments: [{ method: 'cash', amountMinor: 208_960 }],
      }),
    );
    sales.south = await sell(aSale({ occurredAt: '2026-11-20T11:00:00+08:00', lines: [{ sku: 'SOAP', qty: 1, unitPriceMinor: 5_600 }] }), southTill);
    // Numbered as they arrive: the late evening's slip first, the morning's after it.
    returns.lateEvening = (
      await giveBack(
        sales.big.id,
        '2026-11-20T23:59:00+08:00',
        [
          { sku: 'RICE', qty: 1 },
          { sku: 'SODA', qty: 2 },
        ],
        'customer changed her mind',
      )
    ).returnNumber;
    returns.morning = (await giveBack(sales.dayBefore.id, '2026-11-20T01:30:00Z', [{ sku: 'SODA', qty: 1 }], 'flat soda')).returnNumber;
    returns.south = (await giveBack(sales.south.id, '2026-11-20T12:00:00+08:00', [{ sku: 'SOAP', qty: 1 }], 'wrong scent', southTill)).returnNumber;
    // 00:00:30 in Manila on the 21st: the 20th in UTC, the 21st's book.
    returns.nextDay = (await giveBack(sales.big.id, '2026-11-20T16:00:30Z', [{ sku: 'SODA', qty: 1 }], 'dented can')).returnNumber;
  });
  afterAll(async () => bo.close());

  it("lists every return slip of the business's Manila day in return-number order, each against its invoice, with the stored figures; the TOTAL is the sum of its rows", async () => {
    const found = await book(`day=${DAY}`);
    expect(found).toMatchObject({ businessCode: 'MAIN', storeCode: null, day: DAY, timeZone: 'Asia/Manila' });
    expect(found.items.map((i) => i.returnNumber)).toEqual([returns.lateEvening, returns.morning, returns.south]);
    expect(found.items.map((i) => [i.date, i.time, i.invoiceNumber, i.invoiceDate, i.storeCode, i.reason])).toEqual([
      [DAY, '23:59:00', sales.big!.invoiceNumber, DAY, 'MAIN', 'customer changed her mind'],
      [DAY, '09:30:00', sales.dayBefore!.invoiceNumber, '2026-11-19', 'MAIN', 'flat soda'],
      [DAY, '12:00:00', sales.south!.invoiceNumber, DAY, 'SOUTH', 'wrong scent'],
    ]);
    // Each row is the refund as stored: what went back and its own VAT split (the rice stays VAT-exempt).
    const stored = await bo.store.db.selectFrom('refunds').selectAll().execute();
    for (const item of found.items) {
      const refund = stored.find((r) => r.return_number === item.returnNumber)!;
      expect(item.amountMinor).toBe(Number(refund.total_minor));
      expect([item.vatableMinor, item.vatMinor, item.exemptMinor, item.zeroRatedMinor]).toEqual(
        [refund.vatable_minor, refund.vat_minor, refund.exempt_minor, refund.zero_rated_minor].map(Number),
      );
    }
    const evening = found.items[0]!;
    expect(evening.amountMinor).toBe(100_000 + 2 * 2_240);
    expect(evening.exemptMinor).toBe(100_000);
    expect(evening.vatableMinor! + evening.vatMinor!).toBe(2 * 2_240);
    const sum = (of: (i: ReturnsBook['items'][number]) => number | null) => found.items.reduce((total, i) => total + (of(i) ?? 0), 0);
    expect(found.totals).toEqual({
      returns: 3,
      amountMinor: sum((i) => i.amountMinor),
      vatableMinor: sum((i) => i.vatableMinor),
      vatMinor: sum((i) => i.vatMinor),
      exemptMinor: sum((i) => i.exemptMinor),
      zeroRatedMinor: sum((i) => i.zeroRatedMinor),
    });
    // The slip half a minute after midnight is the 21st's, alone.
    expect((await book('day=2026-11-21')).items.map((i) => [i.returnNumber, i.time])).toEqual([[returns.nextDay, '00:00:30']]);
  });

  it('storeCode keeps one store, in any case; a day without returns is 200 with no rows and zero totals', async () => {
    expect((await book(`day=${DAY}&storeCode=south`)).items.map((i) => i.returnNumber)).toEqual([returns.south]);
    expect(await book('day=2026-11-18')).toMatchObject({
      items: [],
      totals: { returns: 0, amountMinor: 0, vatableMinor: 0, vatMinor: 0, exemptMinor: 0, zeroRatedMinor: 0 },
    });
  });

  it('as CSV: a header, a row per slip, a TOTAL row in pesos with how many slips; the fleet page links to it and downloads the same file', async () => {
    const response = await get(`/v1/admin/books/returns?day=${DAY}&format=csv`);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="returns-book-MAIN-${DAY}.csv"`);
    const rows = parseCsv(response.body);
    expect(rows[0]).toEqual([
      'Date',
      'Time',
      'Return number',
      'Printed as',
      'Invoice number',
      'Invoice date',
      'Store',
      'Terminal',
      'Till return number',
      'Reason',
      'Amount returned',
      'VATable',
      'VAT',
      'VAT-exempt',
      'Zero-rated',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows[2]!.slice(0, 6)).toEqual([DAY, '09:30:00', returns.morning, '', sales.dayBefore!.invoiceNumber, '2026-11-19']);
    expect(rows[1]![10]).toBe('1044.80');
    const { totals } = await book(`day=${DAY}`);
    expect(rows[4]!.slice(0, 3)).toEqual(['TOTAL', '', '3 returns']);
    expect(rows[4]![10]).toBe(`${Math.floor(totals.amountMinor / 100)}.${String(totals.amountMinor % 100).padStart(2, '0')}`);

    const cookie = await fleetSessionCookie(bo);
    const fleet = await get('/fleet', { cookie });
    expect(fleet.body).toContain('>Returns book</a>');
    const chooser = await get('/fleet/books', { cookie });
    expect(chooser.body).toContain('<option value="returns">Returns book</option>');
    const downloaded = await get(`/fleet/books?book=returns&business=main&day=${DAY}`, { cookie });
    expect(downloaded.headers['content-disposition']).toBe(`attachment; filename="returns-book-MAIN-${DAY}.csv"`);
    expect(downloaded.body).toBe(response.body);

    // Found by a black-box review: with another business first in the alphabet that sells nothing (no till), no business
    // asked is the one that sells, as the fleet page's links, chosen on the form: never that other one's empty book.
    const created = await adminPost(bo, '/v1/admin/businesses', { code: 'AAA', name: 'A business with no till' });
    expect(created.statusCode, created.body).toBe(201);
    const unnamed = await get(`/fleet/books?book=returns&day=${DAY}`, { cookie });
    expect(unnamed.headers['content-disposition']).toBe(`attachment; filename="returns-book-MAIN-${DAY}.csv"`);
    expect(unnamed.body).toBe(response.body);
    expect((await get('/fleet/books', { cookie })).body).toContain('<option value="MAIN" selected>');
    // A blank business (a form sent without one) is none asked too.
    const blank = await get(`/fleet/books?book=returns&business=&day=${DAY}`, { cookie });
    expect(blank.headers['content-disposition']).toBe(`attachment; filename="returns-book-MAIN-${DAY}.csv"`);
  });

  it('a day not on the calendar is 400; an unknown business or store is 404; a till token is 403', async () => {
    for (const [query, status] of [
      ['day=2026-02-30', 400],
      ['day=0000-01-01', 400],
      [`day=${DAY}&businessCode=NOPE`, 404],
      [`day=${DAY}&storeCode=NOPE`, 404],
    ] as const) {
      const refused = await get(`/v1/admin/books/returns?${query}`);
      expect(refused.statusCode, query).toBe(status);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(`/v1/admin/books/returns?day=${DAY}`, till.headers())).statusCode).toBe(403);
  });
});
