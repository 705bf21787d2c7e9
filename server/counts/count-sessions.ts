import { samePerson } from '../../protocol/manager-name';
import { rowId } from '../db/row-ids';
import type { CountDecision, CountLines, CountLinesAnswer, StockCount, StockCountDetail, StockCountStart } from '../../protocol';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import type { BackOfficeDb, DatabaseKind, Tx } from '../db/database';
import type { StockCountsTable } from '../db/tables';
import type { EffectContext } from '../idempotency/idempotent-writes';
import { findStore } from '../inventory/places';
import { appendMovements } from '../inventory/stock-ledger';
import { insertStockDocument } from '../inventory/stock-documents';
import { notFound, Problem } from '../problem';
import { resolveCodes } from './count-codes';
import { countVariances, type CountedLine, type Reader } from './count-variance';
import { businessByCode, storeByCode } from '../place-codes';
import { countReason } from './count-reason';
import { businessTime } from '../business-time';
import { refuseFractionsOfPieces } from '../inventory/whole-pieces';

export type CountRow = StockCountsTable & { store_code: string };
/** A count as locked, with its business's time zone too (the moments its refusals name). */
export type LockedCount = CountRow & { timezone: string };

const ROWS_PER_INSERT = 1000;

/** A count's lines as the variance reads them. */
export async function storedLines(trx: Reader, countId: string): Promise<CountedLine[]> {
  const rows = await trx
    .selectFrom('stock_count_lines')
    .select(['sku', 'qty_milli', 'mode', 'counted_at'])
    .where('count_id', '=', countId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ sku: r.sku, qtyMilli: Number(r.qty_milli), mode: r.mode === 'set' ? 'set' : 'add', countedAt: r.counted_at }));
}

async function correctionNumberOf(trx: Reader, id: string | null): Promise<string | null> {
  if (id === null) return null;
  const row = await trx.selectFrom('stock_documents').select('number').where('id', '=', id).executeTakeFirst();
  return row?.number ?? null;
}

export async function countOf(trx: Reader, row: CountRow): Promise<StockCount> {
  const lines = await trx
    .selectFrom('stock_count_lines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('count_id', '=', row.id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    storeCode: row.store_code,
    status: row.status as StockCount['status'],
    startedAt: row.started_at,
    startedBy: row.started_by,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    correctionNumber: await correctionNumberOf(trx, row.correction_id),
    lineCount: Number(lines.n),
  };
}

/**
 * Reads a count, locked against a concurrent change (PostgreSQL: FOR UPDATE; SQLite: the
 * write transaction already holds the database): lines added and an approval queue on it,
 * so an approval sees every line committed before it and no line lands after it.
 */
export async function lockCount(trx: Reader, kind: DatabaseKind, id: string, forUpdate: boolean): Promise<LockedCount> {
  const row = await trx
    .selectFrom('stock_counts as c')
    .innerJoin('stores as s', 's.id', 'c.store_id')
    .innerJoin('businesses as b', 'b.id', 'c.business_id')
    .selectAll('c')
    .select(['s.code as store_code', 'b.timezone'])
    .where('c.id', '=', id)
    .$if(forUpdate && kind === 'postgres', (q) => q.forUpdate('c'))
    .executeTakeFirst();
  if (!row) throw notFound(`Stock count ${id}`);
  return row;
}

export function refuseUnlessOpen(row: LockedCount): void {
  if (row.status === 'approved')
    throw new Problem(
      409,
      'count_already_approved',
      'Count already approved',
      `This count was approved by ${row.closed_by} at ${row.closed_at ? businessTime(row.closed_at, row.timezone) : 'an unknown time'}; its correction was posted then. Nothing changed.`,
    );
  if (row.status === 'discarded')
    throw new Problem(
      409,
      'count_discarded',
      'Count discarded',
      `This count was discarded by ${row.closed_by} at ${row.closed_at ? businessTime(row.closed_at, row.timezone) : 'an unknown time'}. Start a new count.`,
    );
}

/** A manager starts counting a store: the moment is the server's, the start of the variance. */
export async function startCount(trx: Tx, start: StockCountStart, context: EffectContext) {
  const place = await findStore(trx, start.businessCode, start.storeCode);
  const open = await trx
    .selectFrom('stock_counts')
    .select(['id', 'started_by', 'started_at'])
    .where('open_store_id', '=', place.storeId)
    .executeTakeFirst();
  if (open)
    throw new Problem(
      409,
      'count_already_open',
      'A count is open',
      `Store ${place.storeCode} is being counted already (started by ${open.started_by} at ${businessTime(open.started_at, place.timezone)}, count ${open.id}); approve or discard it first.`,
    );
  const id = rowId();
  const row: CountRow = {
    id,
    business_id: place.businessId,
    store_id: place.storeId,
    open_store_id: place.storeId,
    status: 'open',
    started_at: context.now.toISOString(),
    started_by: start.startedBy.trim(),
    closed_at: null,
    closed_by: null,
    correction_id: null,
    store_code: place.storeCode,
  };
  const { store_code: _storeCode, ...values } = row;
  await trx.insertInto('stock_counts').values(values).execute();
  return { status: 201, body: await countOf(trx, row) };
}

