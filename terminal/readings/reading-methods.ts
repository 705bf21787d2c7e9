import type { CashierDesk } from '../cashiers/cashier-desk';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalSettings } from '../store/terminal-settings';
import type { TerminalApi } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import { TillVoids } from './till-voids';
import type { RecordVoidArgs } from './void-schemas';

/** The TerminalApi methods of the readings kept at the counter: voids before payment. */
export type ReadingMethods = Pick<TerminalApi, 'recordVoid'>;

export function readingMethods(db: TerminalDb, desk: CashierDesk, settings: TerminalSettings, open: () => void): ReadingMethods {
  const voids = new TillVoids(db);
  return {
    /**
     * The screen calls it as it takes a line or a cart off; the Z reading counts it. With
     * `voidNeedsApproval` on (the default), a till with a roster records no void without a
     * manager's approval of it (approve()): the core holds the rule, not only the screen.
     */
    async recordVoid(args: RecordVoidArgs) {
      open();
      const cashier = desk.currentCashier();
      const staffed = desk.roster.count() > 0;
      if (cashier === null && staffed) throw new TerminalError('not_signed_in', 'Sign in with your PIN first.');
      if (staffed && args.approvalId === undefined && settings.settings().voidNeedsApproval)
        throw new TerminalError('approval_required', 'A manager must approve this void: ask for their PIN.');
      return voids.record(args, cashier?.code ?? null);
    },
  };
}
