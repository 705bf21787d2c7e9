import { rowId } from '../db/row-ids';
import type { StockReport } from '../../protocol';
import { milliToQty } from '../../protocol/sale-total';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import { sql, type CompiledQuery } from 'kysely';
import type { BackOfficeDb, DatabaseKind, Tx } from '../db/database';
import { dialectOf, insertRows } from '../db/hot-statements';
import { notFound } from '../problem';
import { businessByCode, storeByCode } from '../place-codes';

export type MovementKind = 'sale' | 'refund' | 'receipt' | 'transfer_out' | 'transfer_in' | 'correction' | 'supplier_return';

export interface Movement {
  sku: string;
  /** Signed thousandths: positive comes in, negative goes out. */
  qtyMilli: number;
}

/** One row of the ledger, before it is written. */
export interface LedgerMovement {
  businessId: string;
  storeId: string;
  sku: string;
  /** Signed thousandths: positive comes in, negative goes out. */
  qtyMilli: number;
  kind: MovementKind;
  documentId: string;
  /** When it happened, if not when it is recorded: a sale's or refund's time at the till (ISO, UTC). */
  occurredAt?: string;
}

/** On hand of one store and SKU right after a write, in thousandths. */
export interface StockLevel {
  storeId: string;
  sku: string;
  onHandMilli: number;
}

/** A total order on (store, SKU), the same in every process: the order level rows are locked in. */
const levelOrder = (a: { storeId: string; sku: string }, b: { storeId: string; sku: string }) =>
  a.storeId < b.storeId ? -1 : a.storeId > b.storeId ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;

/**
 * The ONLY way stock moves: appends the movements to the ledger and adds them to
 * `stock_levels`, in the caller's transaction, so on hand is always the ledger's sum
 * (migration 0003 backfilled the levels from the ledger once; the ledger stays the truth).
 *
 * The ledger rows go in first (they lock nothing anyone else waits for); then the levels
 * are upserted in one statement, in (store, SKU) order: on PostgreSQL every writer locks
 * level rows in the same order, so two writes touching the same SKUs queue rather than
 * deadlock. Callers take their number series' counter AFTER this, so the
 * counter stays the last lock of every write. Returns each touched level after the write.
 */
/** Adds each delta to its level (or creates the level), answering the level after it. */
const LEVEL_UPSERT =
  'on conflict ("store_id", "sku") do update set "on_hand_milli" = "stock_levels"."on_hand_milli" + "excluded"."on_hand_milli" returning "store_id", "sku", "on_hand_milli"';

/** Rows per insert: on SQLite 8 values a ledger row, so 8,000 bound values, far under its limit; on PostgreSQL one json parameter of at most this many rows. */
const ROWS_PER_STATEMENT = 1000;

export async function recordMovements(trx: Tx, movements: readonly LedgerMovement[], at: Date): Promise<StockLevel[]> {
  for (const insert of ledgerInserts(dialectOf(trx), movements, at)) await trx.executeQuery(insert);
  return moveLevels(trx, movements);
}

/**
 * The ledger rows of the movements as multi-row INSERTs, to run in the same transaction as
 * moveLevels (recordMovements, or the end of a group, which sends them with its other inserts).
 */
export function ledgerInserts(kind: DatabaseKind, movements: readonly LedgerMovement[], at: Date): CompiledQuery[] {
  const createdAt = at.toISOString();
  const rows = movements.map((m) => ({
    id: rowId(),
    business_id: m.businessId,
    store_id: m.storeId,
    sku: m.sku,
    qty_milli: m.qtyMilli,
    kind: m.kind,
    document_id: m.documentId,
    created_at: createdAt,
    // Never after it was recorded (a till's clock ahead does not move it into the future).
    occurred_at: m.occurredAt !== undefined && m.occurredAt < createdAt ? m.occurredAt : createdAt,
  }));
  // A group of many long sales must stay under SQLite's limit on bound values per statement
  // (32,766), and a PostgreSQL statement's json bounded: ROWS_PER_STATEMENT rows at a time.
  const inserts: CompiledQuery[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT)
    inserts.push(insertRows(kind, 'stock_movements', rows.slice(start, start + ROWS_PER_STATEMENT)));
  return inserts;
}

/**
 * Adds the movements to stock_levels, each (store, SKU) once, in (store, SKU) order (the
 * lock order), and answers each touched level after them.
 */
export async function moveLevels(trx: Tx, movements: readonly LedgerMovement[]): Promise<StockLevel[]> {
  return runLevelUpserts(trx, levelUpserts(dialectOf(trx), movements));
}

/** Runs levelUpserts' statements one after the other: the levels after them, in (store, SKU) order. */
export async function runLevelUpserts(trx: Tx, upserts: readonly CompiledQuery[]): Promise<StockLevel[]> {
  const rows: LevelRow[] = [];
  for (const upsert of upserts) rows.push(...(await trx.executeQuery<LevelRow>(upsert)).rows);
  return levelsOf(rows);
}

