import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { benefitsOf, type SaleLine, type TaxRate } from '../../protocol';
import { salesInvoiceOf } from '../../terminal/invoicing/sales-invoice';
import { readingDeductions } from '../../terminal/readings/reading-deductions';
import type { ShiftReport } from '../../terminal/shifts/shift-schemas';
import { documentTime } from '../../terminal/invoicing/document-dates';
import { ADMIN_TOKEN } from '../support/back-office';
import { codeOf, fastTuning, openCore, startLink, tempDataDir, waitFor, waitUntilQueueEmpty, type Cleanups, type Link } from '../support/terminal';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const VAT12 = { code: 'VAT12', name: 'VAT 12%', rateBasisPoints: 1200, inclusive: true };
const SENIOR = { kind: 'senior_citizen' as const, idNumber: 'OSCA-2024-00117', name: 'Lola Remedios Cruz' };

async function aTillWithTheProfile({ vatRegistered = true, catalogIntervalMs = fastTuning.catalogIntervalMs } = {}) {
  const link = await startLink();
  cleanups.push(() => link.close());
  const put = async (url: string, body: object) => {
    const response = await link.backOffice.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: body });
    expect(response.statusCode).toBe(200);
  };
  await put('/v1/admin/products/BREAD', { businessCode: 'MAIN', name: 'Pandesal pack', priceMinor: 8_500, taxCode: 'VAT12', scPwdEligible: true });
  await put('/v1/admin/products/SARDINES', { businessCode: 'MAIN', name: 'Sardines 155 g', priceMinor: 2_500, taxCode: 'VAT12', bnpcEligible: true });
  await put('/v1/admin/products/SODA', { businessCode: 'MAIN', name: 'Cola 1.5 L', priceMinor: 2_450, taxCode: 'VAT12' });
  await put('/v1/admin/businesses/MAIN/profile', {
    registeredName: 'Dela Cruz Trading Corp.',
    address: '12 Mabini St., Marikina City',
    tin: '123-456-789-00000',
    vatRegistered,
    // Small caps, to reach them with a few cans: ₱150.00 of purchases and ₱6.00 of discount a week.
    bnpcWeeklyPurchaseCapMinor: 15_000,
    bnpcWeeklyDiscountCapMinor: 600,
  });
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  const core = await openCore(data.dir, { ...fastTuning, catalogIntervalMs });
  cleanups.push(() => core.close());
  const status = await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
  const terminal = await link.backOffice.store.db
    .selectFrom('terminals')
    .select('id')
    .where('code', '=', status.terminalCode!)
    .executeTakeFirstOrThrow();
  await put(`/v1/admin/terminals/${terminal.id}/machine`, {
    min: '24031512345678',
    serialNumber: 'SN-0001',
    permitNumber: 'FP-0001',
    permitDate: '2024-03-15',
  });
  core.seedDemoPeople([
    { code: 'mario', name: 'Mario', role: 'manager', pin: '9999' },
    { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
  ]);
  await core.signIn({ pin: '1111' });
  core.start();
  await waitFor(async () => (await core.invoiceProfile())?.profile.machine?.min === '24031512345678', 'the invoice profile to be pulled');
  await waitFor(async () => (await core.searchProducts({ query: 'SARDINES' }))[0]?.bnpcEligible === true, 'the catalog with eligibility');
  return { link, core, dataDir: data.dir };
}

/** The business profile with no caps set: registered for VAT or not. */
async function putShortProfile(link: Link, { vatRegistered }: { vatRegistered: boolean }): Promise<void> {
  const response = await link.backOffice.app.inject({
    method: 'PUT',
    url: '/v1/admin/businesses/MAIN/profile',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { registeredName: 'Dela Cruz Trading Corp.', address: '12 Mabini St., Marikina City', tin: '123-456-789-00000', vatRegistered },
  });
  expect(response.statusCode).toBe(200);
}

/** The cart's lines priced for a senior citizen by the law's rule, as the screen prices them. */
function forSenior(
  lines: { sku: string; name: string; qty: number; unitPriceMinor: number; sc: boolean; bnpc: boolean }[],
  week = { purchasesMinor: 0, discountMinor: 0 },
  caps = { weeklyPurchaseCapMinor: 15_000, weeklyDiscountCapMinor: 600 },
  tax: TaxRate = VAT12,
): SaleLine[] {
  const benefits = benefitsOf(
    lines.map((l) => ({ qtyMilli: l.qty * 1000, unitPriceMinor: l.unitPriceMinor, tax, scPwdEligible: l.sc, bnpcEligible: l.bnpc })),
    week,
    caps,
  );
  return lines.map((l, i) => {
    const b = benefits[i];
    return {
      sku: l.sku,
      name: l.name,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      taxCode: 'VAT12',
      ...(b ? { discountMinor: b.vatRemovedMinor + b.discountMinor, benefit: b } : {}),
    };
  });
}

