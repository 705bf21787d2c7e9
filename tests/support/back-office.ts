import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { build } from '../../server/app';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type BackOfficeDb, type DatabaseKind, type OpenOptions } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import type { ServerMetrics } from '../../server/metrics';
import type { Services } from '../../server/services';
import { readSettings, type ServerSettings } from '../../server/settings';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import type { SaleRequest } from '../../protocol';
import type { Database } from '../../server/db/tables';
import { createTestDatabase, type TestDatabase } from './databases';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface PairedTerminal {
  id: string;
  code: string;
  token: string;
  headers(key?: string): Record<string, string>;
}

export interface TestBackOffice {
  kind: DatabaseKind;
  database: TestDatabase;
  store: BackOfficeDb;
  app: FastifyInstance;
  metrics: ServerMetrics;
  services: Services;
  settings: ServerSettings;
  /** The routes that take an Idempotency-Key, as the app registered them. */
  writeEndpoints: readonly string[];
  /** Every route, "METHOD /path". */
  routes: readonly string[];
  adminHeaders(key?: string): Record<string, string>;
  pairTerminal(options?: { storeCode?: string; businessCode?: string; name?: string }): Promise<PairedTerminal>;
  close(): Promise<void>;
}

/** A migrated back office on a database of its own, driven through app.inject. */
export async function startBackOffice(
  kind: DatabaseKind,
  overrides: Partial<ServerSettings> = {},
  existing?: TestDatabase,
  openOptions: OpenOptions = {},
): Promise<TestBackOffice> {
  const database = existing ?? (await createTestDatabase(kind));
  const settings: ServerSettings = { ...readSettings({}), databaseUrl: database.url, adminToken: ADMIN_TOKEN, ...overrides };
  const store = openDatabase(database.url, openOptions);
  await migrateToLatest(store);
  await ensureDefaultBusiness(store);
  const { app, metrics, services, writeEndpoints, routes } = await build({ store, settings, logger: false });
  const withKey = (headers: Record<string, string>, key?: string) => (key === undefined ? headers : { ...headers, 'idempotency-key': key });
  return {
    kind,
    database,
    store,
    app,
    metrics,
    services,
    settings,
    writeEndpoints,
    routes,
    adminHeaders: (key) => withKey({ authorization: `Bearer ${ADMIN_TOKEN}` }, key),
    async pairTerminal(options = {}) {
      const created = await addTerminalNow(store, {
        businessCode: options.businessCode ?? 'MAIN',
        storeCode: options.storeCode ?? 'MAIN',
        name: options.name ?? 'Till',
      });
      const paired = await pairTerminal(store, created.pairingCode);
      return {
        id: paired.terminalId,
        code: paired.terminalCode,
        token: paired.token,
        headers: (key) => withKey({ authorization: `Bearer ${paired.token}` }, key),
      };
    },
    async close() {
      await app.close();
      await store.close();
      if (!existing) await database.drop();
    },
  };
}

/** Signs in to the fleet page with the admin token, as a manager's browser does: the session cookie to send (`name=value`). */
export async function fleetSessionCookie(office: TestBackOffice): Promise<string> {
  const login = await office.app.inject({
    method: 'POST',
    url: '/fleet/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${ADMIN_TOKEN}`,
  });
  return String(login.headers['set-cookie']).split(';')[0]!;
}

/** Listens on 127.0.0.1 (`port` 0: any free one) and answers the address tills are given. */
export async function listenOnLoopback(office: TestBackOffice, port = 0): Promise<{ url: string; port: number }> {
  await office.app.listen({ port, host: '127.0.0.1' });
  const address = office.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, port: address.port };
}

let saleCounter = 0;
/** A plausible sale, with any field overridden. */
export function aSale(overrides: Partial<SaleRequest> = {}): SaleRequest {
  saleCounter += 1;
  return {
    localNumber: `T01-${String(saleCounter).padStart(6, '0')}`,
    occurredAt: new Date().toISOString(),
    cashier: 'ana',
    lines: [{ sku: 'RICE-5KG', name: 'Rice 5 kg', qty: 1, unitPriceMinor: 32_500 }],
    payments: [{ method: 'cash', amountMinor: 50_000 }],
    ...overrides,
  };
}

/** Counts rows of a table, the way every test checks what was really stored. */
export async function countRows(store: BackOfficeDb, table: keyof Database): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The invoice counter values of all sales, sorted: a gapless series is 1..n. */
export async function invoiceSeriesValues(store: BackOfficeDb): Promise<number[]> {
  const rows = await store.db.selectFrom('sales').select('series_value').orderBy('series_value').execute();
  return rows.map((r) => Number(r.series_value));
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** What an exactly-once scenario checks last: invoice numbers 1..n without a gap, and one stored answer per sale. */
export async function expectGaplessWithOneAnswerPerSale(store: BackOfficeDb): Promise<void> {
  const values = await invoiceSeriesValues(store);
  expect(values).toEqual(range(values.length));
  expect(await countRows(store, 'idempotency_responses')).toBe(await countRows(store, 'sales'));
}
