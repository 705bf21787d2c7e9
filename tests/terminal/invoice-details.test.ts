import { describe, expect, it } from 'vitest';
import type { TillProfile } from '../../protocol';
import { missingInvoiceDetails } from '../../terminal/invoicing/invoice-details';

const complete: TillProfile = {
  business: {
    businessCode: 'MAIN',
    registeredName: 'Dela Cruz Trading Corp.',
    tradeName: null,
    address: '12 Mabini St., Marikina City',
    tin: '123-456-789-00000',
    vatRegistered: true,
    footer: null,
    bnpcWeeklyPurchaseCapMinor: 250_000,
    bnpcWeeklyDiscountCapMinor: 12_500,
    timezone: 'Asia/Manila',
    posSupplier: {
      name: 'Counter Software Solutions Inc.',
      address: 'Pasig City',
      tin: '008-123-456-00000',
      accreditationNumber: '0412023000000123456',
      accreditationDate: '2023-05-10',
      accreditationValidUntil: '2028-05-09',
    },
  },
  machine: { terminalId: 't', terminalCode: 'T01', min: '24031512345678', serialNumber: 'SN-0001', permitNumber: 'FP-1', permitDate: '2024-03-15' },
};

describe('what a sales invoice must show that the till lacks', () => {
  it('nothing pulled yet: the seller, the machine and the POS supplier', () => {
    expect(missingInvoiceDetails(null)).toEqual([
      'registered name',
      'TIN',
      'business address',
      'MIN',
      'serial number',
      'PTU No. and date issued',
      "POS supplier's name, TIN and accreditation",
    ]);
  });

  it('the POS supplier not set (or a back office from before it sends none): its name, TIN and accreditation', () => {
    expect(missingInvoiceDetails({ ...complete, business: { ...complete.business!, posSupplier: null } })).toEqual([
      "POS supplier's name, TIN and accreditation",
    ]);
    const { posSupplier: _older, ...fromAnOlderBackOffice } = complete.business!;
    expect(missingInvoiceDetails({ ...complete, business: fromAnOlderBackOffice })).toEqual(["POS supplier's name, TIN and accreditation"]);
  });

  it('the business set, the machine not: its MIN, serial number and PTU', () => {
    expect(missingInvoiceDetails({ ...complete, machine: null })).toEqual(['MIN', 'serial number', 'PTU No. and date issued']);
  });

  it('a blank name is no name; a complete profile lacks nothing (the trade name and footer are optional)', () => {
    expect(missingInvoiceDetails({ ...complete, business: { ...complete.business!, registeredName: '  ' } })).toEqual(['registered name']);
    expect(missingInvoiceDetails(complete)).toEqual([]);
  });
});

describe('products the catalog gives no tax code, at a VAT-registered business', () => {
  it('are said until set, named (three at most, then how many more): they print as VAT-exempt', () => {
    expect(missingInvoiceDetails(complete, { count: 1, names: ['Ice tube (yelo) 1 pack'] })).toEqual([
      'the tax code of 1 product (Ice tube (yelo) 1 pack: printed as VAT-exempt until set)',
    ]);
    expect(missingInvoiceDetails(complete, { count: 5, names: ['A', 'B', 'C'] })).toEqual([
      'the tax code of 5 products (A, B, C and 2 more: printed as VAT-exempt until set)',
    ]);
  });

  it('are not a VAT question for a business that is not VAT-registered', () => {
    expect(
      missingInvoiceDetails({ ...complete, business: { ...complete.business!, vatRegistered: false } }, { count: 2, names: ['A', 'B'] }),
    ).toEqual([]);
  });
});
