import { range } from './back-office';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { addTerminalNow } from '../../server/terminals/pairing';
import { openTerminalCore, type TerminalCore } from '../../terminal/terminal-core';
import type { SyncTuning } from '../../terminal/sync/tuning';
import { createTestDatabase, type TestDatabase } from './databases';
import { freePort, ServerProcess } from './server-process';

/**
 * The real back office (`server/main.ts serve`, its own process, on SQLite) and a paired
 * terminal core with the shipped sync tuning: the rig for "how soon does the till notice
 * the back office is gone, and how soon does its queue move once it is back". Shared by
 * tests/terminal/outage-notice.test.ts and bench/terminal/outage-notice.ts.
 */
export interface OutageRig {
  server: ServerProcess;
  core: TerminalCore;
  /** The sales the back office holds: idempotency key and invoice series value, by series. */
  serverSales(): Promise<{ key: string; seriesValue: number }[]>;
  close(): Promise<void>;
}

export async function startOutageRig(dataDir: string, tuning: Partial<SyncTuning> = {}): Promise<OutageRig> {
  const database: TestDatabase = await createTestDatabase('sqlite');
  const setup = openDatabase(database.url);
  await migrateToLatest(setup);
  await ensureDefaultBusiness(setup);
  const { pairingCode } = await addTerminalNow(setup, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till' });
  await setup.close();
  const server = new ServerProcess(await freePort(), { DATABASE_URL: database.url, POS_ADMIN_TOKEN: 'outage-rig-admin-token-0001' });
  await server.start();
  const core = await openTerminalCore({ dataDir, appVersion: '0.1.0-test', sync: tuning });
  await core.pair({ serverUrl: server.base, pairingCode });
  return {
    server,
    core,
    async serverSales() {
      const store = openDatabase(database.url);
      try {
        const rows = await store.db.selectFrom('sales').select(['idempotency_key', 'series_value']).orderBy('series_value').execute();
        return rows.map((r) => ({ key: r.idempotency_key, seriesValue: Number(r.series_value) }));
      } finally {
        await store.close();
      }
    },
    async close() {
      await core.close();
      await server.stop();
      await database.drop();
    },
  };
}

export interface OutageTimes {
  /** From the back office going away until the status said offline. */
  noticedMs: number;
  /** From the back office answering again until the queue was empty. */
  drainedMs: number;
}

/** Polls (never asserts on time itself) and gives the moment the condition held; throws once `boundMs` has passed. */
async function when(condition: () => Promise<boolean>, what: string, boundMs: number): Promise<number> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    if (await condition()) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what}: not within ${boundMs} ms`);
}

/**
 * One outage: the back office stops (SIGTERM) while the till is online; `ringUpDuring`
 * sales are rung up while it is down (0: an idle till); it stays down at least `downMs`,
 * then comes back. Waits at most `boundMs` for each of: the status going offline (from the
 * moment the stop began), the queue emptying (from the moment the back office is healthy).
 */
export async function oneOutage(
  rig: OutageRig,
  options: { ringUpDuring: number; downMs: number; boundMs: number; ringUp: (core: TerminalCore) => Promise<unknown> },
): Promise<OutageTimes> {
  const { core, server } = rig;
  await when(async () => (await core.getStatus()).online, 'the till to be online first', options.boundMs);
  // Let the start-up calls (first heartbeat, catalog pull, probe) finish: an outage met by one of them says nothing.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const goneAt = Date.now();
  await server.stop();
  for (const _ of range(options.ringUpDuring)) await options.ringUp(core);
  const noticedAt = await when(async () => !(await core.getStatus()).online, 'the till to notice the outage', options.boundMs);
  const rest = goneAt + options.downMs - Date.now();
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  await server.start();
  const backAt = Date.now();
  const drainedAt = await when(async () => (await core.getStatus()).pending === 0, 'the queue to drain', options.boundMs);
  return { noticedMs: noticedAt - goneAt, drainedMs: drainedAt - backAt };
}
