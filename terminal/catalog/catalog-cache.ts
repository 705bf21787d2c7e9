import type { CatalogPage, Product } from '../../protocol';
import { soldByOf, type SoldBy } from '../../protocol/sold-by';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalSettings } from '../store/terminal-settings';

type ProductRow = Omit<Product, 'scPwdEligible' | 'bnpcEligible' | 'soldBy'> & { sc: number; bnpc: number; soldBy: SoldBy | null };

/** Eligibility travels only when true, and the unit only when the catalog says it, as on the wire (protocol/catalog.ts). */
const productOf = ({ sc, bnpc, soldBy, ...product }: ProductRow): Product => ({
  ...product,
  ...(sc === 1 ? { scPwdEligible: true } : {}),
  ...(bnpc === 1 ? { bnpcEligible: true } : {}),
  ...(soldBy !== null ? { soldBy } : {}),
});

/**
 * The terminal's copy of the catalog, so a cashier can look up products with the network
 * down. Filled page by page from GET /v1/catalog; the cursor is saved with each page.
 */
export class CatalogCache {
  constructor(
    private readonly db: TerminalDb,
    private readonly settings: TerminalSettings,
  ) {}

  cursor(): string {
    return this.settings.catalogCursor();
  }

  /** The products without a tax code, as last read (null: read again): a pull or a new pairing changes them. */
  private untaxed: { count: number; names: string[] } | null = null;

  /**
   * The products the catalog gives no tax code: a VAT-registered business's till prints them
   * as VAT-exempt (found by a walk: a product saved without one was sold as exempt, silently).
   * Read once per pull, not per status.
   */
  untaxedProducts(): { count: number; names: string[] } {
    if (this.untaxed === null) {
      const names = this.db.prepare('SELECT name FROM products WHERE tax_code IS NULL ORDER BY name LIMIT 3').pluck().all() as string[];
      const count =
        names.length < 3 ? names.length : (this.db.prepare('SELECT count(*) FROM products WHERE tax_code IS NULL').pluck().get() as number);
      this.untaxed = { count, names };
    }
    return this.untaxed;
  }

