import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { BackOfficeDb, DatabaseKind } from '../../server/db/database';

/** Every server test runs on both databases; PostgreSQL must be up (.ci/run starts it). */
export const databaseKinds: DatabaseKind[] = ['sqlite', 'postgres'];

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one test file or test. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'counter-test-'));
    return { kind, url: `sqlite:${join(dir, 'server.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `counter_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Runs one migration's step as the migrator does: on PostgreSQL in a transaction, on SQLite
 * on the connection itself (a migration there opens its own transaction when it needs one).
 */
export async function asMigrated(store: BackOfficeDb, run: (db: Kysely<unknown>) => Promise<void>): Promise<void> {
  if (store.kind === 'postgres') await store.db.transaction().execute((trx) => run(trx as unknown as Kysely<unknown>));
  else await run(store.db as Kysely<unknown>);
}
