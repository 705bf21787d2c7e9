import type { LightMyRequestResponse } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { BackOfficeDb } from '../../server/db/database';
import type { Database } from '../../server/db/tables';
import { countRows, type TestBackOffice } from './back-office';

/** A POST the way a client sends it: JSON body, the given headers. */
export function post(bo: TestBackOffice, url: string, headers: Record<string, string>, body?: unknown): Promise<LightMyRequestResponse> {
  return bo.app.inject({
    method: 'POST',
    url,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

/** An admin write with a fresh (or given) key. */
export function adminPost(bo: TestBackOffice, url: string, body: unknown, key: string = uuidv7()): Promise<LightMyRequestResponse> {
  return post(bo, url, bo.adminHeaders(key), body);
}

/** Every table a back-office write may touch, counted: "nothing changed" is this, unchanged. */
export async function footprint(store: BackOfficeDb): Promise<Record<string, number>> {
  const tables: (keyof Database)[] = [
    'sales',
    'refunds',
    'refund_lines',
    'stock_documents',
    'stock_document_lines',
    'stock_movements',
    'stock_levels',
    'number_counters',
    'idempotency_responses',
    'document_writes',
    'stock_counts',
    'stock_count_lines',
    'stock_count_imports',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(store, table);
  const counters = await store.db
    .selectFrom('number_counters')
    .select((eb) => eb.fn.sum<number>('last_value').as('n'))
    .executeTakeFirstOrThrow();
  counts.counterTotal = Number(counters.n ?? 0);
  const levels = await store.db
    .selectFrom('stock_levels')
    .select((eb) => eb.fn.sum<number>('on_hand_milli').as('n'))
    .executeTakeFirstOrThrow();
  counts.onHandTotal = Number(levels.n ?? 0);
  return counts;
}

/** On hand in thousandths, straight from the ledger rows. */
export async function ledgerMilli(store: BackOfficeDb, storeCode: string, sku: string): Promise<number> {
  const row = await store.db
    .selectFrom('stock_movements as m')
    .innerJoin('stores as s', 's.id', 'm.store_id')
    .select((eb) => eb.fn.sum<number>('m.qty_milli').as('qty'))
    .where('s.code', '=', storeCode)
    .where('m.sku', '=', sku)
    .executeTakeFirstOrThrow();
  return Number(row.qty ?? 0);
}

/** On hand as the API reports it. */
export async function onHand(bo: TestBackOffice, storeCode: string, sku: string, businessCode = 'MAIN'): Promise<number> {
  const response = await bo.app.inject({
    method: 'GET',
    url: `/v1/admin/stock?businessCode=${businessCode}&storeCode=${storeCode}&sku=${encodeURIComponent(sku)}`,
    headers: bo.adminHeaders(),
  });
  const report = response.json() as { items: { onHand: number }[] };
  return report.items[0]?.onHand ?? 0;
}

export async function addStore(bo: TestBackOffice, code: string, businessCode = 'MAIN'): Promise<void> {
  const response = await adminPost(bo, '/v1/admin/stores', { businessCode, code, name: `Store ${code}` });
  if (response.statusCode !== 201) throw new Error(`store ${code}: ${response.body}`);
}

/** The values a series has issued, sorted: gapless and unique is exactly 1..n. */
export async function seriesValues(store: BackOfficeDb, kind: string): Promise<number[]> {
  const found = await store.db
    .selectFrom('stock_documents')
    .select('series_value')
    .where('kind', '=', kind)
    .where('series_value', 'is not', null)
    .orderBy('series_value')
    .execute();
  return found.map((r) => Number(r.series_value));
}

/** A count file sent the way the back office sends it: text/csv, admin token, a key when it is an import. */
export function postCsv(bo: TestBackOffice, url: string, text: string | Buffer, key?: string): Promise<LightMyRequestResponse> {
  return bo.app.inject({ method: 'POST', url, headers: { ...bo.adminHeaders(key), 'content-type': 'text/csv' }, payload: text });
}

/** Starts a count of a store as a manager would; returns its id. */
export async function startCount(bo: TestBackOffice, storeCode = 'MAIN', startedBy = 'Mario'): Promise<string> {
  const response = await adminPost(bo, '/v1/stock-counts', { storeCode, startedBy });
  if (response.statusCode !== 201) throw new Error(`count of ${storeCode}: ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** Stock in through an approved purchase receipt, so a count has something to compare with. */
export async function receiveStock(bo: TestBackOffice, storeCode: string, lines: { sku: string; qty: number }[]): Promise<void> {
  const draft = await adminPost(bo, '/v1/purchase-receipts', {
    storeCode,
    supplier: 'Mega Foods',
    lines: lines.map((l) => ({ ...l, unitCostMinor: 100 })),
  });
  const approved = await adminPost(bo, `/v1/purchase-receipts/${(draft.json() as { id: string }).id}/approve`, {});
  if (approved.statusCode !== 200) throw new Error(`receipt: ${approved.body}`);
}
