import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerProblemHandlers } from '../../server/http/problems';
import type { OpenOptions } from '../../server/db/database';
import { stopOnSyncFailure } from '../../server/db/sync-failure';
import { cleanupExpiredResponses } from '../../server/idempotency/idempotent-writes';
import { aSale, expectGaplessWithOneAnswerPerSale, range, startBackOffice, type TestBackOffice } from '../support/back-office';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A SQLite back office in a file whose stop after a failed sync (stopOnSyncFailure) is
 * recorded, what it reports and the exit code it asks for, instead of ending the test run;
 * `sell(key)` sends a sale of a paired till over HTTP.
 */
async function anOfficeThatStops(openOptions: OpenOptions = {}) {
  const reports: unknown[] = [];
  const exits: number[] = [];
  const office = await startBackOffice('sqlite', {}, undefined, {
    ...openOptions,
    onSyncFailure: stopOnSyncFailure(
      (error) => reports.push(error),
      (code) => exits.push(code),
    ),
  });
  const till = await office.pairTerminal();
  const sell = (key: string) => office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers(key), payload: aSale() });
  return { office, reports, exits, sell };
}

/** SQLite in a file: the fdatasync of its WAL (walSyncer) made to fail, as a dying disk would. */
describe('the disk refuses to sync the WAL', () => {
  let office: TestBackOffice | undefined;
  afterAll(async () => office?.close());

  it('answers that group 500 and every write after it, even when the disk would sync again; /health says 503 storage_failed; the server stops', async () => {
    let failing = false;
    let syncs = 0;
    const stopping = await anOfficeThatStops({
      datasync: async (handle) => {
        syncs += 1;
        if (failing) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        await handle.datasync();
      },
    });
    office = stopping.office;
    const { sell, reports, exits } = stopping;

    expect((await sell('before-1')).statusCode).toBe(201);
    expect((await office.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    failing = true;
    const failed = await Promise.all(range(5).map((n) => sell(`during-${n}`)));
    expect(failed.map((r) => r.statusCode)).toEqual(range(5).map(() => 500));
    const syncsAtFailure = syncs;

    // The disk would sync again; the frames the failed sync lost may be gone: still no success.
    failing = false;
    expect((await sell('after-1')).statusCode).toBe(500);
    expect(syncs).toBe(syncsAtFailure);
    const health = await office.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ code: 'storage_failed' });

    // Told once; the process is stopped a moment later (a service manager starts it again).
    expect(reports).toHaveLength(1);
    await pause(400);
    expect(exits).toEqual([1]);

    // What the database holds stays consistent: each committed sale once, its numbers gapless.
    await expectGaplessWithOneAnswerPerSale(office.store);
  });
});

describe('an I/O error from SQLite anywhere', () => {
  it('is answered 500 and handed to the store as a storage failure (which then acknowledges nothing more, as after a failed sync)', async () => {
    const app = Fastify({ logger: false });
    const told: unknown[] = [];
    registerProblemHandlers(app, (error) => told.push(error));
    app.post('/admin-write', async () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_FSYNC' });
    });
    app.post('/refused', async () => {
      throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    });
    const failed = await app.inject({ method: 'POST', url: '/admin-write' });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ code: 'internal_error' });
    expect((await app.inject({ method: 'POST', url: '/refused' })).statusCode).toBe(500);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ code: 'SQLITE_IOERR_FSYNC' });
    await app.close();
  });
});

describe("an I/O error in a background task on the server's connection", () => {
  let office: TestBackOffice | undefined;
  afterAll(async () => office?.close());

  it('counts as a failed sync (the cleanup of expired answers, say): /health says 503 storage_failed, nothing more is acknowledged, the server stops', async () => {
    const stopping = await anOfficeThatStops();
    office = stopping.office;
    const { sell, reports, exits } = stopping;
    expect((await sell('before-1')).statusCode).toBe(201);

    // The disk fails the cleanup's delete: first a busy lock (not a disk fault), then an I/O error.
    const sqlite = office.store.sqlite!;
    const prepare = sqlite.prepare.bind(sqlite);
    let fault: Error | null = new SQLite.SqliteError('database is locked', 'SQLITE_BUSY');
    sqlite.prepare = ((source: string) => {
      const statement = prepare(source);
      if (!source.startsWith('delete from "idempotency_responses"')) return statement;
      // What the driver uses of a statement that writes (it is kept in the statement cache).
      return {
        reader: false,
        run: (...parameters: unknown[]) => {
          if (fault) throw fault;
          return statement.run(...parameters);
        },
      } as unknown as SQLite.Statement;
    }) as typeof sqlite.prepare;
    await expect(cleanupExpiredResponses(office.store)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect((await office.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await sell('between-1')).statusCode).toBe(201);

    fault = new SQLite.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
    await expect(cleanupExpiredResponses(office.store)).rejects.toMatchObject({ code: 'SQLITE_IOERR_WRITE' });
    const health = await office.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ code: 'storage_failed' });
    expect((await sell('after-1')).statusCode).toBe(500);
    expect(reports).toHaveLength(1);
    await pause(400);
    expect(exits).toEqual([1]);
    await expectGaplessWithOneAnswerPerSale(office.store);
  });
});

describe('a database file that can no longer be written while the server runs (SQLITE_READONLY)', () => {
  let office: TestBackOffice | undefined;
  afterAll(async () => office?.close());

  it('answers the write 503 storage_failed (not a 500), says so on /health, acknowledges nothing more and stops the server', async () => {
    const stopping = await anOfficeThatStops();
    office = stopping.office;
    const { sell, reports, exits } = stopping;
    expect((await sell('before-1')).statusCode).toBe(201);

    // The server's own connection may no longer write: SQLite answers SQLITE_READONLY, as for a file it may only read.
    office.store.sqlite!.pragma('query_only = 1');
    const refused = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/stores',
      headers: office.adminHeaders('0190a000-0000-7000-8000-000000000001'),
      payload: { businessCode: 'MAIN', code: 'S2', name: 'Second store' },
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'storage_failed', detail: expect.stringContaining('SQLITE_READONLY') });
    const health = await office.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ code: 'storage_failed', detail: expect.stringContaining('can no longer be written') });
    // A till's sale (written by the writer thread, whose connection still could) is not acknowledged either.
    const after = await sell('after-1');
    expect(after.statusCode).toBe(503);
    expect(after.json()).toMatchObject({ code: 'storage_failed' });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ code: 'SQLITE_READONLY' });
    await pause(400);
    expect(exits).toEqual([1]);
    office.store.sqlite!.pragma('query_only = 0');
    await expectGaplessWithOneAnswerPerSale(office.store);
  });
});
