import { describe, expect, it } from 'vitest';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase } from '../../server/db/database';
import { migrateTo, migrateToLatest } from '../../server/db/migrate';
import { monitoringReport } from '../../server/monitoring/monitoring-report';
import { readWatchSettings } from '../../server/monitoring/watch-settings';
import { createTestDatabase, databaseKinds } from '../support/databases';

/**
 * Monitoring counts the first-time writes of the last 24 h per endpoint from the stored
 * answers, by the route each answered (migration 0005). Answers stored before that
 * migration are labelled by it, so a report right after an upgrade counts them too.
 */
describe.each(databaseKinds)('stored answers by endpoint on %s (migration 0005)', (kind) => {
  it('answers stored before the upgrade are labelled with their route and counted; one that matches no route stays unlabelled', async () => {
    const database = await createTestDatabase(kind);
    const store = openDatabase(database.url);
    try {
      await migrateTo(store, '0004-hardening');
      await ensureDefaultBusiness(store);
      const now = new Date();
      const answer = (key: string, path: string) => ({
        scope: 'terminal:t1',
        key,
        method: 'POST',
        path,
        fingerprint: 'f',
        status: 201,
        body: '{}',
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      });
      await store.db
        .insertInto('idempotency_responses')
        .values([
          answer('a', '/v1/sales'),
          answer('b', '/v1/sales'),
          answer('c', '/v1/sales/0190f3e2-aaaa/refund'),
          answer('d', '/v1/transfers/x/send'),
          answer('e', '/v1/something-else'),
        ])
        .execute();

      expect(await migrateToLatest(store)).toContain('0005-answers-by-endpoint');
      const labelled = await store.db.selectFrom('idempotency_responses').select(['key', 'endpoint']).orderBy('key').execute();
      expect(labelled).toEqual([
        { key: 'a', endpoint: 'POST /v1/sales' },
        { key: 'b', endpoint: 'POST /v1/sales' },
        { key: 'c', endpoint: 'POST /v1/sales/:id/refund' },
        { key: 'd', endpoint: 'POST /v1/transfers/:id/send' },
        { key: 'e', endpoint: null },
      ]);

      const report = await monitoringReport(store, readWatchSettings({}), now);
      const requests = Object.fromEntries(report.replays.map((r) => [r.endpoint, r.requests]));
      expect(requests).toMatchObject({
        'POST /v1/sales': 2,
        'POST /v1/sales/:id/refund': 1,
        'POST /v1/transfers/:id/send': 1,
        'POST /v1/transfers': 0,
      });
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
