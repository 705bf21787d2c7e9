import { describe, expect, it } from 'vitest';
import type { TillProfile } from '../../protocol';
import { receiptHtml } from '../../electron/receipt-html';
import { NOT_VALID_FOR_INPUT_TAX, salesInvoiceOf } from '../../terminal/invoicing/sales-invoice';
import type { LocalSale } from '../../terminal/terminal-api';

const VAT12 = { code: 'VAT12', name: 'VAT 12%', rateBasisPoints: 1200, inclusive: true };
const EXEMPT = { code: 'VAT_EXEMPT', name: 'VAT-exempt', rateBasisPoints: 0, inclusive: true };
const ZERO = { code: 'ZERO_RATED', name: 'Zero-rated', rateBasisPoints: 0, inclusive: true };
const taxes = new Map([VAT12, EXEMPT, ZERO].map((t) => [t.code, t]));

const profile = (vatRegistered: boolean): TillProfile => ({
  business: {
    businessCode: 'MAIN',
    registeredName: 'Dela Cruz Trading Corp.',
    tradeName: "Aling Nena's Sari-Sari Store",
    address: '12 Mabini St., Marikina City',
    tin: '123-456-789-00000',
    vatRegistered,
    footer: 'Thank you, come again!',
    bnpcWeeklyPurchaseCapMinor: 250_000,
    bnpcWeeklyDiscountCapMinor: 12_500,
    timezone: 'Asia/Manila',
  },
  machine: {
    terminalId: 't1',
    terminalCode: 'T01',
    min: '24031512345678',
    serialNumber: 'SN-0001',
    permitNumber: 'FP-0001',
    permitDate: '2024-03-15',
  },
});

/** A senior citizen's bread, a cola, rice and an export item, sold offline (no back-office number yet). */
const sale: LocalSale = {
  id: 'sale-1',
  cartKey: 'cart-1',
  localNumber: 'T01-000123',
  occurredAt: '2026-11-25T03:00:00.000Z',
  cashier: 'ana',
  cashierName: 'Ana Reyes',
  totalMinor: 12_143 + 2_450 + 6_800 + 1_000,
  paidMinor: 30_000,
  changeMinor: 30_000 - 22_393,
  amountDueMinor: 22_393,
  vatMinor: 262,
  vatableMinor: 2_188,
  exemptMinor: 12_143 + 6_800,
  zeroRatedMinor: 1_000,
  beneficiary: { kind: 'senior_citizen', idNumber: 'OSCA-2024-00117', name: 'Lola Remedios Cruz' },
  lines: [
    {
      sku: 'BREAD',
      name: 'Pandesal pack',
      qty: 2,
      unitPriceMinor: 8_500,
      taxCode: 'VAT12',
      discountMinor: 4_857,
      benefit: { rule: 'vat_exempt_20', vatRemovedMinor: 1_821, discountMinor: 3_036 },
    },
    { sku: 'SODA', name: 'Cola 1.5 L', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' },
    { sku: 'RICE', name: 'Rice 1 kg', qty: 1, unitPriceMinor: 6_800, taxCode: 'VAT_EXEMPT' },
    { sku: 'EXPORT', name: 'Export item', qty: 1, unitPriceMinor: 1_000, taxCode: 'ZERO_RATED' },
  ],
  payments: [{ method: 'cash', amountMinor: 30_000 }],
  invoiceNumber: null,
  syncState: 'pending',
};

describe('the printed sales invoice', () => {
  it('carries the title, the registration, the machine, the till serial as invoice number at once, buyer lines, marks and the VAT breakdown', () => {
    const invoice = salesInvoiceOf(sale, profile(true), taxes, 'MAIN');
    expect(invoice).toMatchObject({
      title: 'SALES INVOICE',
      issuer: ['Dela Cruz Trading Corp.', "Aling Nena's Sari-Sari Store", '12 Mabini St., Marikina City', 'VAT REG TIN 123-456-789-00000'],
      machine: ['MIN 24031512345678', 'SN SN-0001', 'PTU No. FP-0001', 'Date issued 2024-03-15'],
      invoiceNumber: 'T01-000123',
      businessNumber: null,
      cashier: 'Ana Reyes',
      amountDueMinor: 22_393,
      discounts: [
        { label: 'Less VAT (VAT-exempt sale)', amountMinor: 1_821 },
        { label: 'Senior citizen discount (20%)', amountMinor: 3_036 },
      ],
    });
    // Each line at its regular price; the total sales less the discounts by kind is the amount due, as printed.
    expect(invoice.lines.map((l) => [l.mark, l.amountMinor])).toEqual([
      ['E', 17_000],
      ['V', 2_450],
      ['E', 6_800],
      ['Z', 1_000],
    ]);
    expect(invoice.grossMinor).toBe(invoice.lines.reduce((sum, l) => sum + l.amountMinor, 0));
    expect(invoice.grossMinor - invoice.discounts.reduce((sum, d) => sum + d.amountMinor, 0)).toBe(invoice.amountDueMinor);
    expect(invoice.vat.map((v) => v.amountMinor)).toEqual([2_188, 262, 18_943, 1_000]);
    expect(invoice.beneficiary.map((b) => b.value)).toEqual(['OSCA-2024-00117', 'Lola Remedios Cruz', '']);
    const html = receiptHtml(sale, { storeName: 'MAIN', terminalName: 'Till 1', profile: profile(true), taxes });
    for (const text of [
      'SALES INVOICE',
      'Invoice No. T01-000123',
      'VAT REG TIN 123-456-789-00000',
      'MIN 24031512345678',
      'PTU No. FP-0001',
      'Sold to: Lola Remedios Cruz',
      'VATable sales',
      '21.88',
      'TOTAL SALES',
      '272.50',
      'Cashier Ana Reyes',
    ])
      expect(html).toContain(text.replace("'", '&#39;'));
    expect(html).not.toContain(NOT_VALID_FOR_INPUT_TAX);
  });

  it('a non-VAT business prints NON-VAT and the statement instead of a VAT breakdown', () => {
    const invoice = salesInvoiceOf(sale, profile(false), taxes, 'MAIN');
    expect(invoice.issuer).toContain('NON-VAT REG TIN 123-456-789-00000');
    expect(invoice.vat).toEqual([]);
    expect(invoice.footer[0]).toBe(NOT_VALID_FOR_INPUT_TAX);
    const html = receiptHtml(sale, { storeName: 'MAIN', terminalName: null, profile: profile(false), taxes });
    expect(html).toContain(NOT_VALID_FOR_INPUT_TAX);
    expect(html).not.toContain('VATable sales');
  });

  it('before the profile is pulled, the invoice says what the back office has not set rather than printing nothing', () => {
    const invoice = salesInvoiceOf({ ...sale, invoiceNumber: 'INV-202611-0007' }, null, taxes, 'MAIN');
    expect(invoice.issuer).toEqual(['MAIN', 'TIN: not set in the back office']);
    expect(invoice.machine).toEqual(['MIN / SN / PTU: not set in the back office']);
    expect(invoice.businessNumber).toBe('INV-202611-0007');
  });
});
