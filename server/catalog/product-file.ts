import { Value } from 'typebox/value';
import { ProductCode, ProductUpsertSchema, type ProductUpsert } from '../../protocol/catalog';
import { MAX_MINOR } from '../../protocol/sales';
import { csvHeader, csvLines, fieldsOf } from '../csv-file';
import { fieldMessage } from '../http/pattern-sentences';

/** One product of a catalog file, as PUT /v1/admin/products/{sku} takes it, and the row it came from. */
export interface ProductRow {
  row: number;
  sku: string;
  product: ProductUpsert;
}

const COLUMNS = ['sku', 'name', 'price', 'tax_code', 'barcode', 'sold_by', 'sc_pwd', 'bnpc'] as const;
export type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['sku', 'name', 'price'];
const MAX_ROWS = 50_000;
const MAX_ERRORS = 100;

export const PRODUCT_FILE_HELP = `A catalog file is CSV (comma or semicolon), a header then one product per row:
  sku,name,price,tax_code,barcode,sold_by,sc_pwd,bnpc
  SARDINES-555,555 Sardines in Tomato Sauce 155 g,24.50,VAT12,4800007001965,piece,no,yes
sku, name and price (pesos, a point before the centavos, no commas: 1250.00) are required;
tax_code is one of the business's (counter-server products taxes); sold_by is piece or
weight (price per kg); sc_pwd (the 20% senior citizen / PWD discount applies) and bnpc
(a basic necessity: the 5%) are yes or no. An empty cell is not set. A column the file
leaves out keeps what each product has already (sku,name,price changes names and prices only).`;

/** "24.50" → 2450; null: not pesos with at most two decimals, or more than a sale can carry. */
function pesosToMinor(text: string): number | null {
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return minor <= MAX_MINOR ? minor : null;
}

function yesNo(text: string): boolean | undefined | null {
  const word = text.toLowerCase();
  if (word === '') return undefined;
  if (['yes', 'y', 'true', '1'].includes(word)) return true;
  if (['no', 'n', 'false', '0'].includes(word)) return false;
  return null;
}

/**
 * Reads a catalog file into the products it sets, or every row's refusal (the first 100):
 * one bad row refuses the whole file, so nothing is saved half. A SKU or a barcode on two
 * rows is refused there too (which row wins?).
 */
export function readProductFile(
  text: string,
  businessCode: string,
  taxCodes: readonly string[],
): { products: ProductRow[]; columns: ReadonlySet<Column> } | { errors: { path: string; message: string }[] } {
  const lines = csvLines(text);
  if (lines.length < 2)
    return { errors: [{ path: 'row 1', message: 'the file has no products: expected a header such as "sku,name,price" then a row per product' }] };
  if (lines.length - 1 > MAX_ROWS)
    return { errors: [{ path: `row ${MAX_ROWS + 2}`, message: `a catalog file holds at most ${MAX_ROWS.toLocaleString('en')} products; split it` }] };
  const headerLine = lines[0]!;
  const { delimiter, header } = csvHeader(headerLine);
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  const twice = header.filter((h, i) => header.indexOf(h) !== i);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (unknown.length > 0 || twice.length > 0 || missing.length > 0) {
    const why = [
      ...(missing.length > 0 ? [`no ${missing.join(', ')} column`] : []),
      ...(unknown.length > 0 ? [`unknown columns ${unknown.map((u) => `"${u}"`).join(', ')}`] : []),
      ...(twice.length > 0 ? [`${twice.map((u) => `"${u}"`).join(', ')} named twice`] : []),
    ];
    return { errors: [{ path: 'row 1', message: `the header has ${why.join('; ')}: its columns are ${COLUMNS.join(', ')}` }] };
  }
  const at = (fields: string[], column: Column) => {
    const index = header.indexOf(column);
    return index < 0 ? '' : (fields[index] ?? '').trim();
  };
  const products: ProductRow[] = [];
  const errors: { path: string; message: string }[] = [];
  const skus = new Map<string, number>();
  const barcodes = new Map<string, number>();
  for (let index = 1; index < lines.length && errors.length < MAX_ERRORS; index++) {
    const row = index + 1;
    const path = `row ${row}`;
    const refuse = (message: string) => errors.push({ path, message });
    if (lines[index]!.trim() === '') continue;
    const fields = fieldsOf(lines[index]!, delimiter);
    if (fields === null || fields.length !== header.length) {
      refuse(`expected ${header.length} cells as the header has, found ${fields === null ? 'a quote left open' : fields.length}`);
      continue;
    }
    const sku = at(fields, 'sku');
    const priceMinor = pesosToMinor(at(fields, 'price').replace(/^₱/, ''));
    const soldBy = at(fields, 'sold_by').toLowerCase();
    // The business's code however it is typed ("vat12" is VAT12), every row's checked with the rest (found by a walk:
    // an unknown tax code was said only once the other rows were fixed).
    const taxTyped = at(fields, 'tax_code');
    const taxCode = taxCodes.find((code) => code === taxTyped) ?? taxCodes.find((code) => code.toLowerCase() === taxTyped.toLowerCase());
    if (taxTyped !== '' && taxCode === undefined)
      refuse(`tax_code ${taxTyped} is not one of ${businessCode}'s: ${[...taxCodes].sort().join(', ') || 'it has none'}`);
    const scPwd = yesNo(at(fields, 'sc_pwd'));
    const bnpc = yesNo(at(fields, 'bnpc'));
    if (priceMinor === null) refuse(`price "${at(fields, 'price')}" is not pesos: digits, a point and at most two decimals, no commas (1250.00)`);
    if (soldBy !== '' && soldBy !== 'piece' && soldBy !== 'weight') refuse(`sold_by "${soldBy}" is piece, weight or empty`);
    if (scPwd === null) refuse(`sc_pwd "${at(fields, 'sc_pwd')}" is yes, no or empty`);
    if (bnpc === null) refuse(`bnpc "${at(fields, 'bnpc')}" is yes, no or empty`);
    const product = {
      businessCode,
      name: at(fields, 'name'),
      priceMinor: priceMinor ?? 0,
      ...(taxCode !== undefined ? { taxCode } : {}),
      ...(at(fields, 'barcode') ? { barcode: at(fields, 'barcode') } : {}),
      ...(soldBy === 'piece' || soldBy === 'weight' ? { soldBy } : {}),
      ...(scPwd === true ? { scPwdEligible: true } : {}),
      ...(bnpc === true ? { bnpcEligible: true } : {}),
    } as ProductUpsert;
    if (product.name === '') refuse('name is blank');
    for (const [field, schema, value] of [
      ['sku', ProductCode, sku],
      ['', ProductUpsertSchema, product.name === '' ? { ...product, name: '-' } : product],
    ] as const)
      for (const error of Value.Errors(schema, value)) {
        refuse(`${field || error.instancePath.replace(/^\//, '')} ${fieldMessage(error)}`);
        break;
      }
    const folded = sku.toLowerCase();
    if (skus.has(folded)) refuse(`SKU ${sku} is on row ${skus.get(folded)} too`);
    else skus.set(folded, row);
    if (product.barcode !== undefined) {
      if (barcodes.has(product.barcode)) refuse(`barcode ${product.barcode} is on row ${barcodes.get(product.barcode)} too`);
      else barcodes.set(product.barcode, row);
    }
    products.push({ row, sku, product });
  }
  return errors.length > 0 ? { errors } : { products, columns: new Set(header as Column[]) };
}
