import type { Insertable } from 'kysely';
import type { TerminalCaller } from '../auth/callers';
import type { Tx } from '../db/database';
import type { Database } from '../db/tables';
import type { LedgerMovement } from '../inventory/stock-ledger';
import type { IssuedNumber, SeriesRule } from '../numbering/number-series';
import type { Problem } from '../problem';
import type { EffectContext, EffectResult, WriteRequest } from './idempotent-writes';

/** The tables a group's final inserts write, in the order they are written (parents first). */
export const GROUP_TABLES = ['sales', 'sale_lines', 'sale_payments', 'refunds', 'refund_lines'] as const;
export type GroupTable = (typeof GROUP_TABLES)[number];
export type GroupRows = { [T in GroupTable]?: Insertable<Database[T]>[] };

/**
 * A write that passed its checks and waits for the group's end: its stock movements, the
 * series it needs a number from, and how to build its rows and its answer once the number
 * and the stock levels after it are known. Nothing of it is in the database yet.
 */
export interface StagedWrite {
  /** What this write creates that a later write of the group could read (a new sale's refunds). */
  creates: string[];
  movements: LedgerMovement[];
  numbering: SeriesRule;
  /**
   * The rows to insert and the answer. `onHandAfter(storeId, sku)` is the level right after
   * this write, as if the group's writes had run one by one in arrival order.
   */
  complete(number: IssuedNumber, onHandAfter: (storeId: string, sku: string) => number | undefined): { rows: GroupRows; result: EffectResult };
}

/** What a write's checks decide: an answer now (a replay found by the record's own key), or a staged write. */
export type Checked = { kind: 'answer'; result: EffectResult } | { kind: 'staged'; staged: StagedWrite };

/**
 * A terminal write handed to the pipeline (a sale, a refund). `touches` names what its
 * checks read that another write of the same group could create or change (a receipt
 * number of a terminal, a sale being refunded): a write touching something a write
 * before it in the group touches waits for the next group, so that its checks see the
 * first one's rows. `check` runs in the write's own savepoint, takes no row lock except
 * those documented in docs/write-pipeline.md, and writes nothing.
 */
export interface PipelineWrite {
  request: WriteRequest;
  /** The terminal that sent it: its token is checked again in the group's transaction (revoked or replaced since?). */
  caller: TerminalCaller;
  touches: string[];
  /**
   * Either checked with the other writes of its kind in the group, in set-based reads
   * (sales: checkSales), a refusal returned as a Problem; or alone, in its own savepoint
   * (refunds: they lock the sale they refund).
   */
  check: { together: TogetherCheck; input: unknown } | { alone(trx: Tx, context: EffectContext): Promise<Checked> };
}

/** The set-based checks of one kind of write, for all of them in a group at once. */
export interface TogetherCheck {
  checkAll(trx: Tx, writes: { input: unknown; context: EffectContext }[]): Promise<(Checked | Problem)[]>;
}
