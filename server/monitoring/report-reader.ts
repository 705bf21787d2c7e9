import { Worker } from 'node:worker_threads';
import type { MonitoringReport } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { loadFleetView, type FleetView } from '../fleet-page/fleet-data';
import { monitoringReport } from './monitoring-report';
import type { WatchSettings } from './watch-settings';

/**
 * Where the monitoring report and the fleet page's data are computed. On SQLite every
 * statement runs on the thread that issues it (better-sqlite3 is synchronous), so a report
 * over a million sales held the server's one event loop for its whole length, chunked or
 * not: a heartbeat arriving meanwhile waited for it. There the reads run in a worker thread
 * with a connection of its own (WAL: readers never block the writer, and see what is
 * committed); the server's thread only sends the answer. PostgreSQL's driver is
 * asynchronous already: its reports run in the server's thread.
 */
export interface ReportReader {
  /** Where the reads run: a worker thread of their own, or the server's thread. */
  readonly where: 'worker' | 'thread';
  monitoring(watch: WatchSettings, now: Date, ttlSeconds: number): Promise<MonitoringReport>;
  fleetView(watch: WatchSettings, now: Date, ttlSeconds: number): Promise<FleetView>;
  close(): Promise<void>;
}

export type ReportRequest = { id: number; kind: 'monitoring' | 'fleet'; watch: WatchSettings; now: Date; ttlSeconds: number };
export type ReportAnswer = { id: number; result: MonitoringReport | FleetView } | { id: number; error: string };

/** In the caller's thread, on the caller's store. */
export function inThreadReports(store: BackOfficeDb): ReportReader {
  return {
    where: 'thread',
    monitoring: (watch, now, ttlSeconds) => monitoringReport(store, watch, now, ttlSeconds),
    fleetView: (watch, now, ttlSeconds) => loadFleetView(store, watch, now, ttlSeconds),
    close: async () => undefined,
  };
}

/**
 * In a worker thread (server/monitoring/report-worker.ts) over its own connection to the
 * SQLite file, started at the first report. The worker keeps its checkpoints in memory
 * like any process and saves them to continuity_checkpoints itself. If it dies, the
 * reports waiting on it fail (500) and the next report starts a new one.
 */
export function workerReports(file: string): ReportReader {
  let worker: Worker | null = null;
  let next = 1;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
    worker = null;
  };
  const start = () => {
    const started = new Worker(new URL('./report-worker-start.mjs', import.meta.url), { workerData: { file } });
    started.on('message', (answer: ReportAnswer) => {
      const w = waiting.get(answer.id);
      if (!w) return;
      waiting.delete(answer.id);
      if (waiting.size === 0) started.unref();
      if ('error' in answer) w.reject(new Error(`report worker: ${answer.error}`));
      else w.resolve(answer.result);
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`report worker exited with ${code}`));
    });
    started.unref();
    return started;
  };
  const ask = <T>(request: Omit<ReportRequest, 'id'>): Promise<T> => {
    worker ??= start();
    const id = next++;
    const answer = new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    // Referenced only while a report is awaited: an idle worker keeps no process alive.
    worker.ref();
    worker.postMessage({ ...request, id });
    return answer;
  };
  return {
    where: 'worker',
    monitoring: (watch, now, ttlSeconds) => ask<MonitoringReport>({ kind: 'monitoring', watch, now, ttlSeconds }),
    fleetView: (watch, now, ttlSeconds) => ask<FleetView>({ kind: 'fleet', watch, now, ttlSeconds }),
    close: async () => {
      const stopping = worker;
      worker = null;
      if (stopping) await stopping.terminate();
      failAll(new Error('the report worker was closed'));
    },
  };
}

/** Worker reads for a SQLite file, in-thread reads otherwise (PostgreSQL, a database in memory). */
export function reportReaderFor(store: BackOfficeDb): ReportReader {
  const file = store.sqlite?.name;
  if (store.kind === 'sqlite' && file && file !== ':memory:' && !store.sqlite?.memory) return workerReports(file);
  return inThreadReports(store);
}
