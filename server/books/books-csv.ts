import { csvCell } from '../../protocol/csv-cell';
import type { BeneficiaryBook, SalesBook, SalesBookName } from '../../protocol';

/** Minor units as pesos with two decimals (`1234.50`, `-0.05`); blank for a figure not kept. Written as a number, not text. */
export function pesos(minor: number | null): string {
  if (minor === null) return '';
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A cell: text through csvCell (a formula opens as text), money as pesos. */
type Cell = { text: string | null } | { money: number | null };
const text = (value: string | null): Cell => ({ text: value });
const money = (value: number | null): Cell => ({ money: value });
const cellOf = (cell: Cell) => ('text' in cell ? csvCell(cell.text ?? '') : pesos(cell.money));
const salesCount = (n: number) => (n === 1 ? '1 sale' : `${n} sales`);
/**
 * The file, after a UTF-8 byte order mark: a spreadsheet opened by a double click reads the
 * names as written ("Peña"), where without it Excel guesses another encoding ("PeÃ±a").
 */
const csvOf = (header: string[], rows: Cell[][]) =>
  '\ufeff' + [header.map(csvCell).join(','), ...rows.map((row) => row.map(cellOf).join(','))].join('\r\n') + '\r\n';

export const bookFileName = (book: SalesBookName, businessCode: string, day: string) => `${book}-book-${businessCode}-${day}.csv`;

/** The sales book as a bookkeeper opens it: a header, a row per sale, and a TOTAL row. */
export function salesBookCsv(book: SalesBook): string {
  const header = [
    'Date',
    'Time',
    'Invoice number',
    'Printed as',
    'Store',
    'Terminal',
    'Receipt number',
    'Buyer name',
    'Buyer TIN',
    'Buyer address',
    'SC/PWD',
    'Gross sales',
    'Discount',
    'SC/PWD VAT removed',
    'SC/PWD discount',
    'Total',
    'VATable sales',
    'VAT',
    'VAT-exempt sales',
    'Zero-rated sales',
    'Amount due',
    'Status',
  ];
  const rows = book.items.map((i) => [
    text(i.date),
    text(i.time),
    text(i.invoiceNumber),
    text(i.printedAs),
    text(i.storeCode),
    text(i.terminalCode),
    text(i.localNumber),
    text(i.buyerName),
    text(i.buyerTin),
    text(i.buyerAddress),
    text(i.beneficiaryKind),
    money(i.grossSalesMinor),
    money(i.discountMinor),
    money(i.benefitVatRemovedMinor),
    money(i.benefitDiscountMinor),
    money(i.totalMinor),
    money(i.vatableMinor),
    money(i.vatMinor),
    money(i.exemptMinor),
    money(i.zeroRatedMinor),
    money(i.amountDueMinor),
    text(i.status),
  ]);
  const t = book.totals;
  const total = [
    text('TOTAL'),
    ...Array.from({ length: 10 }, () => text(null)),
    money(t.grossSalesMinor),
    money(t.discountMinor),
    money(t.benefitVatRemovedMinor),
    money(t.benefitDiscountMinor),
    money(t.totalMinor),
    money(t.vatableMinor),
    money(t.vatMinor),
    money(t.exemptMinor),
    money(t.zeroRatedMinor),
    money(t.amountDueMinor),
    text(salesCount(t.sales)),
  ];
  return csvOf(header, [...rows, total]);
}

/** The senior citizen or PWD sales book: a header, a row per discounted sale, and a TOTAL row. */
export function beneficiaryBookCsv(book: BeneficiaryBook): string {
  const senior = book.kind === 'senior_citizen';
  const header = [
    'Date',
    'Time',
    senior ? 'Name of senior citizen' : 'Name of PWD',
    senior ? 'OSCA ID number' : 'PWD ID number',
    'TIN',
    'Invoice number',
    'Printed as',
    'Store',
    'Terminal',
    'Gross sales',
    'VAT removed',
    'VAT-exempt sales',
    '20% discount',
    'Net sales',
    'Basic necessities sales',
    '5% discount',
    'Status',
  ];
  const rows = book.items.map((i) => [
    text(i.date),
    text(i.time),
    text(i.name),
    text(i.idNumber),
    text(i.tin),
    text(i.invoiceNumber),
    text(i.printedAs),
    text(i.storeCode),
    text(i.terminalCode),
    money(i.grossSalesMinor),
    money(i.vatRemovedMinor),
    money(i.vatExemptSalesMinor),
    money(i.discount20Minor),
    money(i.netSalesMinor),
    money(i.basicNecessitiesSalesMinor),
    money(i.discount5Minor),
    text(i.status),
  ]);
  const t = book.totals;
  const total = [
    text('TOTAL'),
    ...Array.from({ length: 8 }, () => text(null)),
    money(t.grossSalesMinor),
    money(t.vatRemovedMinor),
    money(t.vatExemptSalesMinor),
    money(t.discount20Minor),
    money(t.netSalesMinor),
    money(t.basicNecessitiesSalesMinor),
    money(t.discount5Minor),
    text(salesCount(t.sales)),
  ];
  return csvOf(header, [...rows, total]);
}
