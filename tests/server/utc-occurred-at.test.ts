import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { build } from '../../server/app';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase } from '../../server/db/database';
import { migrateTo, migrateToLatest } from '../../server/db/migrate';
import { readSettings } from '../../server/settings';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { ADMIN_TOKEN, aSale } from '../support/back-office';
import { createTestDatabase, databaseKinds } from '../support/databases';

/**
 * Migration 0015: a till's own times were stored as it sent them (`+08:00` from a Manila
 * till), and compared as text with UTC bounds. They are stored as UTC text now; the rows of
 * before the upgrade are rewritten to the same instants in that shape.
 */
describe.each(databaseKinds)("a till's times stored before the upgrade with an offset, on %s (migration 0015)", (kind) => {
  it('are rewritten as the UTC text of the same instant; those already in that shape are left as they are', async () => {
    const database = await createTestDatabase(kind);
    const store = openDatabase(database.url);
    try {
      await migrateTo(store, '0014-key-first-dedup');
      await ensureDefaultBusiness(store);
      const { app } = await build({ store, settings: { ...readSettings({}), databaseUrl: database.url, adminToken: ADMIN_TOKEN }, logger: false });
      const created = await addTerminalNow(store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till 1' });
      const { token, terminalId } = await pairTerminal(store, created.pairingCode);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/sales',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': uuidv7() },
          payload: aSale(),
        });
        expect(res.statusCode).toBe(201);
        ids.push(res.json<{ id: string }>().id);
      }
      await app.close();
      // As the builds before stored them: the text the till sent.
      const asSent = ['2026-12-06T20:00:00+08:00', '2026-12-06t21:30:00.5z'];
      for (const [i, text] of asSent.entries()) await store.db.updateTable('sales').set({ occurred_at: text }).where('id', '=', ids[i]!).execute();
      await store.db.updateTable('sales').set({ occurred_at: '2026-12-06T12:00:00.000Z' }).where('id', '=', ids[2]!).execute();
      await store.db.updateTable('terminals').set({ oldest_pending_at: '2026-12-06T08:00:00-01:00' }).where('id', '=', terminalId).execute();

      expect(await migrateToLatest(store)).toContain('0015-utc-occurred-at');
      const stored = await store.db.selectFrom('sales').select(['id', 'occurred_at']).execute();
      expect(Object.fromEntries(stored.map((r) => [r.id, r.occurred_at]))).toEqual({
        [ids[0]!]: '2026-12-06T12:00:00.000Z',
        [ids[1]!]: '2026-12-06T21:30:00.500Z',
        [ids[2]!]: '2026-12-06T12:00:00.000Z',
      });
      const terminal = await store.db.selectFrom('terminals').select('oldest_pending_at').where('id', '=', terminalId).executeTakeFirstOrThrow();
      expect(terminal.oldest_pending_at).toBe('2026-12-06T09:00:00.000Z');
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
