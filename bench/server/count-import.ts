/**
 * Count import benchmark: a 50,000-line count file previewed, imported and approved (one
 * correction of every variance), on a back office whose catalog and store hold 50,000
 * products (seeded in bulk, not measured). Through the HTTP routes, in-process (inject).
 * Figures, not pass/fail.
 *
 *   npx tsx bench/server/count-import.ts                       (SQLite and PostgreSQL)
 *   BENCH_COUNT_LINES=20000 BENCH_DB=sqlite npx tsx bench/server/count-import.ts
 */
import { uuidv7 } from 'uuidv7';
import { build } from '../../server/app';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type DatabaseKind } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { readSettings } from '../../server/settings';
import { createTestDatabase } from '../../tests/support/databases';

const LINES = Number(process.env.BENCH_COUNT_LINES ?? 50_000);
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const kinds = (process.env.BENCH_DB ? [process.env.BENCH_DB] : ['sqlite', 'postgres']) as DatabaseKind[];
const sku = (n: number) => `SKU-${String(n).padStart(6, '0')}`;
const barcode = (n: number) => `480${String(n).padStart(10, '0')}`;

async function run(kind: DatabaseKind): Promise<void> {
  const database = await createTestDatabase(kind);
  const store = openDatabase(database.url);
  try {
    await migrateToLatest(store);
    await ensureDefaultBusiness(store);
    const { app } = await build({ store, settings: { ...readSettings({}), databaseUrl: database.url, adminToken: ADMIN_TOKEN }, logger: false });
    const business = await store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    const shop = await store.db.selectFrom('stores').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    // The catalog, and 20 of each product on hand (as a ledger and its level), in bulk.
    const at = new Date().toISOString();
    for (let start = 1; start <= LINES; start += 1000) {
      const numbers = Array.from({ length: Math.min(1000, LINES - start + 1) }, (_, i) => start + i);
      await store.db
        .insertInto('products')
        .values(
          numbers.map((n) => ({
            business_id: business.id,
            sku: sku(n),
            name: `Product ${n}`,
            price_minor: 1_000,
            tax_code: null,
            barcode: barcode(n),
            change_seq: n,
            updated_at: at,
          })),
        )
        .execute();
      await store.db
        .insertInto('stock_movements')
        .values(
          numbers.map((n) => ({
            id: uuidv7(),
            business_id: business.id,
            store_id: shop.id,
            sku: sku(n),
            qty_milli: 20_000,
            kind: 'receipt',
            document_id: 'bench-opening',
            created_at: at,
          })),
        )
        .execute();
      await store.db
        .insertInto('stock_levels')
        .values(numbers.map((n) => ({ business_id: business.id, store_id: shop.id, sku: sku(n), on_hand_milli: 20_000 })))
        .execute();
    }
    const headers = (key?: string) => ({ authorization: `Bearer ${ADMIN_TOKEN}`, ...(key ? { 'idempotency-key': key } : {}) });
    const started = await app.inject({
      method: 'POST',
      url: '/v1/stock-counts',
      headers: { ...headers(uuidv7()), 'content-type': 'application/json' },
      payload: { storeCode: 'MAIN', startedBy: 'Bench' },
    });
    const countId = (started.json() as { id: string }).id;
    // Half the rows by SKU, half by barcode; one in three products differs from the ledger.
    const rows = Array.from({ length: LINES }, (_, i) => `${i % 2 === 0 ? sku(i + 1) : barcode(i + 1)},${i % 3 === 0 ? 19 : 20}`);
    const file = `code,qty\n${rows.join('\n')}\n`;
    const timed = async (label: string, call: () => Promise<{ statusCode: number; body: string }>) => {
      const begin = performance.now();
      const response = await call();
      const ms = performance.now() - begin;
      if (response.statusCode >= 300) throw new Error(`${label}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      console.log(`  ${kind.padEnd(8)} ${label.padEnd(9)} ${ms.toFixed(0).padStart(6)} ms  ${((LINES / ms) * 1000).toFixed(0).padStart(7)} lines/s`);
      return response;
    };
    const csv = { 'content-type': 'text/csv' };
    await timed('preview', () =>
      app.inject({ method: 'POST', url: `/v1/stock-counts/${countId}/import-preview`, headers: { ...headers(), ...csv }, payload: file }),
    );
    await timed('import', () =>
      app.inject({
        method: 'POST',
        url: `/v1/stock-counts/${countId}/import?importedBy=Bench`,
        headers: { ...headers(uuidv7()), ...csv },
        payload: file,
      }),
    );
    const approved = await timed('approve', () =>
      app.inject({
        method: 'POST',
        url: `/v1/stock-counts/${countId}/approve`,
        headers: { ...headers(uuidv7()), 'content-type': 'application/json' },
        payload: { by: 'Bench reviewer' },
      }),
    );
    const lines = await store.db
      .selectFrom('stock_document_lines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(
      `  ${kind.padEnd(8)} correction ${(JSON.parse(approved.body) as { correctionNumber: string }).correctionNumber} with ${Number(lines.n)} lines (expected ${Math.ceil(LINES / 3)})`,
    );
    await app.close();
  } finally {
    await store.close();
    await database.drop();
  }
}

console.log(`count import: ${LINES.toLocaleString('en')} lines, on a store with ${LINES.toLocaleString('en')} products`);
for (const kind of kinds) await run(kind);