/** A moment a line was counted, kept inside the count: not before its start, not after now (a till's clock may be off). */
function clampedMoment(at: string | null, startedAt: string, now: Date): string {
  const nowText = now.toISOString();
  if (at === null) return nowText;
  const iso = new Date(at).toISOString();
  return iso < startedAt ? startedAt : iso > nowText ? nowText : iso;
}

export async function insertCountLines(
  trx: Tx,
  lines: readonly {
    countId: string;
    sku: string;
    qtyMilli: number;
    mode: 'add' | 'set';
    countedAt: string;
    countedBy: string;
    terminalId: string | null;
    key: string | null;
    lineNo: number;
    importId: string | null;
  }[],
): Promise<void> {
  const rows = lines.map((l) => ({
    id: rowId(),
    count_id: l.countId,
    sku: l.sku,
    qty_milli: l.qtyMilli,
    mode: l.mode,
    counted_at: l.countedAt,
    counted_by: l.countedBy,
    terminal_id: l.terminalId,
    idempotency_key: l.key,
    line_no: l.lineNo,
    import_id: l.importId,
  }));
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT)
    await trx
      .insertInto('stock_count_lines')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .execute();
}

/**
 * Lines scanned at a till (or typed in the back office): each adds to what was counted of
 * its product, at the moment it was scanned. Codes that name no product are not counted
 * and are listed in the answer. A till may only count its own store.
 */
export async function addCountLines(
  trx: Tx,
  kind: DatabaseKind,
  countId: string,
  body: CountLines,
  caller: { terminalId: string; storeId: string } | null,
  key: string,
  qtyMilli: readonly number[],
  context: EffectContext,
) {
  const count = await lockCount(trx, kind, countId, true);
  if (caller !== null && caller.storeId !== count.store_id) throw notFound(`Stock count ${countId}`);
  refuseUnlessOpen(count);
  const skus = await resolveCodes(
    trx,
    { businessId: count.business_id, storeId: count.store_id },
    body.lines.map((l) => l.code),
  );
  const unknownCodes = [...new Set(body.lines.filter((l) => !skus.has(l.code)).map((l) => l.code))];
  await refuseFractionsOfPieces(
    trx,
    count.business_id,
    body.lines.flatMap((line, index) => {
      const sku = skus.get(line.code);
      return sku === undefined ? [] : [{ sku, qtyMilli: qtyMilli[index] ?? 0, path: `/lines/${index}/qty` }];
    }),
    'Invalid count lines',
  );
  await insertCountLines(
    trx,
    body.lines.flatMap((line, index) => {
      const sku = skus.get(line.code);
      return sku === undefined
        ? []
        : [
            {
              countId,
              sku,
              qtyMilli: qtyMilli[index] ?? 0,
              mode: 'add' as const,
              countedAt: clampedMoment(line.countedAt, count.started_at, context.now),
              countedBy: body.countedBy.trim(),
              terminalId: caller?.terminalId ?? null,
              key: caller === null ? null : key,
              lineNo: index + 1,
              importId: null,
            },
          ];
    }),
  );
  const answer: CountLinesAnswer = { countId, accepted: body.lines.length - body.lines.filter((l) => !skus.has(l.code)).length, unknownCodes };
  return { status: 201, body: answer };
}

export { clampedMoment };

/**
 * Approval posts ONE correction (numbered ADJ-…) with each counted SKU's variance, and
 * closes the count, in one transaction: exactly once. Counted SKUs without a difference,
 * and SKUs nobody counted, do not move. A second approval is 409 count_already_approved.
 */
