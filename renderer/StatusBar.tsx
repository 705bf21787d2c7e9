import type { OfflineCause, SyncStall, TerminalStatus } from '../terminal/terminal-api';
import { useNow } from './use-terminal-status';
import { ageOf } from './waiting-age';

const CAUSES: Record<OfflineCause, string> = {
  no_network: 'no network',
  server_unreachable: 'back office unreachable',
  not_paired: 'terminal not paired',
  token_revoked: 'revoked by the back office, a manager must pair this till again',
  token_refused: 'this till was paired again elsewhere (its token is not accepted), a manager must pair this till again',
};

/** The short words for the status bar; the banner and the tooltip carry the whole reason. */
const STALL_TEXT: Record<SyncStall['code'], string> = {
  storage_full: 'disk full',
  storage_read_only: 'database read-only',
  storage_busy: 'database locked',
  storage_failed: 'disk error',
  sync_failed: 'internal error',
};

/** Always on screen: whether sales reach the back office, and if not, why and since when. */
export function StatusBar({ status }: { status: TerminalStatus | null }) {
  const now = useNow();
  if (!status) {
    return (
      <header className="status-bar" data-testid="status-bar">
        <span className="status-connection status-waiting" data-testid="status-connection">
          Connecting to the terminal…
        </span>
      </header>
    );
  }
  // A stalled worker sends nothing, whatever the link: "Online" would tell the cashier sales are going out.
  const stall = status.syncStalled ?? null;
  const stalled = stall !== null;
  const connection = stall
    ? `Sync stalled: ${STALL_TEXT[stall.code]}`
    : status.online
      ? 'Online'
      : status.offlineCause
        ? `Offline: ${CAUSES[status.offlineCause]}`
        : status.paired
          ? 'Reaching the back office…'
          : `Offline: ${CAUSES.not_paired}`;
  return (
    <header className="status-bar" data-testid="status-bar">
      <span
        className={`status-connection ${stalled ? 'status-stalled' : status.online ? 'status-online' : 'status-offline'}`}
        data-testid="status-connection"
        data-online={status.online}
        data-stalled={stalled}
        title={status.syncStalled?.reason}
      >
        {connection}
      </span>
      <span className={`status-item ${status.pending > 0 ? 'status-warn' : ''}`} data-testid="status-pending">
        {status.pending} pending
      </span>
      {status.oldestPendingAt && (
        <span className="status-item" data-testid="status-oldest">
          oldest waiting {ageOf(status.oldestPendingAt, now)}
        </span>
      )}
      {/* Only while sending: offline or stalled nothing goes out ("sent 0 of 2" would say it does), and
          what waits is the pending count beside it (the round's figures are only as fresh as its last send). */}
      {status.drain && status.online && !stalled && (
        <span className="status-item" data-testid="status-drain">
          {`sent ${status.drain.done} of ${status.drain.total}`}
        </span>
      )}
      <span className={`status-item ${status.needsAttention > 0 ? 'status-alert' : ''}`} data-testid="status-attention">
        {status.needsAttention} need attention
      </span>
      {/* The invoices printed meanwhile lack them ("not set in the back office"): the cashier tells a manager, who sets them there. */}
      {status.invoiceDetailsMissing.length > 0 && (
        <span
          className="status-item status-alert"
          data-testid="status-invoice-details"
          title="Sales invoices printed now do not show these. A manager sets them in the back office (Sales invoice profile, and the till's machine)."
        >
          {`Invoice details missing: ${status.invoiceDetailsMissing.join(', ')}`}
        </span>
      )}
      <span className="status-terminal" data-testid="status-terminal">
        {status.paired ? `Terminal ${status.terminalCode ?? '?'} · Store ${status.storeCode ?? '?'}` : 'Not paired'}
      </span>
    </header>
  );
}