  /** One page and its cursor in one transaction: a crash mid-pull resumes where it stopped. */
  applyPage(page: CatalogPage): void {
    this.untaxed = null;
    const upsert = this.db.prepare(
      `INSERT INTO products (sku, name, price_minor, tax_code, barcode, sc_pwd_eligible, bnpc_eligible, sold_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sku) DO UPDATE SET name = excluded.name, price_minor = excluded.price_minor, tax_code = excluded.tax_code, barcode = excluded.barcode,
         sc_pwd_eligible = excluded.sc_pwd_eligible, bnpc_eligible = excluded.bnpc_eligible, sold_by = excluded.sold_by`,
    );
    const tax = this.db.prepare('INSERT INTO taxes (code, name, rate_basis_points, inclusive) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const p of page.products)
        upsert.run(
          p.sku,
          p.name,
          p.priceMinor,
          p.taxCode,
          p.barcode,
          p.scPwdEligible === true ? 1 : 0,
          p.bnpcEligible === true ? 1 : 0,
          p.soldBy ?? null,
        );
      // Taxes come whole with every page: the latest list replaces the previous one.
      this.db.prepare('DELETE FROM taxes').run();
      for (const t of page.taxes) tax.run(t.code, t.name, t.rateBasisPoints, t.inclusive ? 1 : 0);
      this.settings.saveCatalogCursor(page.cursor);
    })();
  }

  /**
   * Another business's till now: its products, taxes and cursor go, so the next pull fetches
   * the new catalog in full and nothing of the old one can be rung up. Call inside the
   * pairing's transaction (the word index follows by its triggers).
   */
  forget(): void {
    this.untaxed = null;
    this.db.prepare('DELETE FROM products').run();
    this.db.prepare('DELETE FROM taxes').run();
    this.settings.saveCatalogCursor('0');
  }

  /**
   * A scanned barcode or a typed SKU is found by index first, and alone. Otherwise every
   * typed word must begin a word of the name (the FTS5 word index), with two neighbouring
   * words run together if need be ("sky flakes": SkyFlakes), or the text begins a SKU or a barcode. Every path is an index lookup: no scan of the catalog per keystroke.
   */
  search(query: string, limit = 50): Product[] {
    return this.find(query, limit).map(productOf);
  }

  /** Eligibility by SKU, for the senior citizen / PWD discounts (a SKU not in the catalog is eligible for nothing). */
  eligibility(sku: string): { scPwdEligible: boolean; bnpcEligible: boolean } {
    const row = (this.statements ??= this.prepare()).eligibility.get(sku) as { sc: number; bnpc: number } | undefined;
    return { scPwdEligible: row?.sc === 1, bnpcEligible: row?.bnpc === 1 };
  }

  /** The catalog's price and tax of a product (null: the catalog does not have it). */
  terms(sku: string): { priceMinor: number; taxCode: string | null } | null {
    const row = (this.statements ??= this.prepare()).terms.get(sku) as { priceMinor: number; taxCode: string | null } | undefined;
    return row ?? null;
  }

  /**
   * A scanned or typed code as the back office matches a counted code (its SKU or its
   * barcode, letter for letter), or null when it is no product of this catalog. A SKU typed in
   * another case ("egg-large-pc") that names one product only is that product's SKU, as a sale's
   * search finds it, so the count goes to it (found by a manager's walk: refused at the till
   * though the back office treats SKUs alike whatever their case). Any code while the catalog
   * is empty (never pulled: there is nothing to check against), as typed.
   */
  countedCode(code: string): string | null {
    const st = (this.statements ??= this.prepare());
    if (st.exactCode.get(code, code) !== undefined || st.any.get() === undefined) return code;
    const alike = st.sku.all(code, 2) as ProductRow[];
    return alike.length === 1 && alike[0] ? alike[0].sku : null;
  }

  /** The product a counted code names (its SKU or its barcode, letter for letter, as `knowsCode`), or null. */
  productOfCode(code: string): { sku: string; name: string; soldBy: SoldBy | null } | null {
    const st = (this.statements ??= this.prepare());
    const found = st.namedCode.get(code, code) as { sku: string; name: string; soldBy: string | null } | undefined;
    return found ? { ...found, soldBy: soldByOf(found.soldBy) } : null;
  }

  private find(query: string, limit: number): ProductRow[] {
    const text = query.trim();
    const st = (this.statements ??= this.prepare());
    if (text === '') return st.first.all(limit) as ProductRow[];
    const byBarcode = st.barcode.all(text, limit) as ProductRow[];
    const exact = byBarcode.length > 0 ? byBarcode : (st.sku.all(text, limit) as ProductRow[]);
    if (exact.length > 0) return exact;
    const words = text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== '');
    // Taken in index order, then sorted: sorting every match of "c" would cost more than a keystroke may.
    const named = words.length === 0 ? [] : (st.named.all(words.map((w) => `"${w}"*`).join(' '), limit) as ProductRow[]);
    // A brand written as one word is typed as two ("sky flakes 250" for SkyFlakes 250 g, found by a cashier walk):
    // two typed words run together may begin one word of the name. One lookup per pair of neighbours.
    const joined: ProductRow[] = [];
    for (let i = 0; i + 1 < words.length && named.length + joined.length < limit; i++) {
      const terms = [...words.slice(0, i), `${words[i]}${words[i + 1]}`, ...words.slice(i + 2)];
      joined.push(...(st.named.all(terms.map((w) => `"${w}"*`).join(' '), limit) as ProductRow[]));
    }
    const found = new Map<string, ProductRow>([...named, ...joined].sort((a, b) => a.name.localeCompare(b.name)).map((p) => [p.sku, p]));
    if (found.size < limit) {
      const escaped = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const coded = [
        ...(st.skuPrefix.all(escaped, limit) as ProductRow[]),
        ...(/^\d+$/.test(text) ? (st.barcodePrefix.all(text, `${text}\uffff`, limit) as ProductRow[]) : []),
      ];
      for (const p of coded) if (found.size < limit) found.set(p.sku, p);
    }
    return [...found.values()];
  }

  private statements: ReturnType<CatalogCache['prepare']> | undefined;

  private prepare() {
    const columns =
      'p.sku, p.name, p.price_minor AS priceMinor, p.tax_code AS taxCode, p.barcode, p.sc_pwd_eligible AS sc, p.bnpc_eligible AS bnpc, p.sold_by AS soldBy';
    return {
      first: this.db.prepare(`SELECT ${columns} FROM products p ORDER BY p.name LIMIT ?`),
      // Two statements, not one OR: with the OR, SQLite scans the whole catalog.
      barcode: this.db.prepare(`SELECT ${columns} FROM products p WHERE p.barcode = ? LIMIT ?`),
      sku: this.db.prepare(`SELECT ${columns} FROM products p WHERE p.sku = ? COLLATE NOCASE LIMIT ?`),
      named: this.db.prepare(`SELECT ${columns} FROM product_words w JOIN products p ON p.rowid = w.rowid WHERE product_words MATCH ? LIMIT ?`),
      skuPrefix: this.db.prepare(`SELECT ${columns} FROM products p WHERE p.sku LIKE ? ESCAPE '\\' LIMIT ?`),
      barcodePrefix: this.db.prepare(`SELECT ${columns} FROM products p WHERE p.barcode >= ? AND p.barcode < ? LIMIT ?`),
      eligibility: this.db.prepare('SELECT sc_pwd_eligible AS sc, bnpc_eligible AS bnpc FROM products WHERE sku = ?'),
      terms: this.db.prepare('SELECT price_minor AS priceMinor, tax_code AS taxCode FROM products WHERE sku = ?'),
      exactCode: this.db.prepare('SELECT 1 FROM products WHERE sku = ? COLLATE BINARY UNION ALL SELECT 1 FROM products WHERE barcode = ? LIMIT 1'),
      any: this.db.prepare('SELECT 1 FROM products LIMIT 1'),
      namedCode: this.db.prepare(
        'SELECT sku, name, sold_by AS soldBy FROM products WHERE sku = ? COLLATE BINARY UNION ALL SELECT sku, name, sold_by FROM products WHERE barcode = ? LIMIT 1',
      ),
    };
  }

  productCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM products').pluck().get() as number;
  }
}
