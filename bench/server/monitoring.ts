/**
 * Monitoring benchmark: GET /v1/admin/monitoring and GET /fleet over a back office holding
 * 1,000,000 sales (seeded in bulk SQL, not through HTTP), while a till keeps selling, and
 * a heartbeat's latency alone and while reports run. The server runs as a process of its
 * own (the client's event loop is not the server's). Figures and ratios, not pass/fail.
 *
 *   npx tsx bench/server/monitoring.ts                      (SQLite and PostgreSQL)
 *   BENCH_MONITORING_SALES=200000 BENCH_DB=sqlite npx tsx bench/server/monitoring.ts
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type BackOfficeDb, type DatabaseKind } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { createTestDatabase } from '../../tests/support/databases';
import { freePort, ServerProcess } from '../../tests/support/server-process';

export const SALES = Number(process.env.BENCH_MONITORING_SALES ?? 1_000_000);
const TERMINALS = 50;
const PERIODS = 12;
const REPORTS = Number(process.env.BENCH_REPORTS ?? 60);
const HEARTBEATS = Number(process.env.BENCH_HEARTBEATS ?? 300);
const WINDOW_RESPONSES = 10_000;
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const kinds = (process.env.BENCH_DB ? [process.env.BENCH_DB] : ['sqlite', 'postgres']) as DatabaseKind[];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * SALES sales over PERIODS months of 2025 (each month's invoice values 1..n, its counter
 * at n) from TERMINALS tills (receipts B<t>-0000001.. in order), generated inside the
 * database in one statement per table, through every index and constraint a sale has.
 */
