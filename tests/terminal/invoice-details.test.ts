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
  },
  machine: { terminalId: 't', terminalCode: 'T01', min: '24031512345678', serialNumber: 'SN-0001', permitNumber: 'FP-1', permitDate: '2024-03-15' },
};

describe('what a sales invoice must show that the till lacks', () => {
  it('nothing pulled yet: the seller and the machine', () => {
    expect(missingInvoiceDetails(null)).toEqual(['registered name', 'TIN', 'business address', 'MIN', 'serial number', 'PTU No. and date issued']);
  });

  it('the business set, the machine not: its MIN, serial number and PTU', () => {
    expect(missingInvoiceDetails({ ...complete, machine: null })).toEqual(['MIN', 'serial number', 'PTU No. and date issued']);
  });

  it('a blank name is no name; a complete profile lacks nothing (the trade name and footer are optional)', () => {
    expect(missingInvoiceDetails({ ...complete, business: { ...complete.business!, registeredName: '  ' } })).toEqual(['registered name']);
    expect(missingInvoiceDetails(complete)).toEqual([]);
  });
});
