import { sql } from 'kysely';
import { beneficiaryKey, beneficiaryKeySql } from '../../protocol/senior-discount';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { SaleRequest } from '../../protocol';
import { aSale, ADMIN_TOKEN, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { adminPost, footprint, post } from '../support/stock-documents';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SENIOR = { kind: 'senior_citizen' as const, idNumber: 'OSCA-2024-00117', name: 'Lola Remedios Cruz' };

describe.each(databaseKinds)('the sales invoice and senior citizen / PWD discounts on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  let otherTill: PairedTerminal;

  const put = (url: string, body: unknown, headers: Record<string, string> = admin) =>
    bo.app.inject({ method: 'PUT', url, headers, payload: body as object });
  const sell = async (sale: SaleRequest, by: PairedTerminal = till) => {
    const response = await post(bo, '/v1/sales', by.headers(uuidv7()), sale);
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; status: string; flags: string[] };
  };
  const storedSale = (id: string) => bo.store.db.selectFrom('sales').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const storedLines = (id: string) => bo.store.db.selectFrom('sale_lines').selectAll().where('sale_id', '=', id).orderBy('line_no').execute();

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
    otherTill = await bo.pairTerminal({ name: 'Till 2' });
    for (const [sku, body] of Object.entries({
      BREAD: { name: 'Pandesal pack', priceMinor: 8_500, taxCode: 'VAT12', scPwdEligible: true },
      SARDINES: { name: 'Sardines 155 g', priceMinor: 2_500, taxCode: 'VAT12', bnpcEligible: true },
      RICE: { name: 'Rice 1 kg', priceMinor: 100_000, taxCode: 'VAT_EXEMPT', bnpcEligible: true },
      SODA: { name: 'Cola 1.5 L', priceMinor: 2_450, taxCode: 'VAT12' },
    }))
      expect((await put(`/v1/admin/products/${sku}`, { businessCode: 'MAIN', ...body })).statusCode).toBe(200);
    // Stock on the shelf, so the only flags a sale can get here are the discount's.
    const draft = await adminPost(bo, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Wholesaler',
      lines: ['BREAD', 'SARDINES', 'RICE', 'SODA'].map((sku) => ({ sku, qty: 1000, unitCostMinor: 100 })),
    });
    expect((await adminPost(bo, `/v1/purchase-receipts/${(draft.json() as { id: string }).id}/approve`, {})).statusCode).toBe(200);
  });
  afterAll(async () => bo.close());

  it('the business profile and the machine identification are set by an admin and pulled by the till', async () => {
    const profile = await put('/v1/admin/businesses/MAIN/profile', {
      registeredName: 'Dela Cruz Trading Corp.',
      tradeName: "Aling Nena's Sari-Sari Store",
      address: '12 Mabini St., Brgy. San Roque, Marikina City 1801',
      tin: '123-456-789-00000',
      vatRegistered: true,
      footer: 'Thank you, come again!',
      bnpcWeeklyPurchaseCapMinor: 250_000,
      bnpcWeeklyDiscountCapMinor: 12_500,
    });
    expect(profile.statusCode).toBe(200);
    const machine = await put(`/v1/admin/terminals/${till.id}/machine`, {
      min: '24031512345678',
      serialNumber: 'SN-CNTR-0001',
      permitNumber: 'FP032024-116-0123456-00000',
      permitDate: '2024-03-15',
    });
    expect(machine.statusCode).toBe(200);
    const pulled = await bo.app.inject({ method: 'GET', url: '/v1/terminals/profile', headers: till.headers() });
    expect(pulled.statusCode).toBe(200);
    expect(pulled.json()).toEqual({
      business: {
        businessCode: 'MAIN',
        registeredName: 'Dela Cruz Trading Corp.',
        tradeName: "Aling Nena's Sari-Sari Store",
        address: '12 Mabini St., Brgy. San Roque, Marikina City 1801',
        tin: '123-456-789-00000',
        vatRegistered: true,
        footer: 'Thank you, come again!',
        bnpcWeeklyPurchaseCapMinor: 250_000,
        bnpcWeeklyDiscountCapMinor: 12_500,
        timezone: 'Asia/Manila',
        // Not set by this profile: the POS supplier has its own fields (tests/server/pos-supplier.test.ts).
        posSupplier: null,
      },
      machine: {
        terminalId: till.id,
        terminalCode: till.code,
        min: '24031512345678',
        serialNumber: 'SN-CNTR-0001',
        permitNumber: 'FP032024-116-0123456-00000',
        permitDate: '2024-03-15',
      },
    });
    // Another till of the same business: the business's profile, no machine identification yet.
    const other = await bo.app.inject({ method: 'GET', url: '/v1/terminals/profile', headers: otherTill.headers() });
    expect(other.json()).toMatchObject({ business: { tin: '123-456-789-00000' }, machine: null });
    const row = await bo.store.db.selectFrom('terminals').selectAll().where('id', '=', till.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ machine_min: '24031512345678', machine_permit_date: '2024-03-15' });
  });

  it('a TIN without its branch code, a blank name or a permit date that is no date is a 400 that changes nothing; a till cannot set it', async () => {
    const before = await footprint(bo.store);
    const profileBefore = await bo.store.db.selectFrom('business_profiles').selectAll().execute();
    for (const body of [
      { registeredName: 'X Corp.', address: 'Somewhere', tin: '123456789', vatRegistered: true },
      { registeredName: '   ', address: 'Somewhere', tin: '123-456-789-000', vatRegistered: true },
    ]) {
      const response = await put('/v1/admin/businesses/MAIN/profile', body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed' });
    }
    // Dates that are not on the calendar: a 13th month, a 30 February, a 29 February of a common year.
    for (const permitDate of ['2024-13-40', '2026-02-30', '2027-02-29', '0000-01-01', '1899-12-31']) {
      const badDate = await put(`/v1/admin/terminals/${till.id}/machine`, { min: '1', serialNumber: '2', permitNumber: '3', permitDate });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.json()).toMatchObject({ code: 'validation_failed' });
    }
    const unknown = await put('/v1/admin/businesses/NOPE/profile', {
      registeredName: 'X',
      address: 'Y',
      tin: '123-456-789-000',
      vatRegistered: false,
    });
    expect(unknown.statusCode).toBe(404);
    const byTill = await put(
      '/v1/admin/businesses/MAIN/profile',
      { registeredName: 'X', address: 'Y', tin: '123-456-789-000', vatRegistered: false },
      till.headers(),
    );
    expect(byTill.statusCode).toBe(403);
    expect(await footprint(bo.store)).toEqual(before);
    expect(await bo.store.db.selectFrom('business_profiles').selectAll().execute()).toEqual(profileBefore);
  });

  it('eligibility travels with the catalog', async () => {
    const page = await bo.app.inject({ method: 'GET', url: '/v1/catalog?since=0', headers: till.headers() });
    const bySku = new Map((page.json() as { products: { sku: string }[] }).products.map((p) => [p.sku, p]));
    expect(bySku.get('BREAD')).toMatchObject({ scPwdEligible: true });
    expect(bySku.get('SARDINES')).toMatchObject({ bnpcEligible: true });
    expect(bySku.get('SODA')).not.toHaveProperty('scPwdEligible');
  });

  it('every sale keeps its own VAT figures, VATable rounded first: ₱24.50 is ₱21.88 VATable and ₱2.62 VAT', async () => {
    const { id } = await sell(aSale({ lines: [{ sku: 'SODA', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' }] }));
    expect(await storedSale(id)).toMatchObject({ vatable_minor: 2_188, vat_minor: 262, exempt_minor: 0, zero_rated_minor: 0 });
  });

  it('a taxed product sent as VAT-exempt, or with no tax code, is recorded as sent (the invoice printed so) and flagged tax_differs for review', async () => {
    const asExempt = await sell(aSale({ lines: [{ sku: 'SODA', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT_EXEMPT' }] }));
    expect(asExempt).toMatchObject({ status: 'needs_review', flags: ['tax_differs'] });
    expect(await storedSale(asExempt.id)).toMatchObject({ vat_minor: 0, exempt_minor: 2_450, status: 'needs_review' });
    const withNone = await sell(aSale({ lines: [{ sku: 'SODA', qty: 1, unitPriceMinor: 2_450 }] }));
    expect(withNone).toMatchObject({ status: 'needs_review', flags: ['tax_differs'] });
    // An exempt product sent as exempt is not flagged.
    const rice = await sell(
      aSale({
        lines: [{ sku: 'RICE', qty: 1, unitPriceMinor: 100_000, taxCode: 'VAT_EXEMPT' }],
        payments: [{ method: 'cash', amountMinor: 100_000 }],
      }),
    );
    expect(rice).toMatchObject({ status: 'recorded', flags: [] });
  });

  it("a senior citizen's 2 x ₱85 bread, computed by the rule: ₱121.43, VAT-exempt, recorded with the ID and not flagged", async () => {
    const sale = aSale({
      beneficiary: SENIOR,
      buyer: { name: 'Lola Remedios Cruz', address: 'Marikina City' },
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
    });
    const receipt = await sell(sale);
    expect(receipt).toMatchObject({ status: 'recorded', flags: [] });
    expect(await storedSale(receipt.id)).toMatchObject({
      total_minor: 14_593,
      beneficiary_kind: 'senior_citizen',
      beneficiary_id_number: 'OSCA-2024-00117',
      beneficiary_name: 'Lola Remedios Cruz',
      buyer_name: 'Lola Remedios Cruz',
      exempt_minor: 12_143,
      vatable_minor: 2_188,
      vat_minor: 262,
    });
    const lines = await storedLines(receipt.id);
    expect(lines.map((l) => [l.benefit_kind, Number(l.benefit_vat_removed_minor), Number(l.benefit_discount_minor), Number(l.total_minor)])).toEqual([
      ['senior_citizen', 1_821, 3_036, 12_143],
      [null, 0, 0, 2_450],
    ]);
    // The admin listing reports it: the sale's VAT figures, the person, each line's discount by kind.
    const listed = (await bo.app.inject({ method: 'GET', url: '/v1/admin/sales?limit=500', headers: bo.adminHeaders() })).json() as {
      items: { id: string; vat: unknown; beneficiary: unknown; lines: { benefitKind: string | null; benefitMinor: number }[] }[];
    };
    const item = listed.items.find((s) => s.id === receipt.id);
    expect(item).toMatchObject({
      vat: { vatableMinor: 2_188, vatMinor: 262, exemptMinor: 12_143, zeroRatedMinor: 0 },
      beneficiary: SENIOR,
      lines: [
        { benefitKind: 'senior_citizen', benefitMinor: 4_857 },
        { benefitKind: null, benefitMinor: 0 },
      ],
    });
    // Its refund is a document with its own figures, split as the invoice split them: the bread stays VAT-exempt.
    const refund = await post(bo, `/v1/sales/${receipt.id}/refund`, till.headers(uuidv7()), {
      localNumber: 'T01-R000001',
      occurredAt: new Date().toISOString(),
      lines: [
        { sku: 'BREAD', qty: 2 },
        { sku: 'SODA', qty: 1 },
      ],
      reason: 'stale',
    });
    expect(refund.statusCode).toBe(201);
    const storedRefund = await bo.store.db.selectFrom('refunds').selectAll().where('sale_id', '=', receipt.id).executeTakeFirstOrThrow();
    expect(storedRefund).toMatchObject({ total_minor: 14_593, exempt_minor: 12_143, vatable_minor: 2_188, vat_minor: 262, zero_rated_minor: 0 });
  });

  it('a 20% taken on the VAT-inclusive price (₱34.00 instead of ₱30.36 + VAT) is recorded, never refused, and flagged for review', async () => {
    const sale = aSale({
      beneficiary: { kind: 'pwd', idNumber: 'PWD-13-7404-000-1234567', name: 'Jun Santos' },
      lines: [
        {
          sku: 'BREAD',
          qty: 2,
          unitPriceMinor: 8_500,
          taxCode: 'VAT12',
          discountMinor: 3_400,
          benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 0, discountMinor: 3_400 },
        },
      ],
    });
    const receipt = await sell(sale);
    expect(receipt).toMatchObject({ status: 'needs_review', flags: ['benefit_miscomputed'] });
    const stored = await storedSale(receipt.id);
    expect(stored).toMatchObject({ status: 'needs_review', total_minor: 13_600, beneficiary_kind: 'pwd' });
    expect(JSON.parse(stored.flags)).toEqual(['benefit_miscomputed']);
    expect((await storedLines(receipt.id))[0]).toMatchObject({ benefit_kind: 'pwd' });
  });

  it('the 20% on a product that is not eligible, or with nobody named, is flagged benefit_not_eligible', async () => {
    const onSoda = await sell(
      aSale({
        beneficiary: SENIOR,
        lines: [
          {
            sku: 'SODA',
            qty: 1,
            unitPriceMinor: 2_450,
            taxCode: 'VAT12',
            discountMinor: 700,
            benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 262, discountMinor: 438 },
          },
        ],
      }),
    );
    expect(onSoda.flags).toEqual(['benefit_not_eligible']);
    const nobody = await sell(
      aSale({
        lines: [
          {
            sku: 'BREAD',
            qty: 2,
            unitPriceMinor: 8_500,
            taxCode: 'VAT12',
            discountMinor: 4_857,
            benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 1_821, discountMinor: 3_036 },
          },
        ],
      }),
    );
    expect(nobody.flags).toEqual(['benefit_not_eligible']);
    expect((await storedLines(nobody.id))[0]).toMatchObject({ benefit_kind: null, benefit_discount_minor: expect.anything() });
  });

  it("the 5% on basic necessities counts the person's week at every till: past ₱2,500 of purchases the rest is flagged bnpc_cap_exceeded", async () => {
    const person = { kind: 'senior_citizen' as const, idNumber: 'OSCA-2023-55555', name: 'Lolo Ben Reyes' };
    const occurredAt = '2026-11-25T03:00:00.000Z'; // a Wednesday in Manila
    // ₱2,000.00 of rice at till 1: 5% is ₱100.00, within both caps.
    const first = await sell(
      aSale({
        occurredAt,
        beneficiary: person,
        lines: [
          {
            sku: 'RICE',
            qty: 2,
            unitPriceMinor: 100_000,
            taxCode: 'VAT_EXEMPT',
            discountMinor: 10_000,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 10_000 },
          },
        ],
        payments: [{ method: 'cash', amountMinor: 190_000 }],
      }),
    );
    expect(first).toMatchObject({ status: 'recorded', flags: [] });
    // Two days later at till 2: ₱1,000.00 more; only ₱500.00 of purchases is left under the cap, so ₱25.00 of 5%, not ₱50.00.
    // Her ID typed another way there ("osca 2023.55555") is the same card, the same week.
    const overCap = await sell(
      aSale({
        occurredAt: '2026-11-27T03:00:00.000Z',
        beneficiary: { ...person, idNumber: 'osca 2023.55555' },
        lines: [
          {
            sku: 'RICE',
            qty: 1,
            unitPriceMinor: 100_000,
            taxCode: 'VAT_EXEMPT',
            discountMinor: 5_000,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 5_000 },
          },
        ],
        payments: [{ method: 'cash', amountMinor: 95_000 }],
      }),
      otherTill,
    );
    expect(overCap).toMatchObject({ status: 'needs_review', flags: ['bnpc_cap_exceeded'] });
    // The next week starts afresh on Monday (Manila time): ₱50.00 of 5% on ₱1,000.00 is within the caps again.
    const nextWeek = await sell(
      aSale({
        occurredAt: '2026-11-30T00:30:00.000Z', // Monday 08:30 in Manila
        beneficiary: person,
        lines: [
          {
            sku: 'RICE',
            qty: 1,
            unitPriceMinor: 100_000,
            taxCode: 'VAT_EXEMPT',
            discountMinor: 5_000,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 5_000 },
          },
        ],
        payments: [{ method: 'cash', amountMinor: 95_000 }],
      }),
    );
    expect(nextWeek).toMatchObject({ status: 'recorded', flags: [] });
    expect((await storedLines(overCap.id))[0]).toMatchObject({ benefit_kind: 'senior_citizen_bnpc' });
  });

  it("a till asks for a person's 5% this week at the other tills (it adds its own): the back office leaves out the asking till's sales", async () => {
    const person = { kind: 'pwd' as const, idNumber: 'PWD-0427-1188', name: 'Jun Mercado' };
    const weekAsked = (by: PairedTerminal, idNumber = person.idNumber) =>
      bo.app.inject({ method: 'GET', url: `/v1/terminals/bnpc-week?idNumber=${encodeURIComponent(idNumber)}`, headers: by.headers() });
    expect((await weekAsked(otherTill)).json()).toMatchObject({ purchasesMinor: 0, discountMinor: 0 });
    // 4 cans at till 1 now: ₱100.00 of purchases, ₱5.00 of 5%.
    await sell(
      aSale({
        occurredAt: new Date().toISOString(),
        beneficiary: person,
        lines: [
          {
            sku: 'SARDINES',
            qty: 4,
            unitPriceMinor: 2_500,
            taxCode: 'VAT12',
            discountMinor: 500,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 500 },
          },
        ],
        payments: [{ method: 'cash', amountMinor: 9_500 }],
      }),
    );
    const atTwo = await weekAsked(otherTill, 'pwd 0427 1188');
    expect(atTwo.statusCode).toBe(200);
    const answer = atTwo.json() as { purchasesMinor: number; discountMinor: number; weekStartsAt: string; weekEndsAt: string };
    expect(answer).toMatchObject({ purchasesMinor: 10_000, discountMinor: 500 });
    // The week of the business's time zone (Manila): Monday 00:00 there is Sunday 16:00 UTC.
    expect(answer.weekStartsAt).toMatch(/T16:00:00\.000Z$/);
    expect(Date.parse(answer.weekEndsAt) - Date.parse(answer.weekStartsAt)).toBe(7 * 86_400_000);
    // Till 1 knows its own sale: the back office does not count it twice.
    expect((await weekAsked(till)).json()).toMatchObject({ purchasesMinor: 0, discountMinor: 0 });
    // No ID, a blank one, or no till's token: refused, with a code.
    for (const url of ['/v1/terminals/bnpc-week', '/v1/terminals/bnpc-week?idNumber=%20%20']) {
      const refused = await bo.app.inject({ method: 'GET', url, headers: otherTill.headers() });
      expect([refused.statusCode, refused.json().code]).toEqual([400, 'validation_failed']);
    }
    // The admin token is known and not a till's: 403 saying the route takes a terminal token.
    const asAdmin = await bo.app.inject({ method: 'GET', url: '/v1/terminals/bnpc-week?idNumber=PWD-0427-1188', headers: admin });
    expect([asAdmin.statusCode, asAdmin.json().code]).toEqual([403, 'forbidden']);
  });

  it("a refund of a 5%-discounted purchase gives its share of the person's week back: the next purchase has the rest of the cap, one centavo more is flagged", async () => {
    const person = { kind: 'pwd' as const, idNumber: 'PWD-MRK-2024-0042', name: 'Jose Santos' };
    const rice = (qty: number, discountMinor: number, occurredAt: string) =>
      aSale({
        occurredAt,
        beneficiary: person,
        lines: [
          {
            sku: 'RICE',
            qty,
            unitPriceMinor: 100_000,
            taxCode: 'VAT_EXEMPT',
            discountMinor,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor },
          },
        ],
        payments: [{ method: 'cash', amountMinor: Math.round(qty * 100_000) - discountMinor }],
      });
    // Monday 14 December 2026 in Manila: ₱2,000.00 of rice at till 1, 5% is ₱100.00. ₱500.00 and ₱25.00 of the week are left.
    const bought = await sell(rice(2, 10_000, '2026-12-14T02:00:00.000Z'));
    expect(bought).toMatchObject({ status: 'recorded', flags: [] });
    // Tuesday: one bag of the two comes back. Its share (₱1,000.00 of purchases, ₱50.00 of the 5%) is hers again.
    const back = await post(bo, `/v1/sales/${bought.id}/refund`, till.headers(uuidv7()), {
      localNumber: 'T01-R-BNPC-1',
      occurredAt: '2026-12-15T02:00:00.000Z',
      lines: [{ sku: 'RICE', qty: 1 }],
      reason: 'wet sack',
    });
    expect(back.statusCode).toBe(201);
    // Wednesday at till 2: ₱1,500.00 of rice, the full 5% of ₱75.00: what the week has left after the refund. Not flagged.
    const rest = await sell(rice(1.5, 7_500, '2026-12-16T02:00:00.000Z'), otherTill);
    expect(rest).toMatchObject({ status: 'recorded', flags: [] });
    expect((await storedLines(rest.id))[0]).toMatchObject({ benefit_kind: 'pwd_bnpc' });
    expect(Number((await storedLines(rest.id))[0]?.benefit_discount_minor)).toBe(7_500);
    // The week is used up now (₱2,500.00 and ₱125.00 kept): ₱5.00 more on ₱100.00 of rice is past it.
    const past = await sell(rice(0.1, 500, '2026-12-17T02:00:00.000Z'));
    expect(past).toMatchObject({ status: 'needs_review', flags: ['bnpc_cap_exceeded'] });
  });

  it("a Manila till's own times (+08:00) fall in the right week: a Sunday evening counts in its week, not the next; times are stored as UTC text", async () => {
    const person = { kind: 'senior_citizen' as const, idNumber: 'OSCA-2022-80808', name: 'Lola Sol Garcia' };
    const rice = (qty: number, discountMinor: number, occurredAt: string) =>
      aSale({
        occurredAt,
        beneficiary: person,
        lines: [
          {
            sku: 'RICE',
            qty,
            unitPriceMinor: 100_000,
            taxCode: 'VAT_EXEMPT',
            discountMinor,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor },
          },
        ],
        payments: [{ method: 'cash', amountMinor: qty * 100_000 - discountMinor }],
      });
    // Sunday 20:00 in Manila (12:00 UTC): ₱2,000 of rice, within her week's ₱2,500.
    const sundayEvening = await sell(rice(2, 10_000, '2026-12-06T20:00:00+08:00'));
    expect(sundayEvening).toMatchObject({ status: 'recorded', flags: [] });
    expect((await storedSale(sundayEvening.id)).occurred_at).toBe('2026-12-06T12:00:00.000Z');
    // As a server of the version before, beside this one in a rolling upgrade, stored it: as sent. Still that Sunday's.
    await bo.store.db.updateTable('sales').set({ occurred_at: '2026-12-06T20:00:00+08:00' }).where('id', '=', sundayEvening.id).execute();
    // Still Sunday, 23:30, at another till: ₱1,000 more is past that week's cap.
    const lateSunday = await sell(rice(1, 5_000, '2026-12-06T23:30:00+08:00'), otherTill);
    expect(lateSunday).toMatchObject({ status: 'needs_review', flags: ['bnpc_cap_exceeded'] });
    // Monday 07:00 in Manila (Sunday 23:00 UTC): a new week, within its caps.
    const monday = await sell(rice(1, 5_000, '2026-12-07T07:00:00+08:00'));
    expect(monday).toMatchObject({ status: 'recorded', flags: [] });
    expect((await storedSale(monday.id)).occurred_at).toBe('2026-12-06T23:00:00.000Z');
  });

  it("an ID's key is the same in JavaScript and in this database's SQL, non-ASCII letters included", async () => {
    for (const typed of ['OSCA-MRK-0012345', 'osca mrk.0012345', 'PWD-PARAÑAQUE-01', 'pwd parañaque 01', 'Ünïcode-x']) {
      const { rows } = await sql<{ key: string }>`select ${sql.raw(beneficiaryKeySql('t.id', kind))} as key from (select ${typed} as id) t`.execute(
        bo.store.db,
      );
      expect(rows[0]?.key, typed).toBe(beneficiaryKey(typed));
    }
    expect(beneficiaryKey('osca mrk.0012345')).toBe(beneficiaryKey('OSCA-MRK-0012345'));
  });

  it('more than 5% of the basic necessities is benefit_miscomputed', async () => {
    const receipt = await sell(
      aSale({
        beneficiary: { kind: 'pwd', idNumber: 'PWD-99', name: 'Ana Lim' },
        lines: [
          {
            sku: 'SARDINES',
            qty: 2,
            unitPriceMinor: 2_500,
            taxCode: 'VAT12',
            discountMinor: 500,
            benefit: { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 500 },
          },
        ],
      }),
    );
    expect(receipt.flags).toEqual(['benefit_miscomputed']);
  });
});