/** A level as the upserts answer it (PostgreSQL's bigint may come as a string). */
export type LevelRow = { store_id: string; sku: string; on_hand_milli: number | string | bigint };

/**
 * The upserts of moveLevels: one delta per (store, SKU), sorted, in chunks of one sorted
 * list, so the level rows are locked in (store, SKU) order. None for no movements.
 */
export function levelUpserts(kind: DatabaseKind, movements: readonly LedgerMovement[]): CompiledQuery[] {
  const deltas = new Map<string, { businessId: string; storeId: string; sku: string; qtyMilli: number }>();
  for (const m of movements) {
    // PostgreSQL refuses to touch one row twice in one upsert: one delta per store and SKU.
    const id = `${m.storeId}\u0000${m.sku}`;
    const delta = deltas.get(id);
    if (delta) delta.qtyMilli += m.qtyMilli;
    else deltas.set(id, { businessId: m.businessId, storeId: m.storeId, sku: m.sku, qtyMilli: m.qtyMilli });
  }
  const sorted = [...deltas.values()]
    .sort(levelOrder)
    .map((d) => ({ business_id: d.businessId, store_id: d.storeId, sku: d.sku, on_hand_milli: d.qtyMilli }));
  const upserts: CompiledQuery[] = [];
  for (let start = 0; start < sorted.length; start += ROWS_PER_STATEMENT)
    upserts.push(insertRows(kind, 'stock_levels', sorted.slice(start, start + ROWS_PER_STATEMENT), LEVEL_UPSERT));
  return upserts;
}

/** The levels the upserts answered, in (store, SKU) order. */
export function levelsOf(rows: readonly LevelRow[]): StockLevel[] {
  return rows.map((l) => ({ storeId: l.store_id, sku: l.sku, onHandMilli: Number(l.on_hand_milli) })).sort(levelOrder);
}

/**
 * The stock ledger is append-only: a document adds its movements once, in its own write
 * transaction, through recordMovements. Nothing here refuses negative stock.
 */
export async function appendMovements(
  trx: Tx,
  place: { businessId: string; storeId: string },
  kind: MovementKind,
  documentId: string,
  movements: readonly Movement[],
  at: Date,
): Promise<StockLevel[]> {
  return recordMovements(
    trx,
    movements
      .filter((m) => m.qtyMilli !== 0)
      .map((m) => ({ businessId: place.businessId, storeId: place.storeId, sku: m.sku, qtyMilli: m.qtyMilli, kind, documentId })),
    at,
  );
}

/**
 * The catalog's name of the SKU of a stock level (aliased `l`): the product spelled so, else the one
 * product spelled in another case (stock counted as "flour" before FLOUR was set up: SKUs are one
 * whatever their case), null for none, or for two (a database from before that rule).
 */
export const levelProductName = () =>
  sql<string | null>`coalesce(
    (select p.name from products p where p.business_id = l.business_id and p.sku = l.sku),
    (select case when count(*) = 1 then min(p.name) end from products p where p.business_id = l.business_id and lower(p.sku) = lower(l.sku))
  )`.as('name');

/** On hand per store and SKU, from stock_levels (the ledger's running sum); negatives flagged, never hidden. */
export async function stockReport(
  store: BackOfficeDb,
  query: { businessCode?: string | undefined; storeCode?: string | undefined; sku?: string | undefined },
): Promise<StockReport> {
  const businessCode = query.businessCode ?? DEFAULT_BUSINESS_CODE;
  const business = await businessByCode(store.db, businessCode);
  if (!business) throw notFound(`Business ${businessCode}`);
  const shop = query.storeCode ? await storeByCode(store.db, business.id, query.storeCode) : undefined;
  if (query.storeCode && !shop) return { businessCode: business.code, items: [] };
  let select = store.db
    .selectFrom('stock_levels as l')
    .innerJoin('stores as s', 's.id', 'l.store_id')
    .select(['s.code as store_code', 'l.sku', levelProductName(), 'l.on_hand_milli as qty'])
    .where('l.business_id', '=', business.id)
    .orderBy('s.code')
    .orderBy('l.sku');
  if (shop) select = select.where('l.store_id', '=', shop.id);
  // A SKU typed in another case is the same product's (catalog.ts refuses SKUs that differ only in case).
  if (query.sku) select = select.where(sql<string>`lower(l.sku)`, '=', sql<string>`lower(${query.sku})`);
  const rows = await select.execute();
  return {
    businessCode: business.code,
    items: rows.map((r) => ({
      storeCode: r.store_code,
      sku: r.sku,
      name: r.name ?? null,
      onHand: milliToQty(Number(r.qty)),
      negative: Number(r.qty) < 0,
    })),
  };
}
