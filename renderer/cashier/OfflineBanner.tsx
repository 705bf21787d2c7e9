import type { OfflineCause, TerminalStatus } from '../../terminal/terminal-api';
import { useNow } from '../use-terminal-status';
import { ageOf } from '../waiting-age';

const CAUSES: Record<OfflineCause, string> = {
  no_network: 'this computer has no network',
  server_unreachable: 'the back office does not answer',
  not_paired: 'this terminal is not paired',
  token_revoked: 'the back office revoked this till. A manager must pair it again with a new code (Manager desk → Till)',
  token_refused:
    "the back office no longer accepts this till's token: its terminal was paired again, on another till or with a newer code. A manager must pair it again with a new code (Manager desk → Till)",
};

/** What the queue holds: sales, and refunds and stock work too, so not "sales". */
const waitingToBeSent = (pending: number) => `${pending} waiting to be sent`;

/**
 * Under the status bar whenever sales are waiting: why the back office is not getting
 * them, how many, and since when. Past `offlineWarningHours` it turns into a warning.
 */
export function OfflineBanner({ status, warningHours }: { status: TerminalStatus; warningHours: number }) {
  const now = useNow();
  const offline = !status.online && status.offlineCause !== null;
  const stall = status.syncStalled ?? null;
  if (stall !== null) {
    return (
      <div className="offline-banner offline-overdue" role="alert" data-testid="stalled-banner">
        <strong>Sales are not being sent: {stall.reason}</strong>{' '}
        <span>
          {waitingToBeSent(status.pending)}. Every sale already paid is kept on this terminal; sending resumes by itself once this is fixed.
        </span>
      </div>
    );
  }
  if (!offline && status.pending === 0) return null;
  const oldestMs = status.oldestPendingAt ? now - Date.parse(status.oldestPendingAt) : 0;
  const overdue = oldestMs > warningHours * 3_600_000;
  const cause = status.offlineCause ? CAUSES[status.offlineCause] : null;
  return (
    <div
      className={`offline-banner ${overdue ? 'offline-overdue' : offline ? 'offline-now' : 'offline-sending'}`}
      role="status"
      data-testid="offline-banner"
      data-overdue={overdue}
    >
      <strong>{offline ? `Offline: ${cause}.` : 'Sending sales to the back office.'}</strong>{' '}
      <span data-testid="offline-pending">{waitingToBeSent(status.pending)}</span>
      {status.oldestPendingAt && <span>, the oldest for {ageOf(status.oldestPendingAt, now)}</span>}.{' '}
      {overdue ? (
        <em data-testid="offline-warning">Waiting longer than {warningHours} h: call the manager to check the connection.</em>
      ) : (
        <span className="keep-selling">Keep selling: every sale is kept here and sent when the back office answers.</span>
      )}
    </div>
  );
}
