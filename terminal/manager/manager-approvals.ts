import type { CashierDesk } from '../cashiers/cashier-desk';
import type { ManagerApproval } from './approval-schema';

/**
 * Who says yes to a manager action. The core asks on every refund, void and shift change
 * and records the answer (the manager's code) with the action, never the PIN.
 */
export interface ManagerApprover {
  /** The approving manager's code; throws `pin_wrong`, `pin_locked` or `not_allowed` otherwise. */
  approve(approval: ManagerApproval, action: string): string;
}

/** Managers are the terminal's roster people with the manager role (sync/cashiers). */
export function rosterApprover(desk: Pick<CashierDesk, 'confirmManager'>): ManagerApprover {
  return { approve: (approval, action) => desk.confirmManager(approval.managerPin, action).code };
}
