import type { CountVariance } from '../../protocol';
import { milliToQty } from '../../protocol/sale-total';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables';

/** A transaction or the database itself: what only reads needs no write lock (SQLite takes one per transaction). */
export type Reader = Kysely<Database>;

/** A counted line as the variance reads it, stored or about to be. */
export interface CountedLine {
  sku: string;
  qtyMilli: number;
  mode: 'add' | 'set';
  countedAt: string;
}

interface CountedSku {
  milli: number;
  countedAt: string;
}

/**
 * What was counted per SKU: the lines in the order they were counted; a file's row (set)
 * replaces what was counted before it, a till's scan (add) adds to it (the same product on
 * two shelves). A SKU's count stands for the moment of its last line.
 */
export function countedPerSku(lines: readonly CountedLine[]): Map<string, CountedSku> {
  const ordered = lines
    .map((line, order) => ({ line, order }))
    .sort((a, b) => (a.line.countedAt < b.line.countedAt ? -1 : a.line.countedAt > b.line.countedAt ? 1 : a.order - b.order));
  const counted = new Map<string, CountedSku>();
  for (const { line } of ordered) {
    const before = counted.get(line.sku);
    const milli = line.mode === 'set' || !before ? line.qtyMilli : before.milli + line.qtyMilli;
    counted.set(line.sku, { milli, countedAt: line.countedAt });
  }
  return counted;
}

/**
 * The variance of each counted SKU against the ledger AT THE MOMENT IT WAS COUNTED: on hand
 * when the count started, plus what moved between the start and that moment. A sale rung up
 * after a shelf was counted is not taken for a loss, and one rung up before it is not taken
 * for a find. On hand at the start is read back from today's level minus every movement since
 * the start (the ledger is append-only, so this is exact).
 */
export async function countVariances(
  trx: Reader,
  count: { storeId: string; startedAt: string },
  lines: readonly CountedLine[],
): Promise<CountVariance[]> {
  const counted = countedPerSku(lines);
  if (counted.size === 0) return [];
  const levels = await trx.selectFrom('stock_levels').select(['sku', 'on_hand_milli']).where('store_id', '=', count.storeId).execute();
  const onHandNow = new Map(levels.map((l) => [l.sku, Number(l.on_hand_milli)]));
  const movements = await trx
    .selectFrom('stock_movements')
    .select(['sku', 'qty_milli', 'created_at', 'occurred_at'])
    .where('store_id', '=', count.storeId)
    .where('created_at', '>', count.startedAt)
    .execute();
  const since = new Map<string, { at: string; milli: number }[]>();
  for (const m of movements) {
    if (!counted.has(m.sku)) continue;
    const list = since.get(m.sku) ?? [];
    // By when it happened: a sale rung up offline before the shelf was counted, and sent after, moved it before.
    list.push({ at: m.occurred_at ?? m.created_at, milli: Number(m.qty_milli) });
    since.set(m.sku, list);
  }
  return [...counted]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sku, { milli, countedAt }]) => {
      const moves = since.get(sku) ?? [];
      const allSince = moves.reduce((sum, m) => sum + m.milli, 0);
      const atStart = (onHandNow.get(sku) ?? 0) - allSince;
      const movedBefore = moves.filter((m) => m.at <= countedAt).reduce((sum, m) => sum + m.milli, 0);
      const expected = atStart + movedBefore;
      return {
        sku,
        counted: milliToQty(milli),
        onHandAtStart: milliToQty(atStart),
        movedSince: milliToQty(movedBefore),
        expected: milliToQty(expected),
        variance: milliToQty(milli - expected),
        countedAt,
      };
    });
}
