/**
 * Ingest benchmark: POST /v1/sales with the full idempotency contract against a raw-insert
 * baseline on the same server and database, 32 concurrent terminals; then the latency of
 * a replay next to a first request. Figures and ratios, not pass/fail.
 *
 *   npx tsx bench/server/ingest.ts            (SQLite and PostgreSQL)
 *   BENCH_SALES=2000 BENCH_DB=sqlite npx tsx bench/server/ingest.ts
 */
import { build } from '../../server/app';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type DatabaseKind } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { readSettings } from '../../server/settings';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { createTestDatabase } from '../../tests/support/databases';
import { rawSalesRoute } from './raw-sales-route';

const TERMINALS = 32;
const SALES = Number(process.env.BENCH_SALES ?? 3200);
const REPLAYS = Number(process.env.BENCH_REPLAYS ?? 500);
const kinds = (process.env.BENCH_DB ? [process.env.BENCH_DB] : ['sqlite', 'postgres']) as DatabaseKind[];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function saleBody(terminal: number, n: number) {
  return {
    localNumber: `B${terminal}-${n}`,
    occurredAt: new Date().toISOString(),
    cashier: 'bench',
    lines: [1, 2, 3].map((l) => ({ sku: `SKU-${l}`, qty: l, unitPriceMinor: 1250 * l })),
    payments: [{ method: 'cash', amountMinor: 20_000 }],
  };
}

async function post(url: string, token: string, key: string, body: unknown): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`HTTP ${response.status}`);
  return response.status;
}

/** 32 terminals each sending its share back to back; returns sales per second. */
async function load(url: string, tokens: string[], prefix: string, numberOffset: number): Promise<number> {
  const perTerminal = Math.ceil(SALES / tokens.length);
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token, t) => {
      for (let n = 0; n < perTerminal; n++) await post(url, token, `${prefix}-${t}-${n}`, saleBody(t, numberOffset + n));
    }),
  );
  return (perTerminal * tokens.length) / ((performance.now() - started) / 1000);
}

async function latencies(url: string, token: string, keys: string[], bodyOf: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const started = performance.now();
    await post(url, token, keys[i] ?? '', bodyOf(i));
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

async function benchmark(kind: DatabaseKind) {
  const database = await createTestDatabase(kind);
  const store = openDatabase(database.url, { poolSize: 16 });
  await migrateToLatest(store);
  await ensureDefaultBusiness(store);
  const tokens: string[] = [];
  for (let i = 0; i < TERMINALS; i++) {
    const created = await addTerminalNow(store, { businessCode: 'MAIN', storeCode: 'MAIN', name: `Bench ${i}` });
    tokens.push((await pairTerminal(store, created.pairingCode)).token);
  }
  const { app } = await build({ store, settings: { ...readSettings({}), databaseUrl: database.url }, logger: false, extraRoutes: [rawSalesRoute] });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    await load(`${base}/bench/raw-sales`, tokens.slice(0, 4), 'warm', 3_000_000);
    const raw = await load(`${base}/bench/raw-sales`, tokens, 'raw', 1_000_000);
    const full = await load(`${base}/v1/sales`, tokens, 'full', 0);
    const token = tokens[0] ?? '';
    const keys = Array.from({ length: REPLAYS }, (_, i) => `lat-${i}`);
    const bodies = keys.map((_, i) => saleBody(0, 2_000_000 + i));
    const firsts = await latencies(`${base}/v1/sales`, token, keys, (i) => bodies[i]);
    const replays = await latencies(`${base}/v1/sales`, token, keys, (i) => bodies[i]);
    console.log(`\n[${kind}] ${TERMINALS} concurrent terminals, ${SALES} sales each run (3 lines, durable commits)`);
    console.log(`  raw insert           ${raw.toFixed(0)} sales/s`);
    console.log(`  POST /v1/sales       ${full.toFixed(0)} sales/s (idempotency + review flags)`);
    console.log(`  ratio full/raw       ${(full / raw).toFixed(2)}   (goal >= 0.85)`);
    console.log(`  first request        p50 ${percentile(firsts, 50).toFixed(2)} ms   p99 ${percentile(firsts, 99).toFixed(2)} ms`);
    console.log(`  replay               p50 ${percentile(replays, 50).toFixed(2)} ms   p99 ${percentile(replays, 99).toFixed(2)} ms`);
    console.log(`  replay/first p50     ${(percentile(replays, 50) / percentile(firsts, 50)).toFixed(2)}`);
  } finally {
    await app.close();
    await store.close();
    await database.drop();
  }
}

for (const kind of kinds) await benchmark(kind);
