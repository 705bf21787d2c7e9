import type { CatalogPage, Product } from '../protocol';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalSettings } from '../store/terminal-settings';

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

  /** One page and its cursor in one transaction: a crash mid-pull resumes where it stopped. */
  applyPage(page: CatalogPage): void {
    const upsert = this.db.prepare(
      `INSERT INTO products (sku, name, price_minor, tax_code, barcode) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sku) DO UPDATE SET name = excluded.name, price_minor = excluded.price_minor, tax_code = excluded.tax_code, barcode = excluded.barcode`,
    );
    const tax = this.db.prepare('INSERT INTO taxes (code, name, rate_basis_points, inclusive) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const p of page.products) upsert.run(p.sku, p.name, p.priceMinor, p.taxCode, p.barcode);
      // Taxes come whole with every page: the latest list replaces the previous one.
      this.db.prepare('DELETE FROM taxes').run();
      for (const t of page.taxes) tax.run(t.code, t.name, t.rateBasisPoints, t.inclusive ? 1 : 0);
      this.settings.saveCatalogCursor(page.cursor);
    })();
  }

  /**
   * A scanned barcode or a typed SKU is found by index first; then names (and partial
   * SKUs or barcodes) containing the text, case-insensitively.
   */
  search(query: string, limit = 50): Product[] {
    const text = query.trim();
    const columns = 'sku, name, price_minor AS priceMinor, tax_code AS taxCode, barcode';
    if (text === '') return this.db.prepare(`SELECT ${columns} FROM products ORDER BY name LIMIT ?`).all(limit) as Product[];
    const exact = this.db.prepare(`SELECT ${columns} FROM products WHERE barcode = ? OR sku = ? COLLATE NOCASE LIMIT ?`).all(text, text, limit) as Product[];
    if (exact.length >= limit) return exact;
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const seen = new Set(exact.map((p) => p.sku));
    const more = this.db
      .prepare(`SELECT ${columns} FROM products WHERE name LIKE @pattern ESCAPE '\\' OR sku LIKE @pattern ESCAPE '\\' OR barcode LIKE @pattern ESCAPE '\\' ORDER BY name LIMIT @limit`)
      .all({ pattern, limit: limit + exact.length }) as Product[];
    return [...exact, ...more.filter((p) => !seen.has(p.sku))].slice(0, limit);
  }

  productCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM products').pluck().get() as number;
  }
}
