import { uuidv7 } from 'uuidv7';
import { qtyToMilli } from '../../protocol/sale-total';
import type { TerminalDb } from '../store/terminal-db';
import { TerminalError } from '../terminal-error';
import type { RecordVoidArgs, TillVoid } from './void-schemas';

/**
 * Lines and carts voided before payment. They never become sales, so nothing else on the
 * till remembers them; a Z reading must count them, so each is an append-only row
 * (triggers refuse UPDATE and DELETE), joined to the shift open when it happened.
 */
export class TillVoids {
  constructor(private readonly db: TerminalDb) {}

  record(args: RecordVoidArgs, cashier: string | null, now: Date = new Date()): TillVoid {
    const qtyMilli = args.qty === undefined ? null : (qtyToMilli(args.qty) ?? null);
    if (args.qty !== undefined && qtyMilli === null)
      throw new TerminalError('invalid_argument', 'A quantity has at most three decimals.', [{ path: '/qty', message: 'at most three decimals' }]);
    let approvedBy: string | null = null;
    if (args.approvalId !== undefined) {
      approvedBy = this.db
        .prepare("SELECT manager_code FROM approvals WHERE id = ? AND cart_key = ? AND action IN ('void_line', 'void_cart')")
        .pluck()
        .get(args.approvalId, args.cartKey) as string | null;
      if (approvedBy === undefined || approvedBy === null)
        throw new TerminalError('not_found', 'That approval is not a void approval for this cart.', [{ path: '/approvalId', message: 'unknown' }]);
    }
    const row: TillVoid = {
      id: uuidv7(),
      kind: args.kind,
      cartKey: args.cartKey,
      amountMinor: args.amountMinor,
      cashier,
      approvedBy,
      occurredAt: now.toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO till_voids (id, kind, cart_key, sku, name, qty_milli, amount_minor, cashier, approved_by, occurred_at, shift_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1))`,
      )
      .run(row.id, row.kind, row.cartKey, args.sku ?? null, args.name ?? null, qtyMilli, row.amountMinor, cashier, approvedBy, row.occurredAt);
    return row;
  }
}
