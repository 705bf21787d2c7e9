import type { Heartbeat } from '../../protocol';
import type { StatusBoard } from '../status-board';
import type { BackOfficeClient, Connection } from './back-office-client';
import type { Outbox } from './outbox';

export interface HeartbeatDeps {
  client: BackOfficeClient;
  board: StatusBoard;
  outbox: Pick<Outbox, 'stats' | 'pendingValueMinor'>;
  /** Null while the terminal is not paired: nothing to report. */
  connection(): Connection | null;
  appVersion: string;
  /** The back office answered: the sync worker need not wait out its backoff. */
  reached(): void;
}

/**
 * One `POST /v1/terminals/heartbeat`: the queue as the back office's monitoring shows it
 * (depth, oldest, needs attention, value at stake, app version). Its answer also tells the
 * status board whether the back office is there and whether the token still holds.
 */
export function sendHeartbeat(deps: HeartbeatDeps): () => Promise<void> {
  return async () => {
    const link = deps.connection();
    if (link === null) return;
    const { board, outbox } = deps;
    const stats = outbox.stats();
    const body: Heartbeat = {
      queueDepth: stats.pending,
      oldestPendingAt: stats.oldestPendingAt,
      needsAttention: stats.needsAttention,
      appVersion: deps.appVersion,
      pendingValueMinor: outbox.pendingValueMinor(),
    };
    const outcome = await deps.client.send(link, 'POST', '/v1/terminals/heartbeat', { json: JSON.stringify(body) });
    if (outcome.kind === 'no_answer') board.unreachable(outcome.cause);
    // A 401 to a token the till has since replaced (paired again meanwhile) says nothing about the new one.
    else if (outcome.status === 401) {
      if (deps.connection()?.token === link.token) board.revoked();
    } else if (outcome.status >= 500) board.unreachable('server_unreachable');
    else {
      // The heartbeat doubles as the connectivity probe: the back office is back, so the queue need not wait out its backoff.
      board.reached();
      deps.reached();
    }
    board.publish();
  };
}