export async function approveCount(trx: Tx, kind: DatabaseKind, countId: string, decision: CountDecision, context: EffectContext) {
  const count = await lockCount(trx, kind, countId, true);
  refuseUnlessOpen(count);
  const variances = await countVariances(trx, { storeId: count.store_id, startedAt: count.started_at }, await storedLines(trx, countId));
  const deltas = variances.map((v) => ({ sku: v.sku, qtyMilli: Math.round(v.variance * 1000) })).filter((d) => d.qtyMilli !== 0);
  // The two-person rule of every correction (found by a walk: "drafted Rosa, approved Rosa" on a count's): the
  // manager who started the count cannot approve the stock it moves. A count that moves nothing needs no second.
  if (deltas.length > 0 && samePerson(count.started_by, decision.by))
    throw new Problem(
      403,
      'second_manager_required',
      'A second manager must approve',
      `${count.started_by} started this count; another manager has to approve the correction it posts (${deltas.length} product${deltas.length === 1 ? ' differs' : 's differ'}), the two-person rule. Nothing changed.`,
    );
  let correctionId: string | null = null;
  if (deltas.length > 0) {
    correctionId = rowId();
    const place = { businessId: count.business_id, storeId: count.store_id, businessCode: '', timezone: '', storeCode: count.store_code };
    const business = await trx.selectFrom('businesses').select(['code', 'timezone']).where('id', '=', count.business_id).executeTakeFirstOrThrow();
    place.businessCode = business.code;
    place.timezone = business.timezone;
    // Stock levels first, the ADJ counter last: the lock order of every write.
    await appendMovements(trx, place, 'correction', correctionId, deltas, context.now);
    await insertStockDocument(
      trx,
      {
        id: correctionId,
        kind: 'correction',
        place,
        status: 'posted',
        numbered: true,
        reason: countReason(count.started_at, count.started_by, place.timezone),
        draftedBy: count.started_by,
        approvedBy: decision.by.trim(),
        lines: deltas,
      },
      context.now,
    );
  }
  const closed: CountRow = {
    ...count,
    status: 'approved',
    open_store_id: null,
    closed_at: context.now.toISOString(),
    closed_by: decision.by.trim(),
    correction_id: correctionId,
  };
  await trx
    .updateTable('stock_counts')
    .set({ status: closed.status, open_store_id: null, closed_at: closed.closed_at, closed_by: closed.closed_by, correction_id: correctionId })
    .where('id', '=', countId)
    .execute();
  return { status: 200, body: await countOf(trx, closed) };
}

/** A count abandoned: nothing moves, the store may start another. */
export async function discardCount(trx: Tx, kind: DatabaseKind, countId: string, decision: CountDecision, context: EffectContext) {
  const count = await lockCount(trx, kind, countId, true);
  refuseUnlessOpen(count);
  const closed: CountRow = {
    ...count,
    status: 'discarded',
    open_store_id: null,
    closed_at: context.now.toISOString(),
    closed_by: decision.by.trim(),
  };
  await trx
    .updateTable('stock_counts')
    .set({ status: 'discarded', open_store_id: null, closed_at: closed.closed_at, closed_by: closed.closed_by })
    .where('id', '=', countId)
    .execute();
  return { status: 200, body: await countOf(trx, closed) };
}

export async function countDetail(store: BackOfficeDb, countId: string, storeId?: string): Promise<StockCountDetail> {
  {
    const trx = store.db;
    const count = await lockCount(trx, store.kind, countId, false);
    if (storeId !== undefined && storeId !== count.store_id) throw notFound(`Stock count ${countId}`);
    const skus = await countVariances(trx, { storeId: count.store_id, startedAt: count.started_at }, await storedLines(trx, countId));
    return { count: await countOf(trx, count), skus };
  }
}

export async function listCounts(
  store: BackOfficeDb,
  query: { businessCode?: string | undefined; storeCode?: string | undefined; status?: string | undefined },
): Promise<{ items: StockCount[] }> {
  const businessCode = query.businessCode ?? DEFAULT_BUSINESS_CODE;
  {
    const trx = store.db;
    // An unknown business or store lists nothing (as it always has); two codes differing only in case: the exact one, or 409.
    const business = await businessByCode(trx, businessCode);
    if (!business) return { items: [] };
    const shop = query.storeCode !== undefined ? await storeByCode(trx, business.id, query.storeCode) : undefined;
    if (query.storeCode !== undefined && !shop) return { items: [] };
    const rows = await trx
      .selectFrom('stock_counts as c')
      .innerJoin('stores as s', 's.id', 'c.store_id')
      .selectAll('c')
      .select('s.code as store_code')
      .where('c.business_id', '=', business.id)
      .$if(shop !== undefined, (q) => q.where('c.store_id', '=', shop!.id))
      .$if(query.status !== undefined, (q) => q.where('c.status', '=', query.status!))
      .orderBy('c.started_at', 'desc')
      .limit(200)
      .execute();
    const items: StockCount[] = [];
    for (const row of rows) items.push(await countOf(trx, row));
    return { items };
  }
}
