import {
  benefitKindOf,
  extendedPriceMinor,
  lineTotalMinor,
  qtyToMilli,
  splitVat,
  taxClassOf,
  TENDER_NAMES,
  type TaxRate,
  type TillProfile,
} from '../../protocol';
import type { LocalSale } from '../terminal-api';
import { documentTime, documentTimeZone } from './document-dates';

/**
 * A sale as the sales invoice prints it (RR 7-2024, RR 16-2018; docs/compliance.md), one
 * model for the screen (renderer/cashier/PrintableReceipt.tsx) and the desktop's printer
 * (electron/receipt-html.ts), so both print the same document:
 * - the title SALES INVOICE and who issues it: registered name, trade name, address, TIN
 *   with its branch code, VAT or non-VAT registration;
 * - the machine: MIN, serial number, permit to use number and date;
 * - the invoice number: the till's own gapless serial (T01-000123), printed at once,
 *   offline too, and the back office's business-wide number once known;
 * - the buyer's lines (blank lines to fill when not given), the senior citizen's or PWD's
 *   ID and name;
 * - each line at its regular price with its mark (V VATable, E VAT-exempt, Z zero-rated) and
 *   its discount said under it; the total sales (the lines' sum), then the discounts by kind
 *   ("Less VAT", the 20%, the 5%, a cashier's), then the amount due: every figure adds up
 *   as printed;
 * - the VAT breakdown, or for a non-VAT business the statement that the invoice is not
 *   valid for claim of input tax;
 * - at the foot, the POS supplier: name, address, TIN, accreditation number, date issued
 *   and valid until.
 */

export const NOT_VALID_FOR_INPUT_TAX = 'THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX';

/** V VATable, E VAT-exempt, Z zero-rated; none on a non-VAT business's invoice. */
export type VatMark = 'V' | 'E' | 'Z' | '';

export interface InvoiceLine {
  text: string;
  /** "2 @ 85.00", "0.750 @ 240.00" */
  detail: string;
  /** "SC 20% (VAT-exempt) less 48.57", or a cashier's "less 8.50". */
  discount: string | null;
  /** Quantity times unit price, before the line's discount (the discounts follow the total sales, by kind). */
  amountMinor: number;
  mark: VatMark;
}

export interface SalesInvoice {
  title: 'SALES INVOICE';
  issuer: string[];
  machine: string[];
  vatRegistered: boolean;
  /** The number the invoice printed (a copy prints the same). */
  invoiceNumber: string;
  /** The number the till gave it again, where the back office held the printed one for another sale (PROTOCOL.md); else null. */
  numberedAgainAs: string | null;
  businessNumber: string | null;
  issuedAt: string;
  /** When it was issued, as printed: the business's wall clock (documentTime), not the printing machine's. */
  date: string;
  cashier: string;
  buyer: { label: string; value: string }[];
  beneficiary: { label: string; value: string }[];
  lines: InvoiceLine[];
  /** Total sales: the lines' sum, before any discount. */
  grossMinor: number;
  /** Discounts by kind, as printed: "Senior citizen discount", "Discount". */
  discounts: { label: string; amountMinor: number }[];
  amountDueMinor: number;
  vat: { label: string; amountMinor: number; testId: string }[];
  payments: { method: string; reference: string | null; amountMinor: number }[];
  changeMinor: number;
  footer: string[];
  /** At the foot: the POS supplier, its TIN and its BIR accreditation with the date issued and valid until. */
  supplier: string[];
}

const KIND = { senior_citizen: 'Senior citizen', pwd: 'PWD', senior_citizen_bnpc: 'Senior citizen 5% BNPC', pwd_bnpc: 'PWD 5% BNPC' } as const;

export const formatAmount = (minor: number) => {
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor);
  return `${sign}${Math.trunc(absolute / 100).toLocaleString('en-US')}.${String(absolute % 100).padStart(2, '0')}`;
};

/**
 * Who issues a document and on which machine, as every document of the till prints it (the
 * sales invoice, the return slip, the X and Z readings): the registered name, the trade
 * name, the address, VAT or NON-VAT REG TIN; the MIN, serial number and permit to use.
 * Before the profile is pulled, each says what is missing.
 */
