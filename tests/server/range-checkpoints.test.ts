import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { migrateTo, migrateToLatest } from '../../server/db/migrate';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';

/**
 * Migration 0011: a checkpoint whose gaps are ranges, written under a bare kind by the
 * builds of one day, would be read as single numbers by a server of the version before
 * (running beside this one during a rolling upgrade). Such rows go; the earlier format stays.
 */
describe.each(databaseKinds)('continuity checkpoints saved as ranges under a bare kind, on %s', (kind) => {
  let database: TestDatabase;
  let store: BackOfficeDb;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = openDatabase(database.url);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('are removed by migration 0011; single-number rows and rows under the ranges kinds stay', async () => {
    await migrateTo(store, '0010-sold-by');
    const row = (kindName: string, group: string, missing: string) => ({
      kind: kindName,
      group_key: group,
      scanned_through: 10,
      present: 8,
      row_count: 8,
      missing,
      updated_at: '2026-11-30T12:00:00.000Z',
      epoch: 0,
    });
    await store.db
      .insertInto('continuity_checkpoints')
      .values([
        row('series', 'b1 invoice 202611', '[[3,4]]'),
        row('receipts', 'b1 t1 X9-', '[[2,199999999]]'),
        row('series', 'b1 return 202611', '[3,4]'),
        row('receipts/ranges', 'b1 t2 R-', '[[3,4]]'),
      ])
      .execute();
    expect(await migrateToLatest(store)).toContain('0011-range-checkpoints');
    const left = await store.db.selectFrom('continuity_checkpoints').select(['kind', 'group_key', 'missing']).orderBy('group_key').execute();
    expect(left).toEqual([
      { kind: 'series', group_key: 'b1 return 202611', missing: '[3,4]' },
      { kind: 'receipts/ranges', group_key: 'b1 t2 R-', missing: '[[3,4]]' },
    ]);
  });
});
