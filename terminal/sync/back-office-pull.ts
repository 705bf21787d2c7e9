import type pino from 'pino';
import type { Connection } from './back-office-client';
import { Periodic } from './periodic';

/** What a pull from the back office came to: done, or failed with why (no_answer: the back office was not reached). */
export interface PullResult {
  kind: string;
  outcome?: string;
}

/**
 * Something the till pulls from the back office on a loop of its own (the catalog, the
 * invoice profile): nothing while unpaired, a failure logged, and a pull that found no back
 * office remembered, so that it is pulled again as soon as the back office answers
 * (reached) rather than at its next turn.
 */
export class BackOfficePull {
  readonly periodic: Periodic;
  private behind = false;

  constructor(
    name: string,
    intervalMs: number,
    connection: () => Connection | null,
    pull: (link: Connection) => Promise<PullResult>,
    logger: pino.Logger,
    /** After each pull, whatever it came to (the status board says what changed). */
    after: () => void = () => undefined,
  ) {
    this.periodic = new Periodic(
      name,
      intervalMs,
      async () => {
        const link = connection();
        if (link === null) return;
        const result = await pull(link);
        if (result.kind === 'failed') logger.warn({ outcome: result.outcome }, `${name} pull failed`);
        // Not reached: pulled again as soon as the back office answers; a refusal waits its turn.
        this.behind = result.kind === 'failed' && result.outcome === 'no_answer';
        after();
      },
      logger,
    );
  }

  /** The back office answered again: pulled now if the last pull did not reach it. */
  reached(): void {
    if (this.behind) this.periodic.trigger();
  }
}
