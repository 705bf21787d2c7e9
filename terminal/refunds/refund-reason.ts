import { TerminalError } from '../terminal-error';

/** A refund's reason is printed on the return slip: "ab" explains nothing (as a queue void's reason, 3 or more). */
export const REFUND_REASON_MIN_CHARACTERS = 3;

export const REFUND_REASON_TOO_SHORT = 'Type the reason the items come back, in 3 characters or more: it is printed on the return slip.';

/** Whether a reason, spaces around it set aside, has its 3 characters (letters, not UTF-16 halves). */
export function refundReasonLongEnough(reason: string): boolean {
  return [...reason.trim()].length >= REFUND_REASON_MIN_CHARACTERS;
}

/**
 * The till refuses a shorter one itself, whatever the screen sent, before the manager's PIN
 * is tried: nothing is written. The back office still takes any reason, so a refund an older
 * till queued with a short one is never refused forever.
 */
export function refuseShortRefundReason(reason: string): void {
  if (!refundReasonLongEnough(reason))
    throw new TerminalError('refund_reason_too_short', REFUND_REASON_TOO_SHORT, [{ path: '/reason', message: 'at least 3 characters' }]);
}
