import { useEffect, useState } from 'react';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';

/**
 * Sales rung up with no shift open are not lost from the reports: the next shift a manager
 * opens takes them (docs/manager.md). The cashier still sees, before and after each sale,
 * that the drawer is not being counted yet. Read again on every status push and receipt.
 */
export function NoShiftNotice({ api, status, receiptId }: { api: TerminalApi; status: TerminalStatus; receiptId: string | undefined }) {
  const [open, setOpen] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    api.currentShift().then(
      (shift) => live && setOpen(shift !== null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, status, receiptId]);
  if (open !== false) return null;
  return (
    <p className="no-shift" role="status" data-testid="no-shift-notice">
      <strong>No shift open.</strong> Sales rung up now go into the next shift a manager opens (its X and Z reports).
    </p>
  );
}
