import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTerminalByToken } from '../../server/auth/callers';
import { openDatabase } from '../../server/db/database';
import { inThreadReports, reportReaderFor, workerReports } from '../../server/monitoring/report-reader';
import { readWatchSettings } from '../../server/monitoring/watch-settings';
import { saleWrite } from '../../server/sales/sale-write';
import { aSale, range, startBackOffice, type TestBackOffice } from '../support/back-office';

describe('SQLite: the monitoring report and the fleet data are read in a worker thread', () => {
  let office: TestBackOffice;
  const watch = readWatchSettings({});

  beforeAll(async () => {
    office = await startBackOffice('sqlite');
    const till = await office.pairTerminal();
    const caller = (await findTerminalByToken(office.store, till.token))!;
    await Promise.all(range(12).map((n) => office.services.pipeline.submit(saleWrite(caller, `worker-${n}`, '/v1/sales', aSale()))));
  });
  afterAll(async () => office?.close());

  it('the server reads reports in a worker for a SQLite file, in its own thread for a database in memory', async () => {
    expect(office.services.reports.where).toBe('worker');
    const memory = openDatabase('sqlite::memory:');
    try {
      expect(reportReaderFor(memory).where).toBe('thread');
    } finally {
      await memory.close();
    }
  });

  it('reads the same report and fleet data as the server thread would, from its own connection', async () => {
    const now = new Date();
    const worker = workerReports(office.store.sqlite!.name);
    try {
      const [fromWorker, inThread] = [
        await worker.monitoring(watch, now, 86_400),
        await inThreadReports(office.store).monitoring(watch, now, 86_400),
      ];
      expect(fromWorker).toEqual(inThread);
      expect(fromWorker.series.find((s) => s.series === 'invoice')).toMatchObject({ documents: 12, gaps: 0, duplicates: 0 });
      const fleet = await worker.fleetView(watch, now, 86_400);
      expect(fleet.sales).toHaveLength(12);
      expect(fleet.now).toEqual(now);
    } finally {
      await worker.close();
    }
  });

  it('a report waiting on a worker that goes away fails (never hangs), and the next report starts a new worker', async () => {
    const worker = workerReports(office.store.sqlite!.name);
    const waiting = worker.monitoring(watch, new Date(), 86_400);
    await worker.close();
    await expect(waiting).rejects.toThrow(/closed|exited|terminated/);
    try {
      expect((await worker.monitoring(watch, new Date(), 86_400)).totals.seriesGaps).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
