import type pino from 'pino';

/**
 * A task run now and then every interval, never overlapping itself; stop() waits for the run
 * in progress. A trigger during a run is kept: the task runs again as soon as that run ends
 * (pairing again while the catalog of the old back office is being pulled must still pull
 * the new one now, not an interval later).
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private stopped = true;
  private triggeredWhileRunning = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly logger: pino.Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.trigger();
  }

  /** Runs the task now, or right after the run in progress. */
  trigger(): void {
    if (this.stopped) return;
    if (this.current !== null) {
      this.triggeredWhileRunning = true;
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.current = this.task()
      .catch((err: unknown) => this.logger.error({ err, task: this.name }, 'periodic task failed'))
      .finally(() => {
        this.current = null;
        const again = this.triggeredWhileRunning;
        this.triggeredWhileRunning = false;
        if (!this.stopped) {
          this.timer = setTimeout(() => this.trigger(), again ? 0 : this.intervalMs);
          this.timer.unref();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }
}
