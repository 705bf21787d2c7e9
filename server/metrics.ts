import type { WriteObserver, WriteResponse } from './idempotency/idempotent-writes';
import type { Metrics } from './services';

/** In-process counters, read by /metrics. Each server instance counts its own. */
export class ServerMetrics implements Metrics, WriteObserver {
  readonly counts = {
    salesIngested: 0,
    replays: 0,
    inProgress: 0,
    keyReused: 0,
    transactionRetries: 0,
  };
  readonly replaysByEndpoint = new Map<string, number>();

  salesIngested(response: WriteResponse): void {
    if (response.status === 201 && !response.replayed) this.counts.salesIngested++;
  }
  transactionRetried(): void {
    this.counts.transactionRetries++;
  }
  replayed(endpoint: string): void {
    this.counts.replays++;
    this.replaysByEndpoint.set(endpoint, (this.replaysByEndpoint.get(endpoint) ?? 0) + 1);
  }
  inProgress(): void {
    this.counts.inProgress++;
  }
  keyReused(): void {
    this.counts.keyReused++;
  }
}
