import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { build } from '../server/app';
import { ensureDefaultBusiness } from '../server/businesses';
import { openDatabase } from '../server/db/database';
import { migrateToLatest } from '../server/db/migrate';
import { readSettings } from '../server/settings';

export interface LocalBackOffice {
  url: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The back office in this process, exactly as `counter-server serve` runs it: migrated,
 * business MAIN / store MAIN, listening on 127.0.0.1. The environment may override
 * DATABASE_URL, PORT and LOG_LEVEL as for the server itself.
 */
export async function startLocalBackOffice(options: { databaseUrl: string; adminToken: string }): Promise<LocalBackOffice> {
  const settings = readSettings({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || options.databaseUrl,
    POS_ADMIN_TOKEN: process.env.POS_ADMIN_TOKEN || options.adminToken,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    HOST: '127.0.0.1',
  });
  if (settings.databaseUrl.startsWith('sqlite:')) mkdirSync(dirname(resolve(settings.databaseUrl.slice('sqlite:'.length))), { recursive: true });
  const store = openDatabase(settings.databaseUrl, { checkpoints: 'background' });
  await migrateToLatest(store);
  await ensureDefaultBusiness(store);
  const { app } = await build({ store, settings });
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    await app.close();
    await store.close();
    const busy = (error as { code?: string }).code === 'EADDRINUSE';
    throw new Error(
      busy ? `Port ${settings.port} is taken (is a back office already running?). Stop it, or set PORT=<another port>.` : String(error),
      { cause: error },
    );
  }
  const address = app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : settings.port;
  return {
    url: `http://127.0.0.1:${port}`,
    databaseUrl: settings.databaseUrl,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/**
 * A back office already answering on this machine's port (for instance `npm run
 * demo:back-office` in another terminal), or null. Closing it is left to its own process.
 */
export async function runningBackOffice(port: number): Promise<LocalBackOffice | null> {
  if (!Number.isInteger(port) || port <= 0) return null;
  const url = `http://127.0.0.1:${port}`;
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1500) });
    const body = (await response.json()) as { status?: unknown; db?: unknown };
    if (!response.ok || body.status !== 'ok') return null;
    return { url, databaseUrl: `the running back office (${String(body.db)})`, close: async () => undefined };
  } catch {
    return null;
  }
}
