import type { Insertable } from 'kysely';
import type { TerminalCaller } from '../auth/callers';
import type { Database } from '../db/tables';
import type { LedgerMovement } from '../inventory/stock-ledger';
import type { IssuedNumber, SeriesRule } from '../numbering/number-series';
import type { RefundToCheck } from '../refunds/record-refund';
import type { SaleToCheck } from '../sales/record-sale';
import type { EffectResult, WriteRequest } from './idempotent-writes';

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
 * How a write is checked, as data (it may be checked on the writer thread: group-writer.ts):
 * sales together with the other sales of the group, in set-based reads (checkSales), a
 * refusal returned as a Problem; refunds alone, each in its own savepoint (checkRefund:
 * they lock the sale they refund).
 */
export type WriteCheck = { kind: 'sale'; input: Omit<SaleToCheck, 'context'> } | { kind: 'refund'; input: RefundToCheck };

/**
 * A terminal write handed to the pipeline (a sale, a refund): plain data, so that a group
 * can be sent to the thread that writes it. `touches` names what its checks read that
 * another write of the same group could create or change (a receipt number of a terminal,
 * a sale being refunded): a write touching something a write before it in the group
 * touches waits for the next group, so that its checks see the first one's rows. Its check
 * takes no row lock except those documented in docs/write-pipeline.md, and writes nothing.
 */
export interface PipelineWrite {
  request: WriteRequest;
  /** The terminal that sent it: its token is checked again in the group's transaction (revoked or replaced since?). */
  caller: TerminalCaller;
  touches: string[];
  check: WriteCheck;
}
