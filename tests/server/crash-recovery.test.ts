import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { MonitoringReport, StockReport } from '../../protocol';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { ADMIN_TOKEN } from '../support/back-office';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';
import { freePort, sendUntilAnswered, ServerProcess, type Reply } from '../support/server-process';

const JOBS_PER_KIND = 6;
const KILL_AFTER_ANSWERS = [8, 22, 40];
const WORKERS = 4;

describe.each(databaseKinds)('kill -9 in the middle of a mixed load on %s', (kind) => {
  let database: TestDatabase;
  let server: ServerProcess;
  const admin = (key: string) => ({ authorization: `Bearer ${ADMIN_TOKEN}`, 'idempotency-key': key });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = new ServerProcess(await freePort(), { DATABASE_URL: database.url, POS_ADMIN_TOKEN: ADMIN_TOKEN });
    await server.start();
  });
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  it('every document is applied exactly once, the ledger matches them, and no series has a gap or a duplicate', async () => {
    expect(
      (await sendUntilAnswered(server.base, '/v1/admin/stores', admin(uuidv7()), { businessCode: 'MAIN', code: 'NORTH', name: 'North' })).status,
    ).toBe(201);
    const created = (await sendUntilAnswered(server.base, '/v1/admin/terminals', admin(uuidv7()), { storeCode: 'MAIN', name: 'Till' })).body as {
      pairingCode: string;
    };
    const paired = (await sendUntilAnswered(server.base, '/v1/terminals/pair', {}, { pairingCode: created.pairingCode })).body as { token: string };
    const till = (key: string) => ({ authorization: `Bearer ${paired.token}`, 'idempotency-key': key });

    let answers = 0;
    let retried = 0;
    let restarting: Promise<void> | null = null;
    const expected = new Map<string, number>();
    const move = (store: string, sku: string, milli: number) => expected.set(`${store}|${sku}`, (expected.get(`${store}|${sku}`) ?? 0) + milli);
    /** One write: a fixed key, retried until answered; the server is killed as answers come in. */
    const write = async (path: string, headers: Record<string, string>, body: unknown, status: number): Promise<Reply> => {
      const reply = await sendUntilAnswered(server.base, path, headers, body);
      expect(reply.status, `${path} ${JSON.stringify(reply.body)}`).toBe(status);
      answers++;
      if (reply.attempts > 1) retried++;
      if (KILL_AFTER_ANSWERS.includes(answers) && restarting === null) {
        restarting = server
          .kill()
          .then(() => server.start())
          .finally(() => (restarting = null));
      }
      return reply;
    };

    let localNumber = 0;
    const jobs: (() => Promise<void>)[] = [];
    for (let i = 0; i < JOBS_PER_KIND; i++) {
      jobs.push(async () => {
        const sale = {
          localNumber: `T-${++localNumber}`,
          occurredAt: new Date().toISOString(),
          cashier: 'ana',
          lines: [{ sku: 'A', qty: 2, unitPriceMinor: 1_000 }],
          payments: [{ method: 'cash', amountMinor: 2_000 }],
        };
        const sold = await write('/v1/sales', till(uuidv7()), sale, 201);
        move('MAIN', 'A', -2_000);
        const refund = { localNumber: `R-${i}`, occurredAt: new Date().toISOString(), lines: [{ sku: 'A', qty: 1 }], reason: 'test' };
        await write(`/v1/sales/${(sold.body as { id: string }).id}/refund`, till(uuidv7()), refund, 201);
        move('MAIN', 'A', 1_000);
      });
      jobs.push(async () => {
        const draft = await write(
          '/v1/purchase-receipts',
          admin(uuidv7()),
          { storeCode: 'MAIN', supplier: 'S', lines: [{ sku: 'A', qty: 10, unitCostMinor: 500 }] },
          201,
        );
        await write(`/v1/purchase-receipts/${(draft.body as { id: string }).id}/approve`, admin(uuidv7()), {}, 200);
        move('MAIN', 'A', 10_000);
      });
      jobs.push(async () => {
        const transfer = await write(
          '/v1/transfers',
          admin(uuidv7()),
          { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku: 'B', qty: 3 }] },
          201,
        );
        const id = (transfer.body as { id: string }).id;
        await write(`/v1/transfers/${id}/send`, admin(uuidv7()), {}, 200);
        move('MAIN', 'B', -3_000);
        await write(`/v1/transfers/${id}/receive`, admin(uuidv7()), { lines: [{ sku: 'B', qtyReceived: 2 }] }, 200);
        move('NORTH', 'B', 2_000);
      });
      jobs.push(async () => {
        await write('/v1/inventory-corrections', admin(uuidv7()), { storeCode: 'NORTH', reason: 'count', lines: [{ sku: 'C', qtyDelta: 5 }] }, 201);
        move('NORTH', 'C', 5_000);
        await write(
          '/v1/supplier-returns',
          admin(uuidv7()),
          { storeCode: 'MAIN', supplier: 'S', reason: 'damaged', lines: [{ sku: 'A', qty: 1 }] },
          201,
        );
        move('MAIN', 'A', -1_000);
      });
    }
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) await job();
      }),
    );
    while (restarting) await restarting;
    expect(answers).toBeGreaterThan(Math.max(...KILL_AFTER_ANSWERS));
    // The kills really landed in the middle of the load: some writes had to be retried.
    expect(retried).toBeGreaterThan(0);

    const get = async <T>(path: string) =>
      (await (await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as T;
    const stock = await get<StockReport>('/v1/admin/stock');
    for (const [place, milli] of expected) {
      const [store, sku] = place.split('|');
      expect(stock.items.find((s) => s.storeCode === store && s.sku === sku)?.onHand, place).toBe(milli / 1000);
    }
    const report = await get<MonitoringReport>('/v1/admin/monitoring');
    expect(report.totals).toMatchObject({ duplicateNumbers: 0, seriesGaps: 0, terminalReceiptGaps: 0, terminalReceiptDuplicates: 0 });

    const store: BackOfficeDb = openDatabase(database.url, { poolSize: 1 });
    try {
      const count = async (table: 'sales' | 'refunds') =>
        Number(
          (
            await store.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('sales')).toBe(JOBS_PER_KIND);
      expect(await count('refunds')).toBe(JOBS_PER_KIND);
      const documents = await store.db.selectFrom('stock_documents').select(['kind', 'status']).execute();
      for (const [docKind, status] of [
        ['receipt', 'approved'],
        ['transfer', 'received'],
        ['correction', 'posted'],
        ['supplier_return', 'posted'],
      ]) {
        expect(
          documents.filter((d) => d.kind === docKind && d.status === status),
          docKind,
        ).toHaveLength(JOBS_PER_KIND);
      }
      // Each document moved stock once: one movement per line and step, never two.
      const perDocument = await store.db
        .selectFrom('stock_movements')
        .select(['document_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['document_id', 'kind'])
        .execute();
      for (const row of perDocument) expect(Number(row.n), `${row.kind} ${row.document_id}`).toBe(1);
      expect(perDocument).toHaveLength(JOBS_PER_KIND * 7);
    } finally {
      await store.close();
    }
  });
});
