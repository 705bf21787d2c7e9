import { Compile } from 'typebox/compile';
import { HealthSchema } from '../../protocol';
import type { StatusBoard } from '../status-board';
import type { BackOfficeClient, Connection } from './back-office-client';

const HealthCheck = Compile(HealthSchema);

export interface LinkProbeDeps {
  client: BackOfficeClient;
  board: StatusBoard;
  /** Null while the terminal is not paired: nothing to probe. */
  connection(): Connection | null;
  timeoutMs: number;
  /** The back office answers again after the probe saw it gone: the sync worker's gate may open. */
  backAgain(): void;
}

/**
 * One look at the back office: `GET /health`, unauthenticated, a `select 1` on the server,
 * with a short timeout of its own. Run on a short cadence (tuning.probeIntervalMs) whether
 * a sale is rung up or not, it is what notices an outage (and its end) within seconds:
 * the sync worker alone only learns when it has something to send, and its backoff grows
 * to a minute. Only a 200 with the back office's health body counts: a captive portal's
 * page is not the back office. It opens the worker's gate only when it saw the link fail
 * before: a back office whose /health answers while its sales route fails keeps the
 * worker's backoff (no hammering), and a Retry-After gate stays closed either way.
 */
export function linkProbe(deps: LinkProbeDeps): () => Promise<void> {
  let sawFailure = true;
  return async () => {
    const link = deps.connection();
    if (link === null) return;
    const startedAt = Date.now();
    const outcome = await deps.client.send(link, 'GET', '/health', { timeoutMs: deps.timeoutMs });
    if (outcome.kind === 'answer' && outcome.status === 200 && HealthCheck.Check(outcome.body)) {
      deps.board.reachable();
      if (sawFailure) deps.backAgain();
      sawFailure = false;
    } else {
      deps.board.probeFailed(outcome.kind === 'no_answer' ? outcome.cause : 'server_unreachable', startedAt);
      sawFailure = true;
    }
    deps.board.publish();
  };
}