export async function seed(store: BackOfficeDb, terminalIds: string[]): Promise<void> {
  const business = await store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
  const shop = await store.db.selectFrom('stores').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
  const perPeriod = Math.ceil(SALES / PERIODS);
  await sql`create table bench_terminals (n integer primary key, id text not null, code text not null)`.execute(store.db);
  await store.db
    .insertInto('bench_terminals' as never)
    .values(terminalIds.map((id, n) => ({ n, id, code: `B${n}` })) as never)
    .execute();
  const sqlite = store.kind === 'sqlite';
  const numbers = sqlite ? sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${SALES})` : sql``;
  const source = sqlite ? sql`from s` : sql`from generate_series(1, ${SALES}) as s(i)`;
  const pad = (expression: string, width: number) =>
    sqlite ? sql.raw(`printf('%0${width}d', ${expression})`) : sql.raw(`lpad((${expression})::text, ${width}, '0')`);
  const div = (a: string, b: number) => (sqlite ? `(${a}) / ${b}` : `((${a}) / ${b})`);
  const period = sqlite
    ? sql.raw(`'2025-' || printf('%02d', ${div('i - 1', perPeriod)} + 1)`)
    : sql.raw(`'2025-' || lpad((${div('i - 1', perPeriod)} + 1)::text, 2, '0')`);
  const value = sql.raw(`(((i - 1) % ${perPeriod}) + 1)`);
  await sql`${numbers}
    insert into sales (id, business_id, store_id, terminal_id, idempotency_key, fingerprint, local_number, invoice_number, series_period, series_value,
                       occurred_at, received_at, cashier, note, total_minor, paid_minor, status, flags)
    select '00000000-0000-7000-8000-' || ${pad('i', 12)}, ${business.id}, ${shop.id}, t.id, 'bench-' || i, 'bench',
           t.code || '-' || ${pad(div('i - 1', TERMINALS) + ' + 1', 7)}, 'INV-' || ${period} || '-' || ${value}, ${period}, ${value},
           '2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z', 'bench', null, 1000, 1000, 'recorded', '[]'
    ${source} join bench_terminals t on t.n = (i - 1) % ${TERMINALS}`.execute(store.db);
  for (let p = 0; p < PERIODS; p++) {
    const count = Math.max(0, Math.min(perPeriod, SALES - p * perPeriod));
    if (count === 0) continue;
    await store.db
      .insertInto('number_counters')
      .values({ business_id: business.id, series: 'invoice', period: `2025-${String(p + 1).padStart(2, '0')}`, last_value: count })
      .execute();
  }
  // A day's worth of stored answers, for the replays-per-endpoint figure.
  const now = Date.now();
  const rows = Array.from({ length: WINDOW_RESPONSES }, (_, i) => ({
    scope: 'terminal:bench',
    key: `window-${i}`,
    method: 'POST',
    path: i % 10 === 0 ? `/v1/sales/${i}/refund` : '/v1/sales',
    fingerprint: 'bench',
    status: 201,
    body: '{}',
    created_at: new Date(now - (i % 86_000) * 1000).toISOString(),
    expires_at: new Date(now - (i % 86_000) * 1000 + 86_400_000).toISOString(),
    endpoint: i % 10 === 0 ? 'POST /v1/sales/:id/refund' : 'POST /v1/sales',
  }));
  for (let i = 0; i < rows.length; i += 500)
    await store.db
      .insertInto('idempotency_responses')
      .values(rows.slice(i, i + 500))
      .execute();
  await sql`drop table bench_terminals`.execute(store.db);
  await sql`analyze`.execute(store.db);
}

async function timed(call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await call();
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`HTTP ${response.status}`);
  return performance.now() - started;
}

async function benchmark(kind: DatabaseKind) {
  const database = await createTestDatabase(kind);
  const store = openDatabase(database.url, { poolSize: 16 });
  await migrateToLatest(store);
  await ensureDefaultBusiness(store);
  const tokens: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < TERMINALS; i++) {
    const created = await addTerminalNow(store, { businessCode: 'MAIN', storeCode: 'MAIN', name: `Bench ${i}` });
    const paired = await pairTerminal(store, created.pairingCode);
    tokens.push(paired.token);
    ids.push(paired.terminalId);
  }
  let started = performance.now();
  await seed(store, ids);
  const seeded = performance.now() - started;
  // The server as a process of its own (server/main.ts serve): the client's timers and
  // sockets do not share its event loop, so a heartbeat's time is the server's.
  await store.close();
  const server = new ServerProcess(await freePort(), { DATABASE_URL: database.url, POS_ADMIN_TOKEN: ADMIN_TOKEN });
  await server.start();
  const base = server.base;
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  try {
    const login = await fetch(`${base}/fleet/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${ADMIN_TOKEN}`,
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const monitoring = () => timed(() => fetch(`${base}/v1/admin/monitoring`, { headers: admin }));
    const fleet = () => timed(() => fetch(`${base}/fleet`, { headers: { cookie } }));
    const heartbeat = () =>
      timed(() =>
        fetch(`${base}/v1/terminals/heartbeat`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[1]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ queueDepth: 0, oldestPendingAt: null, needsAttention: 0, appVersion: 'bench' }),
        }),
      );

    started = performance.now();
    const first = await monitoring();
    const catchUp = performance.now() - started;

    // A till keeps selling the whole time, so every report has new rows to verify.
    let selling = true;
    let sold = 0;
    const till = (async () => {
      while (selling) {
        const body = {
          localNumber: `LIVE-${sold + 1}`,
          occurredAt: new Date().toISOString(),
          cashier: 'bench',
          lines: [{ sku: 'SKU-1', qty: 1, unitPriceMinor: 1000 }],
          payments: [{ method: 'cash', amountMinor: 1000 }],
        };
        await timed(() =>
          fetch(`${base}/v1/sales`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[0]}`, 'idempotency-key': `live-${sold}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        );
        sold += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const alone: number[] = [];
    for (let i = 0; i < HEARTBEATS; i++) alone.push(await heartbeat());
    const reports: number[] = [];
    const pages: number[] = [];
    const during: number[] = [];
    let reporting = true;
    const reporters = [
      (async () => {
        for (let i = 0; i < REPORTS; i++) reports.push(await monitoring());
      })(),
      (async () => {
        for (let i = 0; i < REPORTS; i++) pages.push(await fleet());
      })(),
    ];
    const beats = (async () => {
      for (let i = 0; i < HEARTBEATS * 10 && reporting; i++) during.push(await heartbeat());
    })();
    await Promise.all(reporters);
    reporting = false;
    await beats;
    selling = false;
    await till;

    const [a, d, r, f] = [sorted(alone), sorted(during), sorted(reports), sorted(pages)];
    console.log(
      `\n[${kind}] ${SALES.toLocaleString('en')} sales seeded in ${(seeded / 1000).toFixed(1)} s (${TERMINALS} tills, ${PERIODS} months), ${WINDOW_RESPONSES} stored answers in the window`,
    );
    console.log(`  first report (catch-up, no checkpoint yet) ${ms(first)} (${ms(catchUp)} wall)`);
    console.log(
      `  GET /v1/admin/monitoring  p50 ${ms(percentile(r, 50))}  p99 ${ms(percentile(r, 99))}  max ${ms(r.at(-1) ?? NaN)}  (${r.length} reports; goal p99 <= 200 ms)`,
    );
    console.log(
      `  GET /fleet                p50 ${ms(percentile(f, 50))}  p99 ${ms(percentile(f, 99))}  max ${ms(f.at(-1) ?? NaN)}  (${f.length} pages; goal p99 <= 200 ms)`,
    );
    console.log(`  heartbeat alone           p50 ${ms(percentile(a, 50))}  p99 ${ms(percentile(a, 99))}  (${a.length})`);
    console.log(`  heartbeat during reports  p50 ${ms(percentile(d, 50))}  p99 ${ms(percentile(d, 99))}  (${d.length})`);
    console.log(
      `  ratio during/alone        p50 ${(percentile(d, 50) / percentile(a, 50)).toFixed(2)}  p99 ${(percentile(d, 99) / percentile(a, 99)).toFixed(2)}`,
    );
    const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
    console.log(`  sales recorded meanwhile  ${sold}; server peak RSS ${peak ? (Number(peak) / 1e3).toFixed(0) : '?'} MB`);
  } finally {
    await server.stop();
    await database.drop();
  }
}

if (!process.env.BENCH_SEED_ONLY) for (const kind of kinds) await benchmark(kind);
