import { pesoText } from '../journal/document-text';
import { drawerCashMinor } from '../shifts/shift-report';
import { Shifts } from '../shifts/shifts';
import type { TerminalDb } from '../store/terminal-db';
import { TerminalError } from '../terminal-error';

/**
 * A refund paid in cash comes out of the drawer, so it cannot be more than the drawer holds
 * now: the open shift's float and cash taken, less its cash refunds, with the cash a manager
 * paid in or out (drawerCashMinor; with no shift open, the
 * cash of the sales and refunds waiting for the next one). Refused in the refund's
 * transaction before its return number is taken: nothing is written.
 */
export function refuseRefundBeyondDrawer(db: TerminalDb, cashOutMinor: number): void {
  if (cashOutMinor <= 0) return;
  const shift = new Shifts(db).current();
  const holds = drawerCashMinor(db, shift?.id ?? null, shift?.floatMinor ?? 0);
  if (cashOutMinor <= holds) return;
  const peso = (minor: number) => pesoText(minor, '₱');
  throw new TerminalError(
    'refund_beyond_drawer',
    `The drawer holds ${peso(Math.max(0, holds))} in cash now: not enough for the ${peso(cashOutMinor)} this refund pays out in cash. ` +
      'Refund it another way (the way it was paid: to the card or other tender), or have a manager pay cash into the drawer first ' +
      (shift
        ? '(Shift screen: Cash in or out of the drawer).'
        : '(no shift is open: open one on the Shift screen, then Cash in or out of the drawer).'),
    [{ path: '/moneyBack', message: `at most ${peso(Math.max(0, holds))} in cash` }],
  );
}