export function issuerOf(profile: TillProfile | null, fallbackName: string): string[] {
  const business = profile?.business ?? null;
  if (!business) return [fallbackName, 'TIN: not set in the back office'];
  // A branch prints its own name and address, and its code as the TIN's last group (234-567-890-00001).
  const branch = profile?.store ?? null;
  const tinNumber = branch?.branchCode ? `${business.tin.split('-').slice(0, 3).join('-')}-${branch.branchCode}` : business.tin;
  return [
    business.registeredName,
    ...(business.tradeName ? [business.tradeName] : []),
    ...(branch?.address ? [branch.name, branch.address] : [business.address]),
    `${business.vatRegistered ? 'VAT' : 'NON-VAT'} REG TIN ${tinNumber}`,
  ];
}

export function machineOf(profile: TillProfile | null): string[] {
  const machine = profile?.machine ?? null;
  return machine
    ? [`MIN ${machine.min}`, `SN ${machine.serialNumber}`, `PTU No. ${machine.permitNumber}`, `Date issued ${machine.permitDate}`]
    : ['MIN / SN / PTU: not set in the back office'];
}

/**
 * `profile`: the one the till has now, printed only on a sale from before the till kept the
 * profile each invoice was issued under (`sale.issuedUnder`): a reprint, a copy in the
 * journal, carry the seller's details in force when the invoice was issued.
 */
/** The POS supplier as the invoice's foot prints it (RR 16-2018); before the back office sets it, that it is missing. */
export function supplierOf(profile: TillProfile | null): string[] {
  const supplier = profile?.business?.posSupplier ?? null;
  return supplier
    ? [
        `POS supplier: ${supplier.name}`,
        supplier.address,
        `TIN ${supplier.tin}`,
        `Accreditation No. ${supplier.accreditationNumber}`,
        `Date issued ${supplier.accreditationDate}`,
        `Valid until ${supplier.accreditationValidUntil}`,
      ]
    : ['POS supplier: not set in the back office'];
}

