import type { CashierDesk } from '../cashiers/cashier-desk';
import type { TerminalDb } from '../store/terminal-db';
import type { TerminalApi } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import { TillVoids } from './till-voids';
import type { RecordVoidArgs } from './void-schemas';

/** The TerminalApi methods of the readings kept at the counter: voids before payment. */
export type ReadingMethods = Pick<TerminalApi, 'recordVoid'>;

export function readingMethods(db: TerminalDb, desk: CashierDesk, open: () => void): ReadingMethods {
  const voids = new TillVoids(db);
  return {
    /** The screen calls it as it takes a line or a cart off; the Z reading counts it. */
    async recordVoid(args: RecordVoidArgs) {
      open();
      const cashier = desk.currentCashier();
      if (cashier === null && desk.roster.count() > 0) throw new TerminalError('not_signed_in', 'Sign in with your PIN first.');
      return voids.record(args, cashier?.code ?? null);
    },
  };
}
