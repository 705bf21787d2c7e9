/**
 * How fast the product field answers while a cashier types: 50,000 products in the
 * terminal's catalog cache, a few names typed prefix by prefix ("c", "co", "coc"...), one
 * search per keystroke, as the screen asks (limit 30). Goal: p99 <= 16 ms (one frame).
 * Also a scanned barcode (exact match) and a partial SKU. BENCH_PRODUCTS sets the catalog size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogCache } from '../../terminal/catalog/catalog-cache';
import type { Product } from '../../protocol';
import { openTerminalDb } from '../../terminal/store/terminal-db';
import { TerminalSettings } from '../../terminal/store/terminal-settings';
import { ms, percentile } from './support';

const size = Number(process.env.BENCH_PRODUCTS ?? 50_000);
const GOAL_MS = 16;
const dir = mkdtempSync(join(tmpdir(), 'counter-bench-search-'));
const db = openTerminalDb(dir);
const catalog = new CatalogCache(db, new TerminalSettings(db));

// A sari-sari store's words, combined into 50,000 distinct names.
const brands = [
  'Lucky Me!',
  'Nissin',
  '555',
  'Ligo',
  'Century',
  'Argentina',
  'Purefoods',
  'Alaska',
  'Bear Brand',
  'Nescafé',
  'Kopiko',
  'Milo',
  'Coca-Cola',
  'Royal',
  'Zesto',
  'Oishi',
  'Jack n Jill',
  'Rebisco',
  'Monde',
  'Del Monte',
  'UFC',
  'Datu Puti',
  'Silver Swan',
  'Safeguard',
  'Palmolive',
  'Colgate',
  'Tide',
  'Surf',
  'Ariel',
  'Downy',
  'Magnolia',
  'Selecta',
  'San Miguel',
  'Gardenia',
  'Rufina',
  'Mama Sita',
  'Knorr',
  'Maggi',
  'Great Taste',
  'Eden',
];
const things = [
  'Pancit Canton',
  'Instant Mami',
  'Sardines',
  'Tuna Flakes',
  'Corned Beef',
  'Meat Loaf',
  'Evaporated Milk',
  'Condensed Milk',
  'Powdered Milk',
  'Coffee 3-in-1',
  'Chocolate Drink',
  'Cola',
  'Orange Juice',
  'Crackers',
  'Chips',
  'Cookies',
  'Soy Sauce',
  'Vinegar',
  'Fish Sauce',
  'Ketchup',
  'Bar Soap',
  'Shampoo',
  'Toothpaste',
  'Detergent Powder',
  'Fabric Conditioner',
  'Ice Cream',
  'Cheese',
  'Bread',
  'Noodles',
  'Seasoning',
];
const variants = [
  'Original',
  'Spicy',
  'Sweet',
  'Classic',
  'Lite',
  'Extra',
  'Family',
  'Chili',
  'Calamansi',
  'Kalamansi',
  'Garlic',
  'Barbecue',
  'Cheese',
  'Chocolate',
  'Vanilla',
  'Ube',
  'Mango',
  'Strawberry',
  'Pandan',
  'Buko',
];
const sizes = [
  '20 g',
  '33 g',
  '55 g',
  '60 g',
  '110 g',
  '155 g',
  '250 g',
  '370 ml',
  '1 L',
  '1.5 L',
  '5 kg',
  'sachet',
  '10 packs',
  '12 pcs',
  '500 ml',
  '1 kg',
  '200 ml',
  '80 g',
  '300 ml',
  '2 L',
];

const products: Product[] = [];
for (let i = 0; products.length < size; i += 1) {
  const name = `${brands[i % brands.length]} ${things[Math.floor(i / brands.length) % things.length]} ${variants[Math.floor(i / 1_200) % variants.length]} ${sizes[Math.floor(i / 24_000) % sizes.length]} #${i}`;
  products.push({
    sku: `SKU-${String(i).padStart(6, '0')}`,
    name,
    priceMinor: 500 + (i % 20_000),
    taxCode: 'VAT12',
    barcode: `480${String(1_000_000_000 + i).padStart(10, '0')}`,
  });
}
const loadStart = performance.now();
for (let at = 0; at < products.length; at += 1000) catalog.applyPage({ products: products.slice(at, at + 1000), taxes: [], cursor: String(at) });
const loadMs = performance.now() - loadStart;

function keystrokes(text: string): string[] {
  return Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1)).filter((q) => q.trim() !== '');
}

function measure(queries: readonly string[], rounds: number): { times: number[]; hits: number } {
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const query of queries) {
      const start = performance.now();
      hits += catalog.search(query, 30).length;
      times.push(performance.now() - start);
    }
  }
  return { times, hits };
}

const typed = ['coca cola', 'lucky me pancit canton', 'sardines', 'ube ice cream', 'nescafe coffee', 'kala', 'xyz'].flatMap(keystrokes);
measure(typed, 2); // warm the page cache and the statement cache
const typing = measure(typed, 10);
const scans = measure(
  products.filter((_, i) => i % 997 === 0).map((p) => p.barcode ?? ''),
  20,
);
const skus = measure(['SKU-0', 'SKU-01', 'SKU-012', 'SKU-0123', 'sku-04999'], 50);

const verdict = (p99: number) => `${p99 <= GOAL_MS ? 'meets' : 'MISSES'} the goal of <= ${GOAL_MS} ms`;
const row = (label: string, run: { times: number[] }) => {
  const sorted = [...run.times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  console.log(`${label.padEnd(34)} p50 ${ms(p50).padStart(9)}  p99 ${ms(p99).padStart(9)}  (${run.times.length} searches; ${verdict(p99)})`);
};
console.log(`Catalog: ${catalog.productCount().toLocaleString('en-US')} products, loaded in ${ms(loadMs)} (1,000 per page)`);
row('typing names, per keystroke', typing);
row('scanning a barcode (exact)', scans);
row('typing a partial SKU', skus);
db.close();
rmSync(dir, { recursive: true, force: true });
