import type { BackOfficeDb } from './db/database';
import type { IdempotentWrites, WriteResponse } from './idempotency/idempotent-writes';
import type { WritePipeline } from './idempotency/write-pipeline';
import type { ReportReader } from './monitoring/report-reader';
import type { ServerSettings } from './settings';

/** Counters for /metrics and the monitoring page. */
export interface Metrics {
  salesIngested(response: WriteResponse): void;
}

/** What every route plugin is given: the database and the shared write machinery. */
export interface Services {
  store: BackOfficeDb;
  writes: IdempotentWrites;
  /** Group commit for the terminals' writes (sales, refunds, sync batches). */
  pipeline: WritePipeline;
  /** The monitoring report and the fleet page's data (on SQLite read in a worker thread). */
  reports: ReportReader;
  settings: ServerSettings;
  metrics: Metrics;
  version: string;
}
