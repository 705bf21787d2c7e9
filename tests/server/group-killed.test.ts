import { afterAll, describe, expect, it } from 'vitest';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { aSale, countRows, invoiceSeriesValues, range } from '../support/back-office';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { HeldCounter } from '../support/held-counter';
import { freePort, sendUntilAnswered, ServerProcess } from '../support/server-process';

const SALES = 24;

/**
 * PostgreSQL lets the test stop a group exactly in its middle: holding the invoice counter
 * row, the test makes the server's group wait at its end, after its stock levels are
 * written and before its numbers, its ledger and other rows and its commit. Then kill -9.
 */
describe('the server killed with SIGKILL in the middle of a group (PostgreSQL)', () => {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it(`none of the group is visible, all of it is retried, no number is lost: ${SALES + 1} sales, 1..${SALES + 1}`, async () => {
    database = await createTestDatabase('postgres');
    const setup = openDatabase(database.url);
    await migrateToLatest(setup);
    await ensureDefaultBusiness(setup);
    const created = await addTerminalNow(setup, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till' });
    const { token } = await pairTerminal(setup, created.pairingCode);
    server = new ServerProcess(await freePort(), { DATABASE_URL: database.url, POS_ADMIN_TOKEN: 'group-kill-admin-token-00' });
    await server.start();
    const running = server;
    const headers = (key: string) => ({ authorization: `Bearer ${token}`, 'idempotency-key': key });

    // One sale first, so the counter row exists to be held.
    expect((await sendUntilAnswered(running.base, '/v1/sales', headers('before'), aSale({ localNumber: 'G-000000' }))).status).toBe(201);

    const holder = await HeldCounter.hold(database.url, 'invoice');
    try {
      const sales = range(SALES).map((n) => ({ key: `group-kill-${n}`, body: aSale({ localNumber: `G-${String(n).padStart(6, '0')}` }) }));
      const clients = sales.map((sale) => sendUntilAnswered(running.base, '/v1/sales', headers(sale.key), sale.body));

      // A server connection waits for the counter row: a group is at its end.
      expect(await holder.untilSomeoneWaits()).toBeGreaterThan(0);
      await running.kill();
      await holder.release();

      // The killed group's transaction never commits: nothing of it is visible.
      const check = openDatabase(database.url);
      try {
        await holder.untilKilledTransactionsEnd();
        expect(await countRows(check, 'sales')).toBe(1);
        expect(await countRows(check, 'stock_movements')).toBe(1);
        expect(await countRows(check, 'idempotency_responses')).toBe(1);
        const levels = await check.db.selectFrom('stock_levels').select(['sku', 'on_hand_milli']).execute();
        expect(levels.map((l) => [l.sku, Number(l.on_hand_milli)])).toEqual([['RICE-5KG', -1000]]);
        const counter = await check.db.selectFrom('number_counters').select('last_value').where('series', '=', 'invoice').executeTakeFirstOrThrow();
        expect(Number(counter.last_value)).toBe(1);
      } finally {
        await check.close();
      }

      // The terminals retry; the restarted server records every sale once, numbers without a gap.
      await running.start();
      const replies = await Promise.all(clients);
      for (const reply of replies) expect(reply.status).toBe(201);
      expect(replies.some((reply) => reply.attempts > 1)).toBe(true);
      expect(await countRows(setup, 'sales')).toBe(SALES + 1);
      expect(await invoiceSeriesValues(setup)).toEqual(range(SALES + 1));
      expect(await countRows(setup, 'stock_movements')).toBe(SALES + 1);
      const level = await setup.db.selectFrom('stock_levels').select('on_hand_milli').where('sku', '=', 'RICE-5KG').executeTakeFirstOrThrow();
      expect(Number(level.on_hand_milli)).toBe(-(SALES + 1) * 1000);
    } finally {
      await holder.close();
      await setup.close();
    }
    // Two server starts and a kill: on a loaded machine this takes minutes, not seconds.
  }, 300_000);
});
