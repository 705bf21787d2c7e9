import { csvCell } from '../../protocol/csv-cell';
import type { BeneficiaryBook, BeneficiaryBookItem, ReturnsBook, ReturnsBookItem, SalesBook, SalesBookItem, SalesBookName } from '../../protocol';

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
/**
 * The file, after a UTF-8 byte order mark: a spreadsheet opened by a double click reads the
 * names as written ("Peña"), where without it Excel guesses another encoding ("PeÃ±a").
 */
const csvOf = (header: string[], rows: Cell[][]) =>
  '\ufeff' + [header.map(csvCell).join(','), ...rows.map((row) => row.map(cellOf).join(','))].join('\r\n') + '\r\n';

/** sales-book-MAIN-2026-12-03.csv; one store's: sales-book-MAIN-PASIG-2026-12-03.csv. */
export const bookFileName = (book: SalesBookName, businessCode: string, day: string, storeCode: string | null = null) =>
  `${book}-book-${businessCode}${storeCode === null ? '' : `-${storeCode}`}-${day}.csv`;

/** A column of a book: its header, its cell in a sale's row, and its cell in the TOTAL row (blank when it has none). */
interface Column<Item, Totals> {
  title: string;
  cell: (item: Item) => Cell;
  total?: (totals: Totals) => Cell;
}

/** A money column: the item's figure in a sale's row, the totals' figure of the same name in the TOTAL row. */
const moneyColumn = <Item, Totals>(title: string, field: keyof Item & keyof Totals & string): Column<Item, Totals> => ({
  title,
  cell: (item) => money(item[field] as number | null),
  total: (totals) => money(totals[field] as number),
});

const textColumn = <Item, Totals>(title: string, of: (item: Item) => string | null): Column<Item, Totals> => ({
  title,
  cell: (item) => text(of(item)),
});

/** The sale's status last; in the TOTAL row, how many sales ("1 sale", "3 sales"). */
const statusColumn = <Item extends { status: string }, Totals extends { sales: number }>(): Column<Item, Totals> => ({
  title: 'Status',
  cell: (item) => text(item.status),
  total: (totals) => text(totals.sales === 1 ? '1 sale' : `${totals.sales} sales`),
});

/** A book as a bookkeeper opens it: a header, a row per sale, and a TOTAL row (TOTAL in the first column). */
function bookCsv<Item, Totals>(columns: readonly Column<Item, Totals>[], items: readonly Item[], totals: Totals): string {
  const total = columns.map((column, k) => (k === 0 ? text('TOTAL') : (column.total?.(totals) ?? text(null))));
  return csvOf(
    columns.map((column) => column.title),
    [...items.map((item) => columns.map((column) => column.cell(item))), total],
  );
}

const BENEFICIARY_WORDS: Readonly<Record<string, string>> = { senior_citizen: 'Senior citizen', pwd: 'PWD' };

/** The sales book's columns. */
type SalesColumn = Column<SalesBookItem, SalesBook['totals']>;
const SALES_COLUMNS: readonly SalesColumn[] = [
  textColumn('Date', (i) => i.date),
  textColumn('Time', (i) => i.time),
  textColumn('Invoice number', (i) => i.invoiceNumber),
  textColumn('Printed as', (i) => i.printedAs),
  textColumn('Store', (i) => i.storeCode),
  textColumn('Terminal', (i) => i.terminalCode),
  textColumn('Receipt number', (i) => i.localNumber),
  textColumn('Buyer name', (i) => i.buyerName),
  textColumn('Buyer TIN', (i) => i.buyerTin),
  textColumn('Buyer address', (i) => i.buyerAddress),
  // In words, as the readings say them (found by a walk: "senior_citizen" in a bookkeeper's spreadsheet).
  textColumn('SC/PWD', (i) => (i.beneficiaryKind === null ? null : (BENEFICIARY_WORDS[i.beneficiaryKind] ?? i.beneficiaryKind))),
  moneyColumn('Gross sales', 'grossSalesMinor'),
  moneyColumn('Discount', 'discountMinor'),
  moneyColumn('SC/PWD VAT removed', 'benefitVatRemovedMinor'),
  moneyColumn('SC/PWD discount', 'benefitDiscountMinor'),
  moneyColumn('Total', 'totalMinor'),
  moneyColumn('VATable sales', 'vatableMinor'),
  moneyColumn('VAT', 'vatMinor'),
  moneyColumn('VAT-exempt sales', 'exemptMinor'),
  moneyColumn('Zero-rated sales', 'zeroRatedMinor'),
  moneyColumn('Amount due', 'amountDueMinor'),
  statusColumn(),
];

