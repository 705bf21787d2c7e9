import { uuidv7 } from 'uuidv7';
import { pesoText } from '../journal/document-text';
import { drawerCashMinor } from '../shifts/shift-report';
import { Shifts } from '../shifts/shifts';
import type { TerminalDb } from '../store/terminal-db';
import { TerminalError } from '../terminal-error';
import type { CashMovement, MoveCashArgs, MovedCash } from './cash-movement-schemas';

/** A movement's reason is printed on the readings: "ab" explains nothing (as a refund's, 3 or more). */
const REASON_MIN_CHARACTERS = 3;

interface MovementRow {
  id: string;
  move_key: string;
  kind: CashMovement['kind'];
  amount_minor: number;
  reason: string;
  approved_by: string;
  shift_id: string;
  occurred_at: string;
}

const toMovement = (r: MovementRow): CashMovement => ({
  id: r.id,
  moveKey: r.move_key,
  kind: r.kind,
  amountMinor: r.amount_minor,
  reason: r.reason,
  approvedBy: r.approved_by,
  shiftId: r.shift_id,
  occurredAt: r.occurred_at,
});

const noShift = () =>
  new TerminalError('shift_not_open', 'No shift is open on this terminal: open one (with its float) before paying cash in or out.');

/** Refused before the manager's PIN is tried: nothing is written and no wrong PIN is counted. */
export function refuseShortMoveReason(reason: string): void {
  if ([...reason.trim()].length < REASON_MIN_CHARACTERS)
    throw new TerminalError(
      'cash_move_reason_too_short',
      'Type why the cash goes in or out, in 3 characters or more (change from the safe, pickup to the safe, a delivery paid): the readings print it.',
      [{ path: '/reason', message: 'at least 3 characters' }],
    );
}

/**
 * Cash paid into or out of the drawer during the open shift (`cash_movements`, append-only),
 * each with the approving manager and why, under the screen's key (sent again, recorded
 * once). The drawer's expected cash counts them (drawerCashMinor), so the X and Z readings
 * and the refund drawer check see them.
 */
export class CashMovements {
  constructor(private readonly db: TerminalDb) {}

  /** Records one movement in the open shift; a pay-out is never more than the drawer holds. The same key again gives back its movement. */
  record(args: MoveCashArgs, approvedBy: string, now: Date = new Date()): MovedCash {
    return this.db.transaction((): MovedCash => {
      const existing = this.recorded(args.moveKey);
      if (
        existing !== undefined &&
        (existing.kind !== args.kind || existing.amount_minor !== args.amountMinor || existing.reason !== args.reason.trim())
      )
        throw new TerminalError(
          'cash_move_key_reused',
          `This form's movement was recorded already as ${existing.kind === 'pay_in' ? 'paid in' : 'paid out'} ${pesoText(existing.amount_minor, '₱')} (${existing.reason}): another one needs a new form.`,
        );
      if (existing !== undefined) {
        const float = this.db.prepare('SELECT float_minor FROM shifts WHERE id = ?').pluck().get(existing.shift_id) as number;
        return { ...toMovement(existing), drawerCashMinor: drawerCashMinor(this.db, existing.shift_id, float) };
      }
      const shift = new Shifts(this.db).current();
      if (!shift) throw noShift();
      const holds = drawerCashMinor(this.db, shift.id, shift.floatMinor);
      if (args.kind === 'pay_out' && args.amountMinor > holds)
        throw new TerminalError(
          'pay_out_beyond_drawer',
          `The drawer holds ${pesoText(Math.max(0, holds), '₱')} in cash now: ${pesoText(args.amountMinor, '₱')} cannot be paid out of it.`,
          [{ path: '/amountMinor', message: `at most ${pesoText(Math.max(0, holds), '₱')}` }],
        );
      const row: MovementRow = {
        id: uuidv7(),
        move_key: args.moveKey,
        kind: args.kind,
        amount_minor: args.amountMinor,
        reason: args.reason.trim(),
        approved_by: approvedBy,
        shift_id: shift.id,
        occurred_at: now.toISOString(),
      };
      this.db
        .prepare(
          `INSERT INTO cash_movements (id, move_key, kind, amount_minor, reason, approved_by, shift_id, occurred_at)
           VALUES (@id, @move_key, @kind, @amount_minor, @reason, @approved_by, @shift_id, @occurred_at)`,
        )
        .run(row);
      return { ...toMovement(row), drawerCashMinor: drawerCashMinor(this.db, shift.id, shift.floatMinor) };
    })();
  }

  /** A shift's movements, in the order they were made. */
  ofShift(shiftId: string): CashMovement[] {
    return (this.db.prepare('SELECT * FROM cash_movements WHERE shift_id = ? ORDER BY seq').all(shiftId) as MovementRow[]).map(toMovement);
  }

  private recorded(moveKey: string): MovementRow | undefined {
    return this.db.prepare('SELECT * FROM cash_movements WHERE move_key = ?').get(moveKey) as MovementRow | undefined;
  }
}
