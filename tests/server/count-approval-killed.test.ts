import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { ADMIN_TOKEN, range } from '../support/back-office';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';
import { HeldCounter } from '../support/held-counter';
import { freePort, sendUntilAnswered, ServerProcess } from '../support/server-process';
import { ledgerMilli, seriesValues } from '../support/stock-documents';

const STORES = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const admin = (key: string) => ({ authorization: `Bearer ${ADMIN_TOKEN}`, 'idempotency-key': key });

/** A store with 10 of A received and a count that found 7: its approval posts −3. */
async function storeWithCount(base: string, code: string): Promise<string> {
  const ok = async (path: string, body: unknown, status: number) => {
    const reply = await sendUntilAnswered(base, path, admin(uuidv7()), body);
    expect(reply.status, `${path} ${JSON.stringify(reply.body)}`).toBe(status);
    return reply.body as { id: string };
  };
  await ok('/v1/admin/stores', { businessCode: 'MAIN', code, name: code }, 201);
  const receipt = await ok('/v1/purchase-receipts', { storeCode: code, supplier: 'S', lines: [{ sku: 'A', qty: 10, unitCostMinor: 100 }] }, 201);
  await ok(`/v1/purchase-receipts/${receipt.id}/approve`, {}, 200);
  const count = await ok('/v1/stock-counts', { storeCode: code, startedBy: 'Mario' }, 201);
  await ok(`/v1/stock-counts/${count.id}/lines`, { countedBy: 'Mario', lines: [{ code: 'A', qty: 7, countedAt: new Date().toISOString() }] }, 201);
  return count.id;
}

async function countStatus(store: BackOfficeDb, id: string) {
  return store.db.selectFrom('stock_counts').select(['status', 'correction_id']).where('id', '=', id).executeTakeFirstOrThrow();
}

describe.each(databaseKinds)('kill -9 while counts are being approved on %s', (kind) => {
  let database: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = new ServerProcess(await freePort(), { DATABASE_URL: database.url, POS_ADMIN_TOKEN: ADMIN_TOKEN });
    await server.start();
  });
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
  });

  it(`${STORES} approvals cut by a kill and retried under their keys: each count approved once, one correction each, no gap`, async () => {
    const counts: string[] = [];
    for (let i = 0; i < STORES; i++) counts.push(await storeWithCount(server.base, `K${i}`));
    const approvals = counts.map((id) => sendUntilAnswered(server.base, `/v1/stock-counts/${id}/approve`, admin(`approve-${id}`), { by: 'Liza' }));
    await sleep(15);
    await server.kill();
    await server.start();
    const replies = await Promise.all(approvals);
    for (const reply of replies) expect(reply.status, JSON.stringify(reply.body)).toBe(200);

    const store = openDatabase(database.url, { poolSize: 1 });
    try {
      for (const [i, id] of counts.entries()) {
        const row = await countStatus(store, id);
        expect(row.status).toBe('approved');
        expect(row.correction_id).not.toBeNull();
        expect(await ledgerMilli(store, `K${i}`, 'A')).toBe(7_000);
      }
      const movements = await store.db.selectFrom('stock_movements').select('document_id').where('kind', '=', 'correction').execute();
      expect(movements).toHaveLength(STORES);
      expect(await seriesValues(store, 'correction')).toEqual(range(STORES));
    } finally {
      await store.close();
    }
    // Approving again under a new key is refused and says so.
    const again = await sendUntilAnswered(server.base, `/v1/stock-counts/${counts[0]}/approve`, admin(uuidv7()), { by: 'Liza' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'count_already_approved' });
  }, 300_000);

  it.runIf(kind === 'postgres')(
    'killed while its approval waits for the ADJ counter (after its ledger rows): nothing of it is visible, the retry posts it once',
    async () => {
      const countId = await storeWithCount(server.base, 'HELD');
      const holder = await HeldCounter.hold(database.url, 'correction');
      try {
        const approval = sendUntilAnswered(server.base, `/v1/stock-counts/${countId}/approve`, admin('held-approval'), { by: 'Liza' });
        expect(await holder.untilSomeoneWaits()).toBeGreaterThan(0);
        await server.kill();
        await holder.release();

        const check = openDatabase(database.url, { poolSize: 1 });
        try {
          await holder.untilKilledTransactionsEnd();
          expect(await countStatus(check, countId)).toEqual({ status: 'open', correction_id: null });
          expect(await ledgerMilli(check, 'HELD', 'A')).toBe(10_000);
          expect(await seriesValues(check, 'correction')).toEqual(range(STORES));
        } finally {
          await check.close();
        }

        await server.start();
        const reply = await approval;
        expect(reply.status).toBe(200);
        expect(reply.attempts).toBeGreaterThan(1);
        const store = openDatabase(database.url, { poolSize: 1 });
        try {
          expect((await countStatus(store, countId)).status).toBe('approved');
          expect(await ledgerMilli(store, 'HELD', 'A')).toBe(7_000);
          expect(await seriesValues(store, 'correction')).toEqual(range(STORES + 1));
        } finally {
          await store.close();
        }
      } finally {
        await holder.close();
      }
    },
    300_000,
  );
});