/** The sales book as a bookkeeper opens it: a header, a row per sale, and a TOTAL row. */
export function salesBookCsv(book: SalesBook): string {
  return bookCsv(SALES_COLUMNS, book.items, book.totals);
}

/** The senior citizen or PWD sales book's columns (the person's name and ID headed by their kind). */
function beneficiaryColumns(senior: boolean): Column<BeneficiaryBookItem, BeneficiaryBook['totals']>[] {
  return [
    textColumn('Date', (i) => i.date),
    textColumn('Time', (i) => i.time),
    textColumn(senior ? 'Name of senior citizen' : 'Name of PWD', (i) => i.name),
    textColumn(senior ? 'OSCA ID number' : 'PWD ID number', (i) => i.idNumber),
    textColumn('TIN', (i) => i.tin),
    textColumn('Invoice number', (i) => i.invoiceNumber),
    textColumn('Printed as', (i) => i.printedAs),
    textColumn('Store', (i) => i.storeCode),
    textColumn('Terminal', (i) => i.terminalCode),
    moneyColumn('Gross sales', 'grossSalesMinor'),
    moneyColumn('VAT removed', 'vatRemovedMinor'),
    // Before the 20%: what the discount is of (RR 7-2010). The invoice's, the sales book's and the Z's VAT-exempt sales are
    // after it (this book's net sales, for the 20% lines): a walk read ₱49.11 here against ₱39.29 there as a mismatch.
    moneyColumn('VAT-exempt sales before the 20%', 'vatExemptSalesMinor'),
    moneyColumn('20% discount', 'discount20Minor'),
    moneyColumn('Net sales', 'netSalesMinor'),
    moneyColumn('Basic necessities sales', 'basicNecessitiesSalesMinor'),
    moneyColumn('5% discount', 'discount5Minor'),
    statusColumn(),
  ];
}

/** The senior citizen or PWD sales book: a header, a row per discounted sale, and a TOTAL row. */
export function beneficiaryBookCsv(book: BeneficiaryBook): string {
  return bookCsv(beneficiaryColumns(book.kind === 'senior_citizen'), book.items, book.totals);
}

/** The returns book's columns; in the TOTAL row, under the return numbers, how many return slips. */
const RETURNS_COLUMNS: readonly Column<ReturnsBookItem, ReturnsBook['totals']>[] = [
  textColumn('Date', (i) => i.date),
  textColumn('Time', (i) => i.time),
  {
    title: 'Return number',
    cell: (i) => text(i.returnNumber),
    total: (totals) => text(totals.returns === 1 ? '1 return' : `${totals.returns} returns`),
  },
  textColumn('Printed as', (i) => i.printedAs),
  textColumn('Invoice number', (i) => i.invoiceNumber),
  textColumn('Invoice date', (i) => i.invoiceDate),
  textColumn('Store', (i) => i.storeCode),
  textColumn('Terminal', (i) => i.terminalCode),
  // The till's own number of the slip (T01-R000001), not the sale's receipt: said so beside the invoice number.
  textColumn('Till return number', (i) => i.localNumber),
  textColumn('Reason', (i) => i.reason),
  moneyColumn('Amount returned', 'amountMinor'),
  moneyColumn('VATable', 'vatableMinor'),
  moneyColumn('VAT', 'vatMinor'),
  moneyColumn('VAT-exempt', 'exemptMinor'),
  moneyColumn('Zero-rated', 'zeroRatedMinor'),
];

/** The returns book: a header, a row per return slip, and a TOTAL row. */
export function returnsBookCsv(book: ReturnsBook): string {
  return bookCsv(RETURNS_COLUMNS, book.items, book.totals);
}
