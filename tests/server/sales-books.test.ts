import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { BeneficiaryBook, SaleRequest, SalesBook } from '../../protocol';
import { aSale, fleetSessionCookie, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, post } from '../support/stock-documents';
import { parseCsv } from '../support/csv';

const SENIOR = { kind: 'senior_citizen' as const, idNumber: 'OSCA-MRK-0012345', name: 'Lola Remedios Cruz' };
const PWD = { kind: 'pwd' as const, idNumber: 'PWD-137-0042', name: 'Jun Santos' };
const DAY = '2026-11-20';
const NEXT_DAY = '2026-11-21';

describe.each(databaseKinds)("the day's sales books on %s", (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  let southTill: PairedTerminal;
  const ids: Record<string, string> = {};

  const get = (url: string, headers: Record<string, string> = bo.adminHeaders()) => bo.app.inject({ method: 'GET', url, headers });
  const sell = async (name: string, sale: SaleRequest, by: PairedTerminal = till) => {
    const response = await post(bo, '/v1/sales', by.headers(uuidv7()), sale);
    expect(response.statusCode).toBe(201);
    ids[name] = (response.json() as { id: string }).id;
  };
  const book = async <T>(path: string, query: string) => {
    const response = await get(`/v1/admin/books/${path}?${query}`);
    expect(response.statusCode).toBe(200);
    return response.json() as T;
  };
  /** The stored sales of the business whose occurredAt falls in [from, to), by series value. */
  const storedBetween = async (from: string, to: string) =>
    (await bo.store.db.selectFrom('sales').selectAll().orderBy('series_value').execute()).filter(
      (s) => Date.parse(s.occurred_at) >= Date.parse(from) && Date.parse(s.occurred_at) < Date.parse(to),
    );

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await addStore(bo, 'SOUTH');
    till = await bo.pairTerminal();
    southTill = await bo.pairTerminal({ storeCode: 'SOUTH', name: 'South till' });
    // Posted out of time order: the book is ordered by the invoice series, as numbered.
    await sell(
      'lateEvening',
      aSale({ occurredAt: '2026-11-20T23:59:00+08:00', lines: [{ sku: 'SODA', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' }] }),
    );
    await sell(
      'ordinary',
      aSale({
        occurredAt: '2026-11-20T02:00:00Z',
        buyer: { name: '=HYPERLINK("x")', address: '12 Mabini St., Marikina', tin: '123-456-789-000' },
        lines: [
          { sku: 'SODA', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12', discountMinor: 100 },
          { sku: 'RICE', qty: 1, unitPriceMinor: 100_000, taxCode: 'VAT_EXEMPT' },
        ],
        payments: [{ method: 'cash', amountMinor: 110_000 }],
      }),
    );
    // 2 x ₱85 bread for a senior citizen: ₱170 / 1.12 = ₱151.79 (₱18.21 VAT removed), less 20% (₱30.36): ₱121.43; a cola at full price.
    await sell(
      'senior',
      aSale({
        occurredAt: '2026-11-20T11:15:00+08:00',
        beneficiary: SENIOR,
        lines: [
          {
            sku: 'BREAD',
            qty: 2,
            unitPriceMinor: 8_500,
            taxCode: 'VAT12',
            discountMinor: 4_857,
            benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 1_821, discountMinor: 3_036 },
          },
          { sku: 'SODA', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' },
        ],
        payments: [{ method: 'cash', amountMinor: 20_000 }],
      }),
    );
    // One ₱85 bread for a PWD (₱9.11 VAT removed, 20% of ₱75.89 is ₱15.18: ₱60.71) and ₱25 sardines with the 5% (₱1.25).
    await sell(
      'pwd',
      aSale({
        occurredAt: '2026-11-20T14:30:00+08:00',
        beneficiary: PWD,
        lines: [
          {
            sku: 'BREAD',
            qty: 1,
            unitPriceMinor: 8_500,
            taxCode: 'VAT12',
            discountMinor: 2_429,
            benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 911, discountMinor: 1_518 },
          },
          {
            sku: 'SARDINES',
            qty: 1,
            unitPriceMinor: 2_500,
            taxCode: 'VAT12',
            discountMinor: 125,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 125 },
          },
        ],
        payments: [{ method: 'cash', amountMinor: 10_000 }],
      }),
    );
    await sell('south', aSale({ occurredAt: '2026-11-20T16:00:00+08:00' }), southTill);
    // 00:30 in Manila on the 20th is still the 19th in UTC; 00:00 on the 21st is still the 20th in UTC.
    await sell('earlyMorning', aSale({ occurredAt: '2026-11-19T16:30:00Z' }));
    await sell('afterMidnight', aSale({ occurredAt: '2026-11-20T16:00:00Z' }));
  });
  afterAll(async () => bo.close());

  it("the sales book holds every sale of the business's Manila day, in invoice order, with the stored figures; totals are the sum of its rows", async () => {
    const sales = await book<SalesBook>('sales', `businessCode=MAIN&day=${DAY}`);
    expect(sales).toMatchObject({ businessCode: 'MAIN', storeCode: null, day: DAY, timeZone: 'Asia/Manila' });
    // Manila's day is 2026-11-19T16:00Z to 2026-11-20T16:00Z.
    const stored = await storedBetween('2026-11-19T16:00:00Z', '2026-11-20T16:00:00Z');
    expect(stored.map((s) => s.id).sort()).toEqual(
      [ids.lateEvening, ids.ordinary, ids.senior, ids.pwd, ids.south, ids.earlyMorning].map(String).sort(),
    );
    expect(sales.items.map((i) => i.invoiceNumber)).toEqual(stored.map((s) => s.invoice_number));
    for (const [item, row] of sales.items.map((item, index) => [item, stored[index]!] as const)) {
      expect(item).toMatchObject({
        occurredAt: row.occurred_at,
        localNumber: row.local_number,
        totalMinor: Number(row.total_minor),
        vatableMinor: Number(row.vatable_minor),
        vatMinor: Number(row.vat_minor),
        exemptMinor: Number(row.exempt_minor),
        zeroRatedMinor: Number(row.zero_rated_minor),
        amountDueMinor: Number(row.vatable_minor) + Number(row.vat_minor) + Number(row.exempt_minor) + Number(row.zero_rated_minor),
        status: row.status,
      });
      // Gross less every discount is the stored total.
      expect(item.grossSalesMinor - item.discountMinor - item.benefitVatRemovedMinor - item.benefitDiscountMinor).toBe(item.totalMinor);
    }
    const byId = (id: string | undefined) => sales.items[stored.findIndex((s) => s.id === id)]!;
    expect(byId(ids.ordinary)).toMatchObject({
      date: DAY,
      time: '10:00:00',
      storeCode: 'MAIN',
      buyerName: '=HYPERLINK("x")',
      buyerTin: '123-456-789-000',
      buyerAddress: '12 Mabini St., Marikina',
      grossSalesMinor: 104_900,
      discountMinor: 100,
      totalMinor: 104_800,
      vatableMinor: 4_286,
      vatMinor: 514,
      exemptMinor: 100_000,
    });
    expect(byId(ids.senior)).toMatchObject({
      beneficiaryKind: 'senior_citizen',
      // Found by a walk: the invoice says "Sold to Lola Remedios Cruz" (no buyer typed), the book said nothing.
      buyerName: 'Lola Remedios Cruz',
      grossSalesMinor: 19_450,
      discountMinor: 0,
      benefitVatRemovedMinor: 1_821,
      benefitDiscountMinor: 3_036,
      totalMinor: 14_593,
    });
    expect(byId(ids.earlyMorning)).toMatchObject({ date: DAY, time: '00:30:00' });
    expect(byId(ids.lateEvening)).toMatchObject({ date: DAY, time: '23:59:00' });
    expect(byId(ids.south)).toMatchObject({ storeCode: 'SOUTH' });
    const sum = (of: (i: SalesBook['items'][number]) => number | null) => sales.items.reduce((t, i) => t + (of(i) ?? 0), 0);
    expect(sales.totals).toEqual({
      sales: 6,
      grossSalesMinor: sum((i) => i.grossSalesMinor),
      discountMinor: sum((i) => i.discountMinor),
      benefitVatRemovedMinor: sum((i) => i.benefitVatRemovedMinor),
      benefitDiscountMinor: sum((i) => i.benefitDiscountMinor),
      totalMinor: stored.reduce((t, s) => t + Number(s.total_minor), 0),
      vatableMinor: stored.reduce((t, s) => t + Number(s.vatable_minor), 0),
      vatMinor: stored.reduce((t, s) => t + Number(s.vat_minor), 0),
      exemptMinor: stored.reduce((t, s) => t + Number(s.exempt_minor), 0),
      zeroRatedMinor: stored.reduce((t, s) => t + Number(s.zero_rated_minor), 0),
      amountDueMinor: sum((i) => i.amountDueMinor),
    });
  });

  it('a sale just after local midnight is on the next Manila day, though its UTC date is the same', async () => {
    const next = await book<SalesBook>('sales', `day=${NEXT_DAY}`);
    expect(next.items.map((i) => i.localNumber)).toEqual([(await storedBetween('2026-11-20T16:00:00Z', '2026-11-21T16:00:00Z'))[0]!.local_number]);
    expect(next.items[0]).toMatchObject({ date: NEXT_DAY, time: '00:00:00' });
    expect(next.totals.sales).toBe(1);
  });

  it('a sale from a till whose clock ran days ahead is in the book of the day its invoice reads, received days before it', async () => {
    const ahead = '2031-05-04';
    // Received now (2026), dated 2031-05-04 11:00 in Manila: no bound on when it was received hides it.
    await sell(
      'ahead',
      aSale({ localNumber: 'AHEAD-1', occurredAt: '2031-05-04T03:00:00Z', lines: [{ sku: 'SOAP', qty: 1, unitPriceMinor: 3_000 }] }),
    );
    const aheadBook = await book<SalesBook>('sales', `day=${ahead}`);
    expect(aheadBook.items.map((i) => i.localNumber)).toEqual(['AHEAD-1']);
    expect(aheadBook.items[0]).toMatchObject({ date: ahead, time: '11:00:00', totalMinor: 3_000 });
  });

  it('storeCode keeps one store, in any case', async () => {
    const south = await book<SalesBook>('sales', `businessCode=main&storeCode=south&day=${DAY}`);
    expect(south).toMatchObject({ businessCode: 'MAIN', storeCode: 'SOUTH' });
    expect(south.items.map((i) => i.storeCode)).toEqual(['SOUTH']);
    const main = await book<SalesBook>('sales', `storeCode=MAIN&day=${DAY}`);
    expect(main.items).toHaveLength(5);
    expect(main.items.every((i) => i.storeCode === 'MAIN')).toBe(true);
  });

  it("the senior citizen book has only the senior's sale, its discounted lines: gross, VAT removed, VAT-exempt sales, the 20%, net", async () => {
    const senior = await book<BeneficiaryBook>('senior-citizen', `day=${DAY}`);
    const stored = await bo.store.db.selectFrom('sales').selectAll().where('id', '=', ids.senior!).executeTakeFirstOrThrow();
    expect(senior.kind).toBe('senior_citizen');
    expect(senior.items).toEqual([
      expect.objectContaining({
        invoiceNumber: stored.invoice_number,
        name: 'Lola Remedios Cruz',
        idNumber: 'OSCA-MRK-0012345',
        date: DAY,
        time: '11:15:00',
        grossSalesMinor: 17_000,
        vatRemovedMinor: 1_821,
        vatExemptSalesMinor: 15_179,
        discount20Minor: 3_036,
        netSalesMinor: 12_143,
        basicNecessitiesSalesMinor: 0,
        discount5Minor: 0,
        // No buyer TIN on this invoice.
        tin: null,
      }),
    ]);
    // The sale's VAT-exempt sales as stored are the discounted line's.
    expect(Number(stored.exempt_minor)).toBe(senior.items[0]!.netSalesMinor);
    expect(senior.totals).toEqual({
      sales: 1,
      grossSalesMinor: 17_000,
      vatRemovedMinor: 1_821,
      vatExemptSalesMinor: 15_179,
      discount20Minor: 3_036,
      netSalesMinor: 12_143,
      basicNecessitiesSalesMinor: 0,
      discount5Minor: 0,
    });
  });

  it("the PWD book has only the PWD's sale, with the 20% and the 5% in columns of their own", async () => {
    const pwd = await book<BeneficiaryBook>('pwd', `businessCode=MAIN&day=${DAY}`);
    expect(pwd.items).toHaveLength(1);
    expect(pwd.items[0]).toMatchObject({
      name: 'Jun Santos',
      idNumber: 'PWD-137-0042',
      // RR 7-2010's columns, of the 20% line only: net is VAT-exempt sales less the 20%.
      grossSalesMinor: 8_500,
      vatRemovedMinor: 911,
      vatExemptSalesMinor: 7_589,
      discount20Minor: 1_518,
      netSalesMinor: 6_071,
      // The 5% on the sardines apart: a basic necessity, still VATable.
      basicNecessitiesSalesMinor: 2_500,
      discount5Minor: 125,
    });
    expect(pwd.totals).toMatchObject({ sales: 1, netSalesMinor: 6_071, basicNecessitiesSalesMinor: 2_500, discount5Minor: 125 });
    // SOUTH sold no discounted sale.
    expect((await book<BeneficiaryBook>('pwd', `storeCode=SOUTH&day=${DAY}`)).items).toEqual([]);
  });

  it('as CSV: a header, a row per sale, a TOTAL row in pesos; a name typed as a formula opens as text', async () => {
    const response = await get(`/v1/admin/books/sales?day=${DAY}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="sales-book-MAIN-${DAY}.csv"`);
    // A byte order mark first: a spreadsheet opened by a double click reads "Peña" as written.
    expect(response.body.startsWith('\ufeffDate,')).toBe(true);
    const rows = parseCsv(response.body);
    const json = await book<SalesBook>('sales', `day=${DAY}`);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(header).toEqual(
      expect.arrayContaining(['Date', 'Invoice number', 'Buyer name', 'Buyer TIN', 'Gross sales', 'VAT', 'Total', 'Amount due']),
    );
    expect(rows).toHaveLength(1 + json.items.length + 1);
    expect(rows.slice(1, -1).map((r) => r[col('Invoice number')])).toEqual(json.items.map((i) => i.invoiceNumber));
    const ordinary = rows.find((r) => r[col('Buyer TIN')] === '123-456-789-000')!;
    expect(ordinary[col('Buyer name')]).toBe(`'=HYPERLINK("x")`);
    expect(ordinary[col('Total')]).toBe('1048.00');
    expect(ordinary[col('Date')]).toBe(DAY);
    const seniorRow = rows.find((r) => r[col('Buyer name')] === 'Lola Remedios Cruz')!;
    expect(seniorRow[col('SC/PWD')]).toBe('Senior citizen');
    expect(rows.find((r) => r[col('Buyer name')] === 'Jun Santos')![col('SC/PWD')]).toBe('PWD');
    const total = rows.at(-1)!;
    expect(total[0]).toBe('TOTAL');
    expect(total[col('Total')]).toBe((json.totals.totalMinor / 100).toFixed(2));
    expect(total[col('VAT')]).toBe((json.totals.vatMinor / 100).toFixed(2));

    for (const [path, file, idHeader] of [
      ['senior-citizen', 'senior-citizen-book', 'OSCA ID number'],
      ['pwd', 'pwd-book', 'PWD ID number'],
    ] as const) {
      const csv = await get(`/v1/admin/books/${path}?day=${DAY}&format=csv`);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="${file}-MAIN-${DAY}.csv"`);
      const parsed = parseCsv(csv.body);
      expect(parsed).toHaveLength(3);
      expect(parsed[0]).toContain(idHeader);
      expect(parsed[2]![0]).toBe('TOTAL');
    }
    const senior = parseCsv((await get(`/v1/admin/books/senior-citizen?day=${DAY}&format=csv`)).body);
    const h = senior[0]!;
    expect(senior[1]![h.indexOf('20% discount')]).toBe('30.36');
    // Said as before the 20%: the invoice's VAT-exempt sales are after it (this book's net sales).
    expect(senior[1]![h.indexOf('VAT-exempt sales before the 20%')]).toBe('151.79');
    expect(senior[2]![h.indexOf('Net sales')]).toBe('121.43');
  });

  it('a day with no sales is 200 with no rows and zero totals; as CSV, a header and a TOTAL row', async () => {
    const empty = await book<SalesBook>('sales', 'day=2026-02-28');
    expect(empty.items).toEqual([]);
    expect(Object.values(empty.totals).every((v) => v === 0)).toBe(true);
    const csv = parseCsv((await get('/v1/admin/books/pwd?day=2026-02-28&format=csv')).body);
    expect(csv).toHaveLength(2);
    expect(csv[1]!.slice(-7, -1)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00', '0.00']);
  });

  it('a day not on the calendar is 400 validation_failed; an unknown business or store is 404; a till token is 403', async () => {
    for (const day of ['2026-02-30', '2026-13-01', '20261120', 'today']) {
      const bad = await get(`/v1/admin/books/sales?day=${day}`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await get('/v1/admin/books/senior-citizen')).statusCode).toBe(400);
    // On the calendar but not on the clock: refused, never a 500.
    for (const day of ['0000-01-01', '1000-01-01', '9999-12-31']) {
      const far = await get(`/v1/admin/books/sales?day=${day}`);
      expect(far.statusCode).toBe(400);
      expect(far.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/day' }] });
    }
    expect((await get(`/v1/admin/books/sales?day=${DAY}&format=xlsx`)).json()).toMatchObject({ code: 'validation_failed' });
    const unknown = await get(`/v1/admin/books/pwd?businessCode=NOPE&day=${DAY}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    expect((await get(`/v1/admin/books/sales?storeCode=NOPE&day=${DAY}`)).json()).toMatchObject({ code: 'not_found' });
    expect((await get(`/v1/admin/books/sales?day=${DAY}`, till.headers())).statusCode).toBe(403);
    expect((await get(`/v1/admin/books/sales?day=${DAY}`, {})).statusCode).toBe(401);
  });

  it('the fleet page links to the four books of today and to a page to choose another day or business; they download as CSV for a signed-in manager only', async () => {
    const cookie = await fleetSessionCookie(bo);
    const fleet = await get('/fleet', { cookie });
    expect(fleet.statusCode).toBe(200);
    const links = [...fleet.body.matchAll(/href="(\/fleet\/books\?[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links.map((l) => new URL(l, 'http://x').searchParams.get('book'))).toEqual(['sales', 'senior-citizen', 'pwd', 'returns']);
    // Another day or business on a page of its own: the fleet page refreshes every 30 s, which would wipe a date being typed.
    expect(fleet.body).toContain('<a href="/fleet/books">Another day or business…</a>');
    const chooser = await get('/fleet/books', { cookie });
    expect(chooser.statusCode).toBe(200);
    expect(chooser.body).not.toContain('http-equiv="refresh"');
    expect(chooser.body).toContain('<form class="filter" method="get" action="/fleet/books">');
    expect(chooser.body).toMatch(/<label>Day <input type="date" name="day"/);
    // No business asked: the one that sells (has a till), chosen on the form.
    expect(chooser.body).toContain('<option value="MAIN" selected>');
    for (const link of links) expect((await get(link, { cookie })).headers['content-type']).toBe('text/csv; charset=utf-8');
    const chosen = await get(`/fleet/books?book=senior-citizen&business=main&day=${DAY}`, { cookie });
    expect(chosen.headers['content-disposition']).toBe(`attachment; filename="senior-citizen-book-MAIN-${DAY}.csv"`);
    expect(chosen.body).toBe((await get(`/v1/admin/books/senior-citizen?day=${DAY}&format=csv`)).body);
    // Found by a walk: one branch's book (its own TIN branch code and machines) could not be had from the page.
    expect(chooser.body).toContain('<label>Store <select name="store"><option value="">every store</option>');
    expect(chooser.body).toContain('<option value="SOUTH">SOUTH');
    const south = await get(`/fleet/books?book=sales&business=MAIN&store=south&day=${DAY}`, { cookie });
    expect(south.headers['content-disposition']).toBe(`attachment; filename="sales-book-MAIN-SOUTH-${DAY}.csv"`);
    expect(south.body).toBe((await get(`/v1/admin/books/sales?storeCode=SOUTH&day=${DAY}&format=csv`)).body);
    expect(
      parseCsv(south.body)
        .slice(1, -1)
        .map((row) => row[4]),
    ).toEqual(['SOUTH']);
    const noStore = await get(`/fleet/books?book=sales&business=MAIN&store=NOPE&day=${DAY}`, { cookie });
    expect(noStore.statusCode).toBe(404);
    expect(noStore.body).toContain('Store NOPE of MAIN was not found.');
    // Signed out, any query goes to the sign-in page, a day not on the calendar too.
    for (const query of [`book=sales&day=${DAY}`, 'book=sales&day=2026-02-30', 'book=nope']) {
      const signedOut = await get(`/fleet/books?${query}`, {});
      expect(signedOut.statusCode).toBe(303);
      expect(signedOut.headers.location).toBe('/fleet/login');
    }
    // A refusal comes back on the books page, saying which field, with what was asked still chosen.
    const badDay = await get('/fleet/books?book=pwd&business=main&day=2026-02-30', { cookie });
    expect(badDay.statusCode).toBe(400);
    expect(badDay.headers['content-type']).toContain('text/html');
    expect(badDay.body).toContain('Day: 2026-02-30 is not a date on the calendar');
    expect(badDay.body).toContain('<option value="MAIN" selected>');
    expect(badDay.body).toContain('<option value="pwd" selected>');
    const farDay = await get('/fleet/books?book=sales&day=0000-01-01', { cookie });
    expect(farDay.statusCode).toBe(400);
    expect(farDay.body).toContain('The day must be from 1900-01-01 to 9998-12-31.');
    const unknown = await get(`/fleet/books?book=pwd&business=NOPE&day=${DAY}`, { cookie });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
  });
});
