import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { cleanupExpiredResponses } from '../../server/idempotency/idempotent-writes';
import { adminPost } from '../support/stock-documents';
import { countRows, startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/** A day later, a year later: whatever the response cache's TTL, it has been cleaned up. */
const muchLater = () => new Date(Date.now() + 400 * 86_400_000);

describe.each(databaseKinds)('admin creates are deduplicated by their key forever on %s', (kind) => {
  let office: TestBackOffice;
  beforeAll(async () => {
    office = await startBackOffice(kind);
  });
  afterAll(async () => office.close());

  const footprint = async () => ({
    businesses: await countRows(office.store, 'businesses'),
    stores: await countRows(office.store, 'stores'),
    terminals: await countRows(office.store, 'terminals'),
  });

  const cases = [
    { what: 'a business', url: '/v1/admin/businesses', body: { code: 'SOUTH', name: 'South' }, other: { code: 'SOUTH2', name: 'South 2' } },
    {
      what: 'a store',
      url: '/v1/admin/stores',
      body: { businessCode: 'MAIN', code: 'S2', name: 'Second store' },
      other: { businessCode: 'MAIN', code: 'S3', name: 'Third store' },
    },
    { what: 'a terminal', url: '/v1/admin/terminals', body: { storeCode: 'MAIN', name: 'Till 7' }, other: { storeCode: 'MAIN', name: 'Till 8' } },
  ];

  for (const c of cases) {
    it(`returns the original ${c.what} for its key after the stored answer expired, and creates nothing`, async () => {
      const key = uuidv7();
      const first = await adminPost(office, c.url, c.body, key);
      expect(first.statusCode).toBe(201);
      const afterFirst = await footprint();

      expect(await cleanupExpiredResponses(office.store, muchLater())).toBeGreaterThanOrEqual(1);
      const stored = await office.store.db.selectFrom('idempotency_responses').select('key').where('key', '=', key).execute();
      expect(stored).toEqual([]);

      const replay = await adminPost(office, c.url, c.body, key);
      expect(replay.statusCode).toBe(200);
      expect(replay.headers['x-idempotent-replay']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await footprint()).toEqual(afterFirst);

      const reused = await adminPost(office, c.url, c.other, key);
      expect(reused.statusCode).toBe(422);
      expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
      expect(await footprint()).toEqual(afterFirst);
    });
  }

  it('refuses the key of one admin create on another endpoint, even after the stored answer expired', async () => {
    const key = uuidv7();
    expect((await adminPost(office, '/v1/admin/stores', { businessCode: 'MAIN', code: 'S9', name: 'Ninth' }, key)).statusCode).toBe(201);
    await cleanupExpiredResponses(office.store, muchLater());
    const before = await footprint();
    const reused = await adminPost(office, '/v1/admin/terminals', { storeCode: 'MAIN', name: 'Till 9' }, key);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await footprint()).toEqual(before);
  });
});
