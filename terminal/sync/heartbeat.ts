import { Compile } from 'typebox/compile';
import { HeartbeatAnswerSchema, type Heartbeat } from '../../protocol';
import type { StatusBoard } from '../status-board';
import type { BackOfficeClient, Connection } from './back-office-client';
import { problemOf } from './delivery';
import type { AcknowledgedCheck } from './acknowledged-check';
import type { Outbox } from './outbox';

export interface HeartbeatDeps {
  client: BackOfficeClient;
  board: StatusBoard;
  outbox: Pick<Outbox, 'stats' | 'pendingValueMinor'>;
  /** What the back office acknowledged, checked at every beat. */
  acknowledged: Pick<AcknowledgedCheck, 'checkpoints' | 'resendLost'>;
  /** Null while the terminal is not paired: nothing to report. */
  connection(): Connection | null;
  appVersion: string;
  /** The back office answered: the sync worker need not wait out its backoff. */
  reached(): void;
  /** The back office had lost this many acknowledged sales and refunds (restored from a backup): queued again. */
  resent?(count: number): void;
  /** The back office took a beat: the queue depth it now shows for this till. */
  reported?(queueDepth: number): void;
}

const isAnswer = Compile(HeartbeatAnswerSchema);

/**
 * One `POST /v1/terminals/heartbeat`: the queue as the back office's monitoring shows it
 * (depth, oldest, needs attention, value at stake, app version). Its answer also tells the
 * status board whether the back office is there and whether the token still holds.
 *
 * It also names sales and refunds the back office acknowledged to this till
 * (AcknowledgedCheck.checkpoints); the back office answers which it still holds. If it lost
 * any, it was restored from an older backup: what it lost goes back in the queue
 * (AcknowledgedCheck.resendLost). A back office that does not know `synced` answers 204:
 * nothing is done.
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
      // The till's clock, for the back office to compare with its own (a till hours off is flagged there).
      sentAt: new Date().toISOString(),
    };
    const checkpoints = link.terminalId === undefined ? [] : deps.acknowledged.checkpoints(link.terminalId);
    if (checkpoints.length > 0) body.synced = checkpoints.map((c) => c.key);
    const outcome = await deps.client.send(link, 'POST', '/v1/terminals/heartbeat', { json: JSON.stringify(body) });
    if (outcome.kind === 'no_answer') board.unreachable(outcome.cause);
    // A 401 to a token the till has since replaced (paired again meanwhile) says nothing about the new one.
    else if (outcome.status === 401) {
      if (deps.connection()?.token === link.token) board.revoked(problemOf(401, outcome.body).code);
    } else if (outcome.status >= 500) board.unreachable('server_unreachable');
    else {
      // The heartbeat doubles as the connectivity probe: the back office is back, so the queue need not wait out its backoff.
      board.reached();
      // Asked as the till is paired now: a till paired again meanwhile says nothing of the new identity's documents.
      if (
        outcome.status === 200 &&
        isAnswer.Check(outcome.body) &&
        link.terminalId !== undefined &&
        deps.connection()?.terminalId === link.terminalId
      ) {
        const resent = deps.acknowledged.resendLost(link.terminalId, checkpoints, new Set(outcome.body.held));
        if (resent > 0) deps.resent?.(resent);
      }
      deps.reached();
      if (outcome.status < 300) deps.reported?.(body.queueDepth);
    }
    board.publish();
  };
}
