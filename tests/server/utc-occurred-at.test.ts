import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { up } from '../../server/db/migrations/0015-utc-occurred-at';
import { aSale, startBackOffice } from '../support/back-office';
import { asMigrated, databaseKinds } from '../support/databases';

/**
 * Migration 0015: a till's own times were stored as it sent them (`+08:00` from a Manila
 * till), and compared as text with UTC bounds. They are stored as UTC text now; the rows of
 * before the upgrade are rewritten to the same instants in that shape. (The rows are made by
 * today's code, then given the text the builds before stored, and the migration runs.)
 */
describe.each(databaseKinds)("a till's times stored before the upgrade with an offset, on %s (migration 0015)", (kind) => {
  it('are rewritten as the UTC text of the same instant; those already in that shape are left as they are', async () => {
    const office = await startBackOffice(kind);
    try {
      const { store } = office;
      const till = await office.pairTerminal();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers(uuidv7()), payload: aSale() });
        expect(res.statusCode).toBe(201);
        ids.push(res.json<{ id: string }>().id);
      }
      // As the builds before stored them: the text the till sent.
      const asSent = ['2026-12-06T20:00:00+08:00', '2026-12-06t21:30:00.5z'];
      for (const [i, text] of asSent.entries()) await store.db.updateTable('sales').set({ occurred_at: text }).where('id', '=', ids[i]!).execute();
      await store.db.updateTable('sales').set({ occurred_at: '2026-12-06T12:00:00.000Z' }).where('id', '=', ids[2]!).execute();
      await store.db.updateTable('terminals').set({ oldest_pending_at: '2026-12-06T08:00:00-01:00' }).where('id', '=', till.id).execute();

      await asMigrated(store, up);
      const stored = await store.db.selectFrom('sales').select(['id', 'occurred_at']).execute();
      expect(Object.fromEntries(stored.map((r) => [r.id, r.occurred_at]))).toEqual({
        [ids[0]!]: '2026-12-06T12:00:00.000Z',
        [ids[1]!]: '2026-12-06T21:30:00.500Z',
        [ids[2]!]: '2026-12-06T12:00:00.000Z',
      });
      const terminal = await store.db.selectFrom('terminals').select('oldest_pending_at').where('id', '=', till.id).executeTakeFirstOrThrow();
      expect(terminal.oldest_pending_at).toBe('2026-12-06T09:00:00.000Z');
    } finally {
      await office.close();
    }
  });
});
