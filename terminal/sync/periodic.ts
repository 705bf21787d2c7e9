import type pino from 'pino';

/** A task run now and then every interval, never overlapping itself; stop() waits for the run in progress. */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private stopped = true;

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

  /** Runs the task now unless it is already running. */
  trigger(): void {
    if (this.stopped || this.current !== null) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.current = this.task()
      .catch((err: unknown) => this.logger.error({ err, task: this.name }, 'periodic task failed'))
      .finally(() => {
        this.current = null;
        if (!this.stopped) {
          this.timer = setTimeout(() => this.trigger(), this.intervalMs);
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
