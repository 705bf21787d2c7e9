import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { MonitoringReport } from '../../protocol';
import { startBackOffice, type TestBackOffice, range } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { adminPost, post, postCsv } from '../support/stock-documents';

const SKUS = ['A', 'B', 'C'] as const;
/** In the catalog (negative_stock is only flagged for these); C is not. */
const CATALOG = new Set<string>(['A', 'B']);
const STORES = ['S0', 'S1'] as const;

const store = fc.constantFrom(0, 1);
const sku = fc.constantFrom(...SKUS);
const replay = fc.boolean();
const command = fc.oneof(
  fc.record({ type: fc.constant('receipt' as const), store, sku, qty: fc.integer({ min: 1, max: 20 }), approve: fc.boolean(), replay }),
  fc.record({ type: fc.constant('correction' as const), store, sku, delta: fc.integer({ min: -10, max: 10 }).filter((d) => d !== 0), replay }),
  fc.record({ type: fc.constant('supplierReturn' as const), store, sku, qty: fc.integer({ min: 1, max: 10 }), replay }),
  fc.record({
    type: fc.constant('transfer' as const),
    from: store,
    sku,
    qty: fc.integer({ min: 1, max: 10 }),
    stage: fc.integer({ min: 0, max: 2 }),
    short: fc.integer({ min: 0, max: 3 }),
    replay,
  }),
  // Up to three lines, the same SKU possibly twice: one level row moved by two lines.
  fc.record({
    type: fc.constant('sale' as const),
    lines: fc.array(fc.record({ sku, qty: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 }),
    replay,
  }),
  fc.record({ type: fc.constant('refund' as const), qty: fc.integer({ min: 1, max: 5 }), replay }),
  // A physical count of one SKU: scanned at the till (S0) or imported as a file, maybe a sale
  // rung up after the shelf was counted, then approved (one correction) or discarded.
  fc.record({
    type: fc.constant('count' as const),
    store,
    sku,
    counted: fc.integer({ min: 0, max: 20 }),
    viaFile: fc.boolean(),
    soldAfter: fc.integer({ min: 0, max: 3 }),
    approve: fc.boolean(),
    replay,
  }),
  // A correction drafted by one manager, approved by another or discarded.
  fc.record({
    type: fc.constant('draft' as const),
    store,
    sku,
    delta: fc.integer({ min: -10, max: 10 }).filter((d) => d !== 0),
    approve: fc.boolean(),
    replay,
  }),
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

describe.each(databaseKinds)('the stock ledger under random documents on %s', (kind) => {
  let bo: TestBackOffice;
  let run = 0;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
  });
  afterAll(async () => bo.close());

  it('on hand (stock_levels, the report, the ledger sum) always equals the model; negative_stock flags follow it; no series has a gap or a duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands: Command[]) => {
        const business = `P${++run}`;
        expect((await adminPost(bo, '/v1/admin/businesses', { code: business, name: business })).statusCode).toBe(201);
        for (const code of STORES)
          expect((await adminPost(bo, '/v1/admin/stores', { businessCode: business, code, name: code })).statusCode).toBe(201);
        const till = await bo.pairTerminal({ businessCode: business, storeCode: 'S0' });
        for (const known of CATALOG) {
          const put = await bo.app.inject({
            method: 'PUT',
            url: `/v1/admin/products/${known}`,
            headers: bo.adminHeaders(),
            payload: { businessCode: business, name: known, priceMinor: 999 },
          });
          expect(put.statusCode).toBeLessThan(300);
        }
        const model = new Map<string, number>();
        /** (store, SKU) with a stock level row: a count knows a SKU outside the catalog by it. */
        const stocked = new Set<string>();
        const move = (s: string, k: string, milli: number) => {
          model.set(`${s}|${k}`, (model.get(`${s}|${k}`) ?? 0) + milli);
          if (milli !== 0) stocked.add(`${s}|${k}`);
        };
        const sales: { id: string; sku: string; qty: number; refunded: number }[] = [];
        let local = 0;

        /** Sends a write, and when asked sends it again: the replay must be byte-identical. */
        const send = async (url: string, headers: (key: string) => Record<string, string>, body: unknown, again: boolean) => {
          const key = uuidv7();
          const first = await post(bo, url, headers(key), body);
          if (again) {
            const second = await post(bo, url, headers(key), body);
            expect(second.statusCode).toBe(first.statusCode);
            expect(second.body).toBe(first.body);
          }
          return first;
        };
        const admin = (key: string) => bo.adminHeaders(key);

        for (const c of commands) {
          if (c.type === 'receipt') {
            const draft = await send(
              '/v1/purchase-receipts',
              admin,
              { businessCode: business, storeCode: STORES[c.store]!, supplier: 'S', lines: [{ sku: c.sku, qty: c.qty, unitCostMinor: 100 }] },
              c.replay,
            );
            expect(draft.statusCode).toBe(201);
            if (c.approve) {
              expect((await send(`/v1/purchase-receipts/${(draft.json() as { id: string }).id}/approve`, admin, {}, c.replay)).statusCode).toBe(200);
              move(STORES[c.store]!, c.sku, c.qty * 1000);
            }
          } else if (c.type === 'correction') {
            expect(
              (
                await send(
                  '/v1/inventory-corrections',
                  admin,
                  { businessCode: business, storeCode: STORES[c.store]!, reason: 'count', lines: [{ sku: c.sku, qtyDelta: c.delta }] },
                  c.replay,
                )
              ).statusCode,
            ).toBe(201);
            move(STORES[c.store]!, c.sku, c.delta * 1000);
          } else if (c.type === 'supplierReturn') {
            expect(
              (
                await send(
                  '/v1/supplier-returns',
                  admin,
                  { businessCode: business, storeCode: STORES[c.store]!, supplier: 'S', reason: 'r', lines: [{ sku: c.sku, qty: c.qty }] },
                  c.replay,
                )
              ).statusCode,
            ).toBe(201);
            move(STORES[c.store]!, c.sku, -c.qty * 1000);
          } else if (c.type === 'transfer') {
            const from = STORES[c.from]!;
            const to = STORES[1 - c.from]!;
            const draft = await send(
              '/v1/transfers',
              admin,
              { businessCode: business, fromStoreCode: from, toStoreCode: to, lines: [{ sku: c.sku, qty: c.qty }] },
              c.replay,
            );
            expect(draft.statusCode).toBe(201);
            const id = (draft.json() as { id: string }).id;
            if (c.stage >= 1) {
              expect((await send(`/v1/transfers/${id}/send`, admin, {}, c.replay)).statusCode).toBe(200);
              move(from, c.sku, -c.qty * 1000);
            }
            if (c.stage >= 2) {
              const received = Math.max(0, c.qty - c.short);
              expect(
                (await send(`/v1/transfers/${id}/receive`, admin, { lines: [{ sku: c.sku, qtyReceived: received }] }, c.replay)).statusCode,
              ).toBe(200);
              move(to, c.sku, received * 1000);
            }
          } else if (c.type === 'sale') {
            const qty = c.lines.reduce((sum, line) => sum + line.qty, 0);
            const sale = {
              localNumber: `L-${++local}`,
              occurredAt: new Date().toISOString(),
              cashier: 'ana',
              lines: c.lines.map((line) => ({ ...line, unitPriceMinor: 999 })),
              payments: [{ method: 'cash', amountMinor: 999 * qty }],
            };
            const response = await send('/v1/sales', till.headers, sale, c.replay);
            expect(response.statusCode).toBe(201);
            const first = c.lines[0]!.sku;
            sales.push({
              id: (response.json() as { id: string }).id,
              sku: first,
              qty: c.lines.filter((line) => line.sku === first).reduce((sum, line) => sum + line.qty, 0),
              refunded: 0,
            });
            for (const line of c.lines) move('S0', line.sku, -line.qty * 1000);
            // Flagged exactly when a SKU of the catalog in this sale is below zero after it.
            const goesNegative = c.lines.some((line) => CATALOG.has(line.sku) && (model.get(`S0|${line.sku}`) ?? 0) < 0);
            const flags = (response.json() as { flags: string[] }).flags;
            expect(flags.includes('negative_stock'), `negative_stock on ${JSON.stringify(c.lines)}`).toBe(goesNegative);
            expect(flags.includes('unknown_sku')).toBe(c.lines.some((line) => !CATALOG.has(line.sku)));
          } else if (c.type === 'count') {
            const place = STORES[c.store]!;
            const started = await send('/v1/stock-counts', admin, { businessCode: business, storeCode: place, startedBy: 'Mario' }, c.replay);
            expect(started.statusCode, started.body).toBe(201);
            const countId = (started.json() as { id: string }).id;
            const atCount = model.get(`${place}|${c.sku}`) ?? 0;
            // A code that is neither in the catalog nor stocked in the store is not counted.
            const known = CATALOG.has(c.sku) || stocked.has(`${place}|${c.sku}`);
            if (c.viaFile || c.store === 1) {
              const key = uuidv7();
              const url = `/v1/stock-counts/${countId}/import?importedBy=Mario`;
              const file = `sku,qty\n${c.sku},${c.counted}\n`;
              const imported = await postCsv(bo, url, file, key);
              expect(imported.statusCode, imported.body).toBe(201);
              if (c.replay) expect((await postCsv(bo, url, file, key)).body).toBe(imported.body);
            } else {
              const lines = { countedBy: 'mario', lines: [{ code: c.sku, qty: c.counted, countedAt: new Date().toISOString() }] };
              expect((await send(`/v1/stock-counts/${countId}/lines`, till.headers, lines, c.replay)).statusCode).toBe(201);
            }
            if (c.soldAfter > 0 && c.store === 0) {
              await new Promise((resolve) => setTimeout(resolve, 3));
              const sale = {
                localNumber: `L-${++local}`,
                occurredAt: new Date().toISOString(),
                cashier: 'ana',
                lines: [{ sku: c.sku, qty: c.soldAfter, unitPriceMinor: 999 }],
                payments: [{ method: 'cash', amountMinor: 999 * c.soldAfter }],
              };
              const sold = await send('/v1/sales', till.headers, sale, c.replay);
              expect(sold.statusCode).toBe(201);
              sales.push({ id: (sold.json() as { id: string }).id, sku: c.sku, qty: c.soldAfter, refunded: 0 });
              move('S0', c.sku, -c.soldAfter * 1000);
            }
            const decided = await send(`/v1/stock-counts/${countId}/${c.approve ? 'approve' : 'discard'}`, admin, { by: 'Liza' }, c.replay);
            expect(decided.statusCode, decided.body).toBe(200);
            // The count stands for the moment the shelf was counted: the sale after it still counts.
            if (c.approve && known) move(place, c.sku, c.counted * 1000 - atCount);
          } else if (c.type === 'draft') {
            const place = STORES[c.store]!;
            const drafted = await send(
              '/v1/correction-drafts',
              admin,
              { businessCode: business, storeCode: place, reason: 'count', draftedBy: 'Mario', lines: [{ sku: c.sku, qtyDelta: c.delta }] },
              c.replay,
            );
            expect(drafted.statusCode).toBe(201);
            const id = (drafted.json() as { id: string }).id;
            expect(
              (await send(`/v1/correction-drafts/${id}/${c.approve ? 'approve' : 'discard'}`, admin, { by: c.approve ? 'Liza' : 'Mario' }, c.replay))
                .statusCode,
            ).toBe(200);
            if (c.approve) move(place, c.sku, c.delta * 1000);
          } else {
            const sale = sales.at(-1);
            if (!sale) continue;
            const refund = { localNumber: `R-${++local}`, occurredAt: new Date().toISOString(), lines: [{ sku: sale.sku, qty: c.qty }], reason: 'r' };
            const response = await send(`/v1/sales/${sale.id}/refund`, till.headers, refund, c.replay);
            const fits = sale.refunded + c.qty <= sale.qty;
            expect(response.statusCode).toBe(fits ? 201 : 422);
            if (fits) {
              sale.refunded += c.qty;
              move('S0', sale.sku, c.qty * 1000);
            }
          }
        }

        const report = (
          await bo.app.inject({ method: 'GET', url: `/v1/admin/stock?businessCode=${business}`, headers: bo.adminHeaders() })
        ).json() as { items: { storeCode: string; sku: string; onHand: number }[] };
        const ledger = await bo.store.db
          .selectFrom('stock_movements as m')
          .innerJoin('stores as s', 's.id', 'm.store_id')
          .innerJoin('businesses as b', 'b.id', 'm.business_id')
          .select(['s.code', 'm.sku', (eb) => eb.fn.sum<number>('m.qty_milli').as('qty')])
          .where('b.code', '=', business)
          .groupBy(['s.code', 'm.sku'])
          .execute();
        const levels = await bo.store.db
          .selectFrom('stock_levels as l')
          .innerJoin('stores as s', 's.id', 'l.store_id')
          .innerJoin('businesses as b', 'b.id', 'l.business_id')
          .select(['s.code', 'l.sku', 'l.on_hand_milli'])
          .where('b.code', '=', business)
          .execute();
        // stock_levels holds exactly one row per (store, SKU) the ledger has, equal to its sum.
        const byPlace = (rows: { code: string; sku: string; qty: number }[]) => Object.fromEntries(rows.map((r) => [`${r.code}|${r.sku}`, r.qty]));
        expect(byPlace(levels.map((l) => ({ code: l.code, sku: l.sku, qty: Number(l.on_hand_milli) }))), 'stock_levels == SUM(ledger)').toEqual(
          byPlace(ledger.map((l) => ({ code: l.code, sku: l.sku, qty: Number(l.qty) }))),
        );
        expect(report.items.map((item) => `${item.storeCode}|${item.sku}`).sort()).toEqual(ledger.map((l) => `${l.code}|${l.sku}`).sort());
        for (const s of STORES) {
          for (const k of SKUS) {
            const modelled = model.get(`${s}|${k}`) ?? 0;
            const summed = Number(ledger.find((row) => row.code === s && row.sku === k)?.qty ?? 0);
            const level = Number(levels.find((row) => row.code === s && row.sku === k)?.on_hand_milli ?? 0);
            const reported = report.items.find((item) => item.storeCode === s && item.sku === k)?.onHand ?? 0;
            expect(summed, `${s}/${k} ledger`).toBe(modelled);
            expect(level, `${s}/${k} stock_levels`).toBe(modelled);
            expect(reported * 1000, `${s}/${k} reported`).toBe(modelled);
          }
        }
        const monitoring = (
          await bo.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: bo.adminHeaders() })
        ).json() as MonitoringReport;
        expect(monitoring.totals.duplicateNumbers).toBe(0);
        expect(monitoring.totals.seriesGaps).toBe(0);
        const numbered = await bo.store.db
          .selectFrom('stock_documents as d')
          .innerJoin('businesses as b', 'b.id', 'd.business_id')
          .select(['d.kind', 'd.series_value'])
          .where('b.code', '=', business)
          .where('d.number', 'is not', null)
          .execute();
        for (const series of ['receipt', 'transfer', 'correction', 'supplier_return']) {
          const values = numbered
            .filter((d) => d.kind === series)
            .map((d) => Number(d.series_value))
            .sort((a, b) => a - b);
          expect(values, series).toEqual(range(values.length));
        }
      }),
      { numRuns: 10 },
    );
  });
});
