import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { WRITER_CEILING_PAGES } from '../../server/db/wal-checkpoints';
import { createTestDatabase, type TestDatabase } from '../support/databases';

/** Polls `check` until it holds (bounded: 10 s). */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(check()).toBe(true);
}

describe('the WAL checkpoints of a SQLite back office run in a worker thread, not in its commits', () => {
  let database: TestDatabase;
  let store: BackOfficeDb | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await database.drop();
  });

  /** About 2,600 pages of 4 KB, in 200 commits of their own (more than SQLite's 1,000-page auto-checkpoint). */
  async function writeTenMegabytes(on: BackOfficeDb) {
    await sql`create table if not exists receipts (id integer primary key, body text not null)`.execute(on.db);
    for (let commit = 0; commit < 200; commit++)
      await on.db.transaction().execute(async (trx) => {
        for (let row = 0; row < 10; row++) await sql`insert into receipts (body) values (${'x'.repeat(5000)})`.execute(trx);
      });
  }

  it('copies every committed page into the database file while the writer only commits, and the WAL stops growing', async () => {
    database = await createTestDatabase('sqlite');
    const file = database.url.slice('sqlite:'.length);
    store = openDatabase(database.url, { checkpoints: 'background' });
    // The writer checkpoints itself only past the ceiling, should the worker fall behind.
    expect(store.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_CEILING_PAGES);

    await writeTenMegabytes(store);
    const checkpoints = store.checkpoints!;
    await eventually(
      () => checkpoints.stats.runs > 0 && checkpoints.stats.walFrames > 0 && checkpoints.stats.checkpointedFrames === checkpoints.stats.walFrames,
    );
    expect(checkpoints.stats.errors).toBe(0);
    // Everything is in the database file: nothing is left to copy.
    const [left] = store.sqlite!.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(left!.checkpointed).toBe(left!.log);
    // 10 MB went through a WAL that the writer restarted once the worker had copied it.
    expect(statSync(`${file}-wal`).size).toBeLessThan(WRITER_CEILING_PAGES * 4096 + 1024 * 1024);
    expect(statSync(file).size).toBeGreaterThan(10_000_000);

    await store.close();
    store = undefined;
    // The last connection to close removed the WAL: the worker closed its own first.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = openDatabase(database.url);
    const { rows } = await sql<{ n: number }>`select count(*) as n from receipts`.execute(reopened.db);
    expect(Number(rows[0]!.n)).toBe(2000);
    await reopened.close();
  });

  it('are left to the writer, as SQLite does, when the store is not opened for the server (tools, tests, the report worker)', async () => {
    database = await createTestDatabase('sqlite');
    store = openDatabase(database.url);
    expect(store.checkpoints).toBeUndefined();
    expect(store.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await writeTenMegabytes(store);
    const [left] = store.sqlite!.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(left!.checkpointed).toBe(left!.log);
  });
});
