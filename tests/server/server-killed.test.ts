import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database';
import { aSale, countRows, invoiceSeriesValues, range } from '../support/back-office';
import { databaseKinds, type TestDatabase } from '../support/databases';
import { aPairedDatabase, freePort, sendAllUntilAnswered, ServerProcess } from '../support/server-process';

const SALES = 300;
const CLIENTS = 8;

describe.each(databaseKinds)('the server killed with SIGKILL in the middle of a load on %s', (kind) => {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it(`loses nothing and duplicates nothing: exactly ${SALES} sales, numbers 1..${SALES}`, async () => {
    const paired = await aPairedDatabase(kind);
    database = paired.database;
    const { token } = paired;

    server = new ServerProcess(await freePort(), { DATABASE_URL: database.url, POS_ADMIN_TOKEN: 'kill-test-admin-token-000' });
    await server.start();
    const running = server;

    let acknowledged = 0;
    const sales = range(SALES).map((n) => ({ key: `kill-${n}`, body: aSale({ localNumber: `K-${String(n).padStart(6, '0')}` }) }));
    const clients = sendAllUntilAnswered(running.base, token, sales, CLIENTS, (reply) => {
      expect([200, 201]).toContain(reply.status);
      acknowledged += 1;
    });

    // Kill once a third is in, while the other clients have requests in flight.
    const bounded = Date.now() + 60_000;
    while (acknowledged < SALES / 3 && Date.now() < bounded) await new Promise((resolve) => setTimeout(resolve, 5));
    const killedAt = acknowledged;
    await running.kill();
    await running.start();
    await clients;
    await running.stop();

    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(SALES);
    const check = openDatabase(database.url);
    try {
      expect(await countRows(check, 'sales')).toBe(SALES);
      expect(await invoiceSeriesValues(check)).toEqual(range(SALES));
      const keys = await check.db.selectFrom('sales').select('idempotency_key').execute();
      expect(new Set(keys.map((k) => k.idempotency_key))).toEqual(new Set(sales.map((s) => s.key)));
      expect(await countRows(check, 'sale_lines')).toBe(SALES);
      expect(await countRows(check, 'stock_movements')).toBe(SALES);
      expect(await countRows(check, 'idempotency_responses')).toBe(SALES);
    } finally {
      await check.close();
    }
  });
});