describe('a senior citizen at the till', () => {
  it('2 x ₱85 bread and a cola: ₱121.43 VAT-exempt bread with the ID kept, no manager needed, and the back office finds nothing wrong with the discount', async () => {
    const { link, core, dataDir } = await aTillWithTheProfile();
    const { cartKey } = await core.openCart();
    const lines = forSenior([
      { sku: 'BREAD', name: 'Pandesal pack', qty: 2, unitPriceMinor: 8_500, sc: true, bnpc: false },
      { sku: 'SODA', name: 'Cola 1.5 L', qty: 1, unitPriceMinor: 2_450, sc: false, bnpc: false },
    ]);
    const sale = await core.pay({ cartKey, cashier: 'ana', beneficiary: SENIOR, lines, payments: [{ method: 'cash', amountMinor: 20_000 }] });
    expect(sale).toMatchObject({
      totalMinor: 14_593,
      amountDueMinor: 14_593,
      exemptMinor: 12_143,
      vatableMinor: 2_188,
      vatMinor: 262,
      changeMinor: 5_407,
      beneficiary: SENIOR,
    });
    expect(sale.lines[0]).toMatchObject({ discountMinor: 4_857, benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 1_821, discountMinor: 3_036 } });
    await waitUntilQueueEmpty(core);
    const stored = await link.backOffice.store.db
      .selectFrom('sales')
      .selectAll()
      .where('local_number', '=', sale.localNumber)
      .executeTakeFirstOrThrow();
    // Only the stock flag (this back office received no stock): nothing about the discount.
    expect(stored).toMatchObject({
      status: 'needs_review',
      flags: '["negative_stock"]',
      beneficiary_id_number: 'OSCA-2024-00117',
      exempt_minor: 12_143,
      vatable_minor: 2_188,
      vat_minor: 262,
    });
    // The electronic journal keeps a copy of the invoice as issued: the business and machine, the
    // senior citizen's ID and name, each line's mark and discount kind, the VAT lines, the till's clock.
    const journal = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    const copy = journal.prepare("SELECT text FROM journal WHERE kind = 'sale' AND document_number = ?").pluck().get(sale.localNumber) as string;
    journal.close();
    for (const part of [
      'Dela Cruz Trading Corp.',
      'VAT REG TIN 123-456-789-00000',
      'MIN 24031512345678',
      'OSCA / SC ID No.: OSCA-2024-00117',
      'Name: Lola Remedios Cruz',
      'Senior citizen 20%, VAT-exempt less 48.57',
      'Less VAT (VAT-exempt sale)',
      '-P18.21',
      'Senior citizen discount (20%)',
      '-P30.36',
      'VAT-exempt sales',
      'Cashier',
      'Ana',
      // The till's clock, on the business's wall clock (Manila), whatever this machine's time zone.
      documentTime(sale.occurredAt, 'Asia/Manila'),
    ])
      // Words wrap at the journal's 40 columns; none is cut.
      expect(copy.replace(/\s+/g, ' ')).toContain(part);
    expect(copy.split('\n').every((row) => row.length <= 40)).toBe(true);
    // Each line at its regular price, its discount under it; the total sales less the discounts by kind is the amount due.
    expect(copy).toMatch(/P170\.00 E\n/);
    expect(copy).toMatch(/P24\.50 V\n/);
    expect(copy).toMatch(
      /\nTotal sales +P194\.50\nLess VAT \(VAT-exempt sale\) +-P18\.21\nSenior citizen discount \(20%\) +-P30\.36\nAmount due +P145\.93\n/,
    );
    // Its refund at the till keeps its own figures, the bread still VAT-exempt; each line keeps its discount's kind for the readings.
    const refund = await core.refund({
      refundKey: 'refund-senior',
      saleId: sale.localNumber,
      lines: [
        { sku: 'BREAD', qty: 2 },
        { sku: 'SODA', qty: 1 },
      ],
      reason: 'stale',
      approval: { managerPin: '9999' },
    });
    const raw = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    try {
      // Its journal entry carries the business and the machine, as the printed slip does.
      const slip = raw.prepare("SELECT text FROM journal WHERE kind = 'refund' AND document_number = ?").pluck().get(refund.localNumber) as string;
      expect(slip).toMatch(/^Dela Cruz Trading Corp\.\n12 Mabini St\., Marikina City\nVAT REG TIN 123-456-789-00000\nMIN 24031512345678\n/);
      // A senior citizen's return names them, as their invoice did (found by a probe: the slip carried neither).
      expect(refund.beneficiary).toEqual(SENIOR);
      expect(slip).toContain('\nSenior citizen: Lola Remedios Cruz\nOSCA ID: OSCA-2024-00117\n');
      expect(
        raw.prepare('SELECT total_minor, vatable_minor, vat_minor, exempt_minor, zero_rated_minor FROM refunds WHERE id = ?').get(refund.id),
      ).toEqual({
        total_minor: 14_593,
        vatable_minor: 2_188,
        vat_minor: 262,
        exempt_minor: 12_143,
        zero_rated_minor: 0,
      });
      expect(raw.prepare('SELECT benefit_kind, benefit_vat_removed_minor, benefit_discount_minor FROM sale_lines ORDER BY line_no').all()).toEqual([
        { benefit_kind: 'senior_citizen', benefit_vat_removed_minor: 1_821, benefit_discount_minor: 3_036 },
        { benefit_kind: null, benefit_vat_removed_minor: 0, benefit_discount_minor: 0 },
      ]);
      // The readings list the law's discounts by kind: the 20% and the VAT the bread no longer carries.
      expect(raw.prepare('SELECT kind, amount_minor FROM sale_discounts ORDER BY kind').all()).toEqual([
        { kind: 'senior_citizen', amount_minor: 3_036 },
        { kind: 'vat_exemption', amount_minor: 1_821 },
      ]);
    } finally {
      raw.close();
    }
  });

  it('a shift with a senior citizen’s sale, a discounted sale and a refund: the Z takes returns, each discount and the VAT adjustment off gross sales, and they add up to net sales', async () => {
    const { core, dataDir } = await aTillWithTheProfile();
    const MANAGER = { managerPin: '9999' };
    await core.openShift({ floatMinor: 50_000, approval: MANAGER });
    // Lola Remedios: 2 x ₱85.00 bread (₱30.36 off, ₱18.21 of VAT removed) and a cola.
    const { cartKey: seniorCart } = await core.openCart();
    await core.pay({
      cartKey: seniorCart,
      cashier: 'ana',
      beneficiary: SENIOR,
      lines: forSenior([
        { sku: 'BREAD', name: 'Pandesal pack', qty: 2, unitPriceMinor: 8_500, sc: true, bnpc: false },
        { sku: 'SODA', name: 'Cola 1.5 L', qty: 1, unitPriceMinor: 2_450, sc: false, bnpc: false },
      ]),
      payments: [{ method: 'cash', amountMinor: 20_000 }],
    });
    // Three colas with ₱2.45 off the line, then one of them given back.
    const { cartKey } = await core.openCart();
    const colas = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SODA', name: 'Cola 1.5 L', qty: 3, unitPriceMinor: 2_450, taxCode: 'VAT12', discountMinor: 245 }],
      discounts: [{ kind: 'line', amountMinor: 245 }],
      payments: [{ method: 'cash', amountMinor: 10_000 }],
    });
    const refund = await core.refund({
      refundKey: 'one-cola',
      saleId: colas.id,
      lines: [{ sku: 'SODA', qty: 1 }],
      reason: 'flat',
      approval: MANAGER,
    });
    expect(refund.totalMinor).toBe(2_368);
    const z = await core.closeShift({ approval: MANAGER, override: { reason: 'test, not waiting for the sync' } });

    expect(z).toMatchObject({ grossSalesMinor: 17_000 + 2_450 + 7_350, netSalesMinor: 14_593 + 7_105 - 2_368 });
    expect(readingDeductions(z).map((d) => [d.label, d.amountMinor])).toEqual([
      ['Less returns/refunds (1)', 2_368],
      ['Less senior citizen (20%) (1)', 3_036],
      ['Less PWD (20%) (0)', 0],
      ['Less senior citizen, basic necessities (5%) (0)', 0],
      ['Less PWD, basic necessities (5%) (0)', 0],
      ['Less line discounts (1)', 245],
      ['Less cart discounts (0)', 0],
      ['Less VAT adjustment, SC/PWD (1)', 1_821],
    ]);
    const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    const stored = JSON.parse(db.prepare('SELECT z_report FROM shifts').pluck().get() as string) as ShiftReport;
    const sold = db.prepare('SELECT SUM(gross_minor) AS gross, SUM(total_minor) AS total FROM sales').get() as { gross: number; total: number };
    const returned = db.prepare('SELECT SUM(total_minor) FROM refunds').pluck().get() as number;
    const text = db.prepare("SELECT text FROM journal WHERE kind = 'z_reading'").pluck().get() as string;
    db.close();
    // Gross less every deduction is net sales, which is what the sales took less what went back.
    const deducted = readingDeductions(stored).reduce((sum, d) => sum + d.amountMinor, 0);
    expect(stored.grossSalesMinor - deducted).toBe(stored.netSalesMinor);
    expect([stored.grossSalesMinor, stored.netSalesMinor]).toEqual([sold.gross, sold.total - returned]);
    // The same arithmetic on the printed text: gross sales, each line taken off, net sales.
    const block = text.slice(text.indexOf('\nGross sales'), text.indexOf('\n', text.indexOf('\nNet sales') + 1));
    const amounts = [...block.matchAll(/(-?)P([\d,]+)\.(\d\d)$/gm)].map(
      ([, minus, pesos, centavos]) => (minus ? -1 : 1) * (Number(pesos!.replace(/,/g, '')) * 100 + Number(centavos)),
    );
    expect(amounts[0]).toBe(26_800);
    expect(amounts.at(-1)).toBe(19_330);
    expect(amounts.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(amounts.at(-1));
    expect(block).toMatch(/\nLess returns\/refunds \(1\) +-P23\.68\n/);
    expect(block).toMatch(/\nLess VAT adjustment, SC\/PWD \(1\) +-P18\.21\n/);
  });

  it("found by a black-box probe: a product's tax is the catalog's, whatever a script sends", async () => {
    const { core, dataDir } = await aTillWithTheProfile();
    const cash = (amountMinor: number) => [{ method: 'cash' as const, amountMinor }];
    // 10 sardines (₱25.00 each, VAT 12% inside) sent "VAT_EXEMPT": sold at the price sent, with the catalog's VAT.
    const sold = await core.pay({
      cartKey: (await core.openCart()).cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES', qty: 10, unitPriceMinor: 2_500, taxCode: 'VAT_EXEMPT' }],
      payments: cash(25_000),
    });
    expect(sold.totalMinor).toBe(25_000);
    expect(sold.vatMinor).toBe(2_679);
    const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    expect(db.prepare('SELECT tax_code FROM sale_lines WHERE sale_seq = (SELECT seq FROM sales WHERE id = ?)').pluck().all(sold.id)).toEqual([
      'VAT12',
    ]);
    db.close();
    // A tax left out: the catalog's too. A product the catalog does not have is taken as sent.
    const near = await core.pay({
      cartKey: (await core.openCart()).cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SODA', qty: 1, unitPriceMinor: 2_450 }],
      payments: cash(2_450),
    });
    expect(near.lines[0]).toMatchObject({ sku: 'SODA', taxCode: 'VAT12' });
    const unknown = await core.pay({
      cartKey: (await core.openCart()).cartKey,
      cashier: 'ana',
      lines: [{ sku: 'LOOSE-CANDY', qty: 1, unitPriceMinor: 100 }],
      payments: cash(100),
    });
    expect(unknown.lines[0]?.taxCode ?? null).toBeNull();
  });

  it('a discount that is not the rule, or one with nobody named, is refused before it is a sale', async () => {
    const { core } = await aTillWithTheProfile();
    const { cartKey } = await core.openCart();
    const lines = forSenior([{ sku: 'BREAD', name: 'Pandesal pack', qty: 2, unitPriceMinor: 8_500, sc: true, bnpc: false }]);
    const wrong = lines.map((l) => ({
      ...l,
      discountMinor: 3_400,
      benefit: { rule: 'vat_exempt_20' as const, vatRemovedMinor: 0, discountMinor: 3_400 },
    }));
    const pay = (args: object) => core.pay({ cartKey, cashier: 'ana', lines, payments: [{ method: 'cash', amountMinor: 20_000 }], ...args });
    expect(await codeOf(pay({ beneficiary: SENIOR, lines: wrong }))).toBe('invalid_argument');
    expect(await codeOf(pay({}))).toBe('invalid_argument');
    // Eligible bread without its benefit while a senior citizen is named: not the rule either.
    expect(
      await codeOf(
        pay({
          beneficiary: SENIOR,
          lines: lines.map(({ sku, name, qty, unitPriceMinor, taxCode }) => ({ sku, name, qty, unitPriceMinor, taxCode })),
        }),
      ),
    ).toBe('invalid_argument');
    expect(await core.listSales({})).toEqual([]);
  });

  it('whichever is higher: bread at half price keeps its promotion for a senior (VATable, no benefit, the manager approved it); 10% off instead of the 20% is refused', async () => {
    const { link, core } = await aTillWithTheProfile();
    const bread = { sku: 'BREAD', name: 'Pandesal pack', qty: 2, unitPriceMinor: 8_500, taxCode: 'VAT12' };
    // 10% off (₱17.00) takes off less than the 20% with its VAT removed (₱48.57): the senior must get the 20%.
    const shortchanged = await core.openCart();
    await core.approve({ pin: '9999', action: 'discount', cartKey: shortchanged.cartKey, amountMinor: 1_700 });
    expect(
      await codeOf(
        core.pay({
          ...shortchanged,
          cashier: 'ana',
          beneficiary: SENIOR,
          lines: [{ ...bread, discountMinor: 1_700 }],
          payments: [{ method: 'cash', amountMinor: 20_000 }],
        }),
      ),
    ).toBe('invalid_argument');
    expect(await core.listSales({})).toEqual([]);
    // Half price (₱85.00 off) takes off more: the line keeps it, as anyone would pay, and stays VATable.
    const cart = await core.openCart();
    await core.approve({ pin: '9999', action: 'discount', cartKey: cart.cartKey, amountMinor: 8_500 });
    const sale = await core.pay({
      ...cart,
      cashier: 'ana',
      beneficiary: SENIOR,
      lines: [{ ...bread, discountMinor: 8_500 }],
      payments: [{ method: 'cash', amountMinor: 10_000 }],
    });
    expect(sale).toMatchObject({ totalMinor: 8_500, exemptMinor: 0, vatableMinor: 7_589, vatMinor: 911, beneficiary: SENIOR });
    expect(sale.lines[0]?.benefit ?? null).toBeNull();
    await waitUntilQueueEmpty(core);
    const stored = await link.backOffice.store.db
      .selectFrom('sales')
      .innerJoin('sale_lines', 'sale_lines.sale_id', 'sales.id')
      .select(['sales.flags', 'sales.total_minor', 'sales.exempt_minor', 'sale_lines.discount_minor', 'sale_lines.benefit_kind'])
      .where('sales.local_number', '=', sale.localNumber)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ total_minor: 8_500, exempt_minor: 0, discount_minor: 8_500, benefit_kind: null });
    expect(JSON.parse(stored.flags)).not.toContain('benefit_not_eligible');
    expect(JSON.parse(stored.flags)).not.toContain('benefit_miscomputed');
  });

  it("the 5% on basic necessities counts this person's week at the till, within the business's caps", async () => {
    const { core } = await aTillWithTheProfile();
    expect(await core.bnpcWeek({ idNumber: SENIOR.idNumber })).toMatchObject({
      purchasesMinor: 0,
      discountMinor: 0,
      weeklyPurchaseCapMinor: 15_000,
      weeklyDiscountCapMinor: 600,
    });
    const sardines = (qty: number) => ({ sku: 'SARDINES', name: 'Sardines 155 g', qty, unitPriceMinor: 2_500, sc: false, bnpc: true });
    // 4 cans: ₱100.00, 5% is ₱5.00.
    const first = await core.pay({
      ...(await core.openCart()),
      cashier: 'ana',
      beneficiary: SENIOR,
      lines: forSenior([sardines(4)]),
      payments: [{ method: 'cash', amountMinor: 10_000 }],
    });
    expect(first.lines[0]?.benefit).toEqual({ rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 500 });
    const week = await core.bnpcWeek({ idNumber: SENIOR.idNumber });
    expect(week).toMatchObject({ purchasesMinor: 10_000, discountMinor: 500 });
    // 2 more cans (₱50.00): 5% would be ₱2.50, but only ₱1.00 of the week's ₱6.00 is left. A till that forgets the week is refused.
    const pay = (lines: SaleLine[]) =>
      core
        .openCart()
        .then((cart) => core.pay({ ...cart, cashier: 'ana', beneficiary: SENIOR, lines, payments: [{ method: 'cash', amountMinor: 10_000 }] }));
    expect(await codeOf(pay(forSenior([sardines(2)])))).toBe('invalid_argument');
    const second = await pay(forSenior([sardines(2)], week));
    expect(second.lines[0]?.benefit).toEqual({ rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 100 });
    expect(await core.bnpcWeek({ idNumber: SENIOR.idNumber })).toMatchObject({ purchasesMinor: 15_000, discountMinor: 600 });
    // The same card typed another way (lower case, spaces for dashes) is the same person's week.
    const retyped = SENIOR.idNumber.toLowerCase().replace(/-/g, ' ');
    expect(retyped).not.toBe(SENIOR.idNumber);
    expect(await core.bnpcWeek({ idNumber: retyped })).toMatchObject({ purchasesMinor: 15_000, discountMinor: 600 });
  });
  it('online, the 5% caps count every till: 4 cans at the next till leave ₱1.00 of the week here; offline, the till counts its own sales and says so', async () => {
    const { link, core } = await aTillWithTheProfile();
    const next = tempDataDir();
    cleanups.push(() => next.remove());
    const nextTill = await openCore(next.dir, fastTuning);
    cleanups.push(() => nextTill.close());
    await nextTill.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
    nextTill.seedDemoPeople([{ code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' }]);
    await nextTill.signIn({ pin: '1111' });
    nextTill.start();
    await waitFor(async () => (await nextTill.invoiceProfile())?.profile.business?.bnpcWeeklyDiscountCapMinor === 600, 'the caps at the next till');
    await waitFor(async () => (await nextTill.searchProducts({ query: 'SARDINES' }))[0]?.bnpcEligible === true, 'the catalog at the next till');
    const sardines = (qty: number) => ({ sku: 'SARDINES', name: 'Sardines 155 g', qty, unitPriceMinor: 2_500, sc: false, bnpc: true });
    const cash = [{ method: 'cash' as const, amountMinor: 10_000 }];

    // 4 cans at the next till (₱100.00, ₱5.00 of 5%), sent to the back office.
    await nextTill.pay({ ...(await nextTill.openCart()), cashier: 'ana', beneficiary: SENIOR, lines: forSenior([sardines(4)]), payments: cash });
    await waitUntilQueueEmpty(nextTill);
    await waitFor(async () => (await core.getStatus()).online, 'this till online');
    const week = await core.bnpcWeek({ idNumber: SENIOR.idNumber });
    expect(week).toEqual({
      purchasesMinor: 10_000,
      discountMinor: 500,
      weeklyPurchaseCapMinor: 15_000,
      weeklyDiscountCapMinor: 600,
      counted: 'every_till',
    });
    // 2 cans here: ₱2.50 would be 5%, but ₱1.00 is what the week leaves; priced and paid with that week.
    const here = await core.pay({
      ...(await core.openCart()),
      cashier: 'ana',
      beneficiary: SENIOR,
      lines: forSenior([sardines(2)], week),
      bnpcWeek: { purchasesMinor: week.purchasesMinor, discountMinor: week.discountMinor },
      payments: cash,
    });
    expect(here.lines[0]?.benefit).toEqual({ rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 100 });
    await waitUntilQueueEmpty(core);
    const stored = await link.backOffice.store.db
      .selectFrom('sales')
      .select('flags')
      .where('local_number', '=', here.localNumber)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.flags)).not.toContain('bnpc_cap_exceeded');
    // A week claimed lower than this till's own sales is not taken: the till counts at least what it sold itself.
    const claimedLess = core.pay({
      ...(await core.openCart()),
      cashier: 'ana',
      beneficiary: SENIOR,
      // 6 cans priced as if the week were untouched: the whole ₱6.00, where this till's own 2 cans leave ₱5.00.
      lines: forSenior([sardines(6)]),
      bnpcWeek: { purchasesMinor: 0, discountMinor: 0 },
      payments: cash,
    });
    expect(await codeOf(claimedLess)).toBe('invalid_argument');
    // The next till sees both: its own 4 cans and the 2 sold here.
    expect(await nextTill.bnpcWeek({ idNumber: SENIOR.idNumber })).toMatchObject({
      purchasesMinor: 15_000,
      discountMinor: 600,
      counted: 'every_till',
    });
    // Offline: this till's own 2 cans only, and it says whose sales it counted.
    link.proxy.setMode('drop_request');
    await waitFor(async () => !(await core.getStatus()).online, 'this till offline');
    expect(await core.bnpcWeek({ idNumber: SENIOR.idNumber })).toMatchObject({ purchasesMinor: 5_000, discountMinor: 100, counted: 'this_till' });
    link.proxy.heal();
  });

  it('found by a black-box probe: a 5% purchase given back gives its share of the week back, at the till and at the back office; the next purchase gets the full cap', async () => {
    const { core, link, dataDir } = await aTillWithTheProfile();
    const sardines = (qty: number) => ({ sku: 'SARDINES', name: 'Sardines 155 g', qty, unitPriceMinor: 2_500, sc: false, bnpc: true });
    const pay = (lines: SaleLine[]) =>
      core
        .openCart()
        .then((cart) => core.pay({ ...cart, cashier: 'ana', beneficiary: SENIOR, lines, payments: [{ method: 'cash', amountMinor: 20_000 }] }));
    const giveBack = (saleId: string, qty: number, refundKey: string) =>
      core.refund({ refundKey, saleId, lines: [{ sku: 'SARDINES', qty }], reason: 'dented cans', approval: { managerPin: '9999' } });
    const week = () => core.bnpcWeek({ idNumber: SENIOR.idNumber });
    const wholeCap = { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: 600 };

    // 6 cans, ₱150.00: the week's whole ₱150.00 of purchases and its whole ₱6.00 of 5% (5% would be ₱7.50).
    const first = await pay(forSenior([sardines(6)]));
    expect(first.lines[0]?.benefit).toEqual(wholeCap);
    await waitUntilQueueEmpty(core);
    expect(await week()).toMatchObject({ purchasesMinor: 15_000, discountMinor: 600 });
    // Two cans come back: a third of that purchase and of its 5%.
    await giveBack(first.id, 2, 'sardines-back-1');
    expect(await week()).toMatchObject({ purchasesMinor: 10_000, discountMinor: 400 });
    // Then the other four: nothing of the week is used any more.
    await giveBack(first.localNumber, 4, 'sardines-back-2');
    expect(await week()).toMatchObject({ purchasesMinor: 0, discountMinor: 0 });
    await waitUntilQueueEmpty(core);

    // Another purchase the same week gets the full cap again, as the screen prices it from the week the till reads.
    const again = await pay(forSenior([sardines(6)], await week()));
    expect(again.lines[0]?.benefit).toEqual(wholeCap);
    const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    expect(
      db.prepare('SELECT l.benefit_rule, l.benefit_discount_minor FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq WHERE s.id = ?').all(again.id),
    ).toEqual([{ benefit_rule: 'bnpc_5', benefit_discount_minor: 600 }]);
    expect(db.prepare('SELECT COUNT(*) FROM refunds').pluck().get()).toBe(2);
    db.close();
    await waitUntilQueueEmpty(core);
    // The back office counts the refunds too: the second ₱6.00 is within the week, not flagged bnpc_cap_exceeded.
    const stored = await link.backOffice.store.db
      .selectFrom('sales')
      .select(['local_number', 'flags'])
      .where('local_number', 'in', [first.localNumber, again.localNumber])
      .orderBy('local_number')
      .execute();
    // No stock was ever received at this back office: negative_stock is its only flag.
    expect(stored).toEqual([
      { local_number: first.localNumber, flags: '["negative_stock"]' },
      { local_number: again.localNumber, flags: '["negative_stock"]' },
    ]);
    expect(await link.backOffice.store.db.selectFrom('refunds').select('total_minor').execute()).toHaveLength(2);
  });

  it('a profile the till could not fetch while the back office was away arrives as soon as it answers again, not at the next turn of the catalog', async () => {
    const link = await startLink();
    cleanups.push(() => link.close());
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const core = await openCore(data.dir);
    cleanups.push(() => core.close());
    await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
    // The till starts while the back office cannot be reached: its catalog and profile pull fails.
    link.proxy.setMode('drop_request');
    core.start();
    await waitFor(async () => (await core.getStatus()).online === false, 'the till to see it is offline', 20_000);
    await putShortProfile(link, { vatRegistered: true });
    link.proxy.heal();
    // The catalog's own turn is a minute away (fastTuning); the profile comes with the first answer.
    await waitFor(async () => (await core.invoiceProfile())?.profile.business?.tin === '123-456-789-00000', 'the profile to be pulled', 20_000);
  });
  it('a non-VAT store: the 20% is on the selling price (no VAT to take out), no sale records VAT, the invoice has no VAT marks', async () => {
    const { link, core } = await aTillWithTheProfile({ vatRegistered: false });
    // The catalog's taxes as the business charges them: nothing at 12%.
    await waitFor(async () => (await core.listTaxes()).every((t) => t.rateBasisPoints === 0), 'the non-VAT taxes to be pulled');
    const asCharged = (await core.listTaxes()).find((t) => t.code === 'VAT12')!;
    expect(asCharged).toMatchObject({ rateBasisPoints: 0, name: 'Non-VAT' });
    const { cartKey } = await core.openCart();
    const lines = forSenior(
      [
        { sku: 'BREAD', name: 'Pandesal pack', qty: 2, unitPriceMinor: 8_500, sc: true, bnpc: false },
        { sku: 'SODA', name: 'Cola 1.5 L', qty: 1, unitPriceMinor: 2_450, sc: false, bnpc: false },
      ],
      undefined,
      undefined,
      asCharged,
    );
    // ₱170.00 of bread less 20% of ₱170.00: ₱136.00, and the cola at its price.
    expect(lines[0]).toMatchObject({ discountMinor: 3_400, benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 0, discountMinor: 3_400 } });
    const sale = await core.pay({ cartKey, cashier: 'ana', beneficiary: SENIOR, lines, payments: [{ method: 'cash', amountMinor: 20_000 }] });
    expect(sale).toMatchObject({ totalMinor: 16_050, vatableMinor: 0, vatMinor: 0, zeroRatedMinor: 0, exemptMinor: 16_050 });
    await waitUntilQueueEmpty(core);
    const stored = await link.backOffice.store.db
      .selectFrom('sales')
      .selectAll()
      .where('local_number', '=', sale.localNumber)
      .executeTakeFirstOrThrow();
    // The back office prices it alike: no VAT, and nothing about the discount is flagged.
    expect(stored).toMatchObject({ flags: '["negative_stock"]', vatable_minor: 0, vat_minor: 0 });
    const invoice = salesInvoiceOf(
      sale,
      (await core.invoiceProfile())?.profile ?? null,
      new Map((await core.listTaxes()).map((t) => [t.code, t])),
      'MAIN',
    );
    expect(invoice.issuer.at(-1)).toBe('NON-VAT REG TIN 123-456-789-00000');
    expect(invoice.vat).toEqual([]);
    expect(invoice.lines.map((l) => [l.mark, l.discount])).toEqual([
      ['', 'Senior citizen 20% less 34.00'],
      ['', null],
    ]);
    expect(invoice.discounts).toEqual([{ label: 'Senior citizen discount (20%)', amountMinor: 3_400 }]);
  });

  it('found by a black-box probe: a weighed line reads as the scale does, in thousandths (0.750 @ 25.00), a counted one as counted', async () => {
    const { core } = await aTillWithTheProfile();
    const sale = await core.pay({
      cartKey: (await core.openCart()).cartKey,
      cashier: 'ana',
      lines: [
        { sku: 'LOOSE-SUGAR', name: 'Brown sugar (per kg)', qty: 0.75, unitPriceMinor: 2_500 },
        { sku: 'SODA', name: 'Cola 1.5 L', qty: 2, unitPriceMinor: 2_450 },
      ],
      payments: [{ method: 'cash', amountMinor: 10_000 }],
    });
    const invoice = salesInvoiceOf(
      sale,
      (await core.invoiceProfile())?.profile ?? null,
      new Map((await core.listTaxes()).map((t) => [t.code, t])),
      'MAIN',
    );
    expect(invoice.lines.map((l) => l.detail)).toEqual(['0.750 @ 25.00', '2 @ 24.50']);
  });

  it("found by a black-box probe: sold VAT-registered, given back after the business became non-VAT: the till and the back office give back the invoice's VAT", async () => {
    // The tax table pulled every 200 ms here, so that the change reaches the till at once.
    const { link, core } = await aTillWithTheProfile({ vatRegistered: true, catalogIntervalMs: 200 });
    const { cartKey } = await core.openCart();
    const sale = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SODA', name: 'Cola 1.5 L', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'cash', amountMinor: 2_450 }],
    });
    expect(sale).toMatchObject({ vatableMinor: 2_188, vatMinor: 262 });
    await waitUntilQueueEmpty(core);
    await putShortProfile(link, { vatRegistered: false });
    await waitFor(async () => (await core.listTaxes()).every((t) => t.rateBasisPoints === 0), 'the non-VAT taxes to be pulled');
    const refund = await core.refund({
      refundKey: 'soda-back',
      saleId: sale.localNumber,
      lines: [{ sku: 'SODA', qty: 1 }],
      reason: 'unopened',
      approval: { managerPin: '9999' },
    });
    expect(refund.vat).toMatchObject({ vatableMinor: 2_188, vatMinor: 262 });
    await waitUntilQueueEmpty(core);
    const stored = await link.backOffice.store.db.selectFrom('refunds').select(['vatable_minor', 'vat_minor']).executeTakeFirstOrThrow();
    expect([Number(stored.vatable_minor), Number(stored.vat_minor)]).toEqual([2_188, 262]);
  });
});