export function salesInvoiceOf(
  sale: LocalSale,
  currentProfile: TillProfile | null,
  taxes: ReadonlyMap<string, TaxRate>,
  fallbackName: string,
): SalesInvoice {
  const profile = sale.issuedUnder ?? currentProfile;
  const business = profile?.business ?? null;
  const vatRegistered = business?.vatRegistered ?? true;
  const taxOf = (code: string | undefined) => (code === undefined ? null : (taxes.get(code) ?? null));
  const lines = sale.lines.map((line): InvoiceLine => {
    const qtyMilli = qtyToMilli(line.qty) ?? Math.round(line.qty * 1000);
    const tax = taxOf(line.taxCode);
    const exempt = line.benefit?.rule === 'vat_exempt_20';
    const taxClass = exempt ? 'exempt' : taxClassOf(tax);
    const kind = line.benefit && sale.beneficiary ? KIND[benefitKindOf(sale.beneficiary.kind, line.benefit.rule)] : null;
    // A non-VAT business has no VAT to exempt: its 20% is on the selling price, and said so.
    const discount = line.discountMinor
      ? `${kind ? `${kind}${exempt ? (vatRegistered ? ' 20%, VAT-exempt' : ' 20%') : ''} ` : ''}less ${formatAmount(line.discountMinor)}`
      : null;
    return {
      text: line.name ?? line.sku,
      // A weight as the scale reads it, in thousandths (0.750, not 0.75; found by a probe); pieces as counted.
      detail: `${qtyMilli % 1000 === 0 ? String(qtyMilli / 1000) : (qtyMilli / 1000).toFixed(3)} @ ${formatAmount(line.unitPriceMinor)}`,
      discount,
      amountMinor: extendedPriceMinor(qtyMilli, line.unitPriceMinor),
      // No VAT marks on a non-VAT invoice: nothing on it is VATable, exempt or zero-rated.
      mark: !vatRegistered ? '' : taxClass === 'vatable' ? 'V' : taxClass === 'zero_rated' ? 'Z' : 'E',
    };
  });
  const grossMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const byKind = new Map<string, number>();
  const add = (label: string, amountMinor: number) => {
    if (amountMinor !== 0) byKind.set(label, (byKind.get(label) ?? 0) + amountMinor);
  };
  for (const line of sale.lines) {
    if (!line.discountMinor) continue;
    if (!line.benefit || !sale.beneficiary) {
      add('Discount', line.discountMinor);
      continue;
    }
    // As BIR's format has it: the VAT taken out first ("Less: VAT"), then the 20% on what is left.
    const kind = KIND[benefitKindOf(sale.beneficiary.kind, line.benefit.rule)];
    if (line.benefit.rule === 'vat_exempt_20') {
      add('Less VAT (VAT-exempt sale)', line.benefit.vatRemovedMinor);
      add(`${kind} discount (20%)`, line.discountMinor - line.benefit.vatRemovedMinor);
    } else add(`${kind} discount`, line.discountMinor);
  }
  // The figures the sale stored when it was paid; a sale from before they were kept is split again.
  const split = splitVat(
    sale.lines.map((l) => ({
      amountMinor: lineTotalMinor({ qtyMilli: qtyToMilli(l.qty) ?? 0, unitPriceMinor: l.unitPriceMinor, discountMinor: l.discountMinor }),
      tax: taxOf(l.taxCode),
      vatExempt: l.benefit?.rule === 'vat_exempt_20',
    })),
  );
  const vatable = sale.vatableMinor ?? split.vatableMinor;
  const vat = sale.vatMinor ?? split.vatMinor;
  const exempt = sale.exemptMinor ?? split.exemptMinor;
  const zeroRated = sale.zeroRatedMinor ?? split.zeroRatedMinor;
  return {
    title: 'SALES INVOICE',
    issuer: issuerOf(profile, fallbackName),
    machine: machineOf(profile),
    vatRegistered,
    invoiceNumber: sale.printedAs ?? sale.localNumber,
    numberedAgainAs: sale.printedAs === undefined ? null : sale.localNumber,
    businessNumber: sale.invoiceNumber,
    issuedAt: sale.occurredAt,
    date: documentTime(sale.occurredAt, documentTimeZone(profile)),
    cashier: sale.cashierName ?? sale.cashier,
    buyer: [
      { label: 'Sold to', value: sale.buyer?.name ?? sale.beneficiary?.name ?? '' },
      { label: 'Address', value: sale.buyer?.address ?? '' },
      { label: 'TIN', value: sale.buyer?.tin ?? '' },
    ],
    beneficiary: sale.beneficiary
      ? [
          { label: sale.beneficiary.kind === 'senior_citizen' ? 'OSCA / SC ID No.' : 'PWD ID No.', value: sale.beneficiary.idNumber },
          { label: 'Name', value: sale.beneficiary.name },
          { label: 'Signature', value: '' },
        ]
      : [],
    lines,
    grossMinor,
    discounts: [...byKind.entries()].map(([label, amountMinor]) => ({ label, amountMinor })),
    amountDueMinor: sale.amountDueMinor ?? split.amountDueMinor,
    vat: vatRegistered
      ? [
          { label: 'VATable sales', amountMinor: vatable, testId: 'receipt-vatable' },
          { label: 'VAT amount (12%)', amountMinor: vat, testId: 'receipt-vat' },
          { label: 'VAT-exempt sales', amountMinor: exempt, testId: 'receipt-exempt' },
          { label: 'Zero-rated sales', amountMinor: zeroRated, testId: 'receipt-zero-rated' },
        ]
      : [],
    payments: sale.payments.map((p) => ({ method: TENDER_NAMES[p.method], reference: p.reference ?? null, amountMinor: p.amountMinor })),
    changeMinor: sale.changeMinor,
    footer: [...(vatRegistered ? [] : [NOT_VALID_FOR_INPUT_TAX]), ...(business?.footer ? [business.footer] : [])],
    supplier: supplierOf(profile),
  };
}
