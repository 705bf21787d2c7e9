/**
 * The worker thread of workerReports (report-reader.ts): its own connection to the SQLite
 * file, the same report code as the server thread, one request at a time in arrival order
 * (reports asked for while one runs share it: monitoringReport).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database';
import { inThreadReports, type ReportAnswer, type ReportRequest } from './report-reader';

const store = openDatabase(`sqlite:${(workerData as { file: string }).file}`);
const reports = inThreadReports(store);

parentPort?.on('message', (request: ReportRequest) => {
  const run = request.kind === 'monitoring' ? reports.monitoring : reports.fleetView;
  run(request.watch, request.now, request.ttlSeconds).then(
    (result) => parentPort?.postMessage({ id: request.id, result } satisfies ReportAnswer),
    (error: unknown) =>
      parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ReportAnswer),
  );
});
