import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database';
import { aSale, countRows, invoiceSeriesValues, range } from '../support/back-office';
import { type TestDatabase } from '../support/databases';
import { aPairedDatabase, freePort, sendAllUntilAnswered, ServerProcess } from '../support/server-process';

const SALES = 300;
const CLIENTS = 8;

/**
 * PostgreSQL restarted or an administrator's pg_terminate_backend while groups of sales are
 * being written: the connections the server holds die under its queries. The server stays up
 * (503, the tills retry), and every sale ends up stored once with a gapless number.
 */
describe('PostgreSQL dropping the back office connections in the middle of a load', () => {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it(`the server stays up and records exactly ${SALES} sales, numbers 1..${SALES}`, async () => {
    const paired = await aPairedDatabase('postgres');
    database = paired.database;
    const { token } = paired;

    server = new ServerProcess(await freePort(), { DATABASE_URL: database.url, POS_ADMIN_TOKEN: 'drop-test-admin-token-000' });
    await server.start();
    const running = server;
    const pid = running.pid;

    let acknowledged = 0;
    const statuses = new Map<number, number>();
    const sales = range(SALES).map((n) => ({ key: `drop-${n}`, body: aSale({ localNumber: `D-${String(n).padStart(6, '0')}` }) }));
    const clients = sendAllUntilAnswered(running.base, token, sales, CLIENTS, (reply) => {
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      acknowledged += 1;
    });

    // Three times during the load, every connection of the server is terminated under it.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    let dropped = 0;
    try {
      for (const share of [0.2, 0.45, 0.7]) {
        const bounded = Date.now() + 60_000;
        while (acknowledged < SALES * share && Date.now() < bounded) await new Promise((resolve) => setTimeout(resolve, 5));
        const { rowCount } = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
        dropped += rowCount ?? 0;
      }
    } finally {
      await admin.end();
    }
    await clients;

    expect(dropped).toBeGreaterThan(0);
    // The same process, still serving.
    expect(running.pid).toBe(pid);
    expect((await fetch(`${running.base}/health`)).status).toBe(200);
    expect([...statuses.keys()].every((status) => status === 200 || status === 201)).toBe(true);
    await running.stop();
    const check = openDatabase(database.url);
    try {
      expect(await countRows(check, 'sales')).toBe(SALES);
      expect(await invoiceSeriesValues(check)).toEqual(range(SALES));
      expect(await countRows(check, 'idempotency_responses')).toBe(SALES);
    } finally {
      await check.close();
    }
  });
});
