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
    const approvedBy = args.approvalId === undefined ? null : this.approver(args, args.approvalId);
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
        `INSERT INTO till_voids (id, kind, cart_key, sku, name, qty_milli, amount_minor, cashier, approved_by, approval_id, occurred_at, shift_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1))`,
      )
      .run(
        row.id,
        row.kind,
        row.cartKey,
        args.sku ?? null,
        args.name ?? null,
        qtyMilli,
        row.amountMinor,
        cashier,
        approvedBy,
        args.approvalId ?? null,
        row.occurredAt,
      );
    return row;
  }

  /**
   * The manager who approved this void: an approval of the same kind of void (a line, the
   * whole cart), for this cart, for at least this amount, and not spent on another void.
   */
  private approver(args: RecordVoidArgs, approvalId: string): string {
    const action = args.kind === 'cart' ? 'void_cart' : 'void_line';
    const approval = this.db
      .prepare('SELECT manager_code AS managerCode, amount_minor AS amountMinor FROM approvals WHERE id = ? AND cart_key = ? AND action = ?')

      .get(approvalId, args.cartKey, action) as { managerCode: string; amountMinor: number } | undefined;
    const refused = (message: string) => new TerminalError('approval_required', message, [{ path: '/approvalId', message }]);
    if (approval === undefined) {
      const what = args.kind === 'cart' ? 'the whole cart' : 'a line';
      throw refused(`That approval is not a manager's approval to void ${what} of this cart.`);
    }
    if (approval.amountMinor < args.amountMinor)
      throw refused(`The manager approved a void of ${approval.amountMinor} centavos, not ${args.amountMinor}.`);
    const spent = this.db.prepare('SELECT 1 FROM till_voids WHERE approval_id = ?').pluck().get(approvalId);
    if (spent !== undefined) throw refused('That approval was already used for another void: a manager must approve this one.');
    return approval.managerCode;
  }
}
