import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../server/app';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase } from '../../server/db/database';
import { LATEST_MIGRATION, migrateToLatest } from '../../server/db/migrate';
import { readSettings } from '../../server/settings';
import { ADMIN_TOKEN } from '../support/back-office';
import { createTestDatabase, type TestDatabase } from '../support/databases';

/** Found by a black-box probe of the operator's path: what the back office's log says of the requests it answers. */
describe("the back office's request log", () => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.drop());

  it('one line per answered request with its method, path and status; health checks only when they fail; a refused admin token warned', async () => {
    database = await createTestDatabase('sqlite');
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Record<string, unknown>);
        done();
      },
    });
    const store = openDatabase(database.url);
    await migrateToLatest(store);
    await ensureDefaultBusiness(store);
    const { app } = await build({
      store,
      settings: { ...readSettings({}), databaseUrl: database.url, adminToken: ADMIN_TOKEN },
      logger: { level: 'info', stream },
    });
    try {
      for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      // Which schema this instance's code is for: old and new instances tell apart in a rolling upgrade.
      expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok', db: 'sqlite', schema: LATEST_MIGRATION });
      expect((await app.inject({ method: 'GET', url: '/v1/catalog?since=0' })).statusCode).toBe(401);
      expect(
        (await app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: { authorization: 'Bearer wrong-token-guess-0000' } })).statusCode,
      ).toBe(401);
    } finally {
      await app.close();
      await store.close();
    }
    const answered = lines.filter((line) => line.msg === 'request answered');
    expect(answered.map((line) => [line.method, line.path, line.status])).toEqual([
      ['GET', '/v1/catalog', 401],
      ['GET', '/v1/admin/monitoring', 401],
    ]);
    expect(lines.some((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toBe(false);
    const refused = lines.filter((line) => line.msg === 'admin token refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 40, path: '/v1/admin/monitoring', tokenSent: true });
    // The token itself is never in the log.
    expect(JSON.stringify(lines)).not.toContain('wrong-token-guess');
  });
});
