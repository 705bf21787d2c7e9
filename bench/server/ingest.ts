/**
 * Ingest benchmark, in ONE run on this machine, so the ratios compare like with like:
 *  - the floor of the database: SQLite's raw single-row commit rate with synchronous=FULL
 *    (WAL, one fsync per commit), and PostgreSQL's one-sale-per-transaction rate with a hot
 *    counter row (32 connections, pgbench-style: UPDATE counter ... RETURNING; INSERT; COMMIT);
 *  - Counter's full ingest: the real server as a process of its own (`server/main.ts
 *    serve`), 32 terminals each sending 5-line sales back to back over keep-alive HTTP,
 *    every 10th sale delivered twice (a duplicate delivery: answered as a replay), with
 *    p50/p99 of every request; then one lone terminal on the idle server (p50/p99).
 * The server is measured warm: the same load runs for BENCH_WARM_SECONDS first (the JIT
 * of a server just started compiles its hot path meanwhile), its figures printed apart.
 * Figures and ratios, not pass/fail (goals in the README).
 *
 *   npx tsx bench/server/ingest.ts
 *   BENCH_SECONDS=5 BENCH_DB=sqlite npx tsx bench/server/ingest.ts
 *   BENCH_DB=sqlite BENCH_PROFILE_DIR=/tmp/prof npx tsx bench/server/ingest.ts   (server CPU profile)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type DatabaseKind } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { createTestDatabase } from '../../tests/support/databases';
import { freePort, ServerProcess } from '../../tests/support/server-process';

const TERMINALS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 6);
const LONE_SALES = Number(process.env.BENCH_LONE_SALES ?? 300);
const DUPLICATE_EVERY = 10;
const kinds = (process.env.BENCH_DB ? [process.env.BENCH_DB] : ['sqlite', 'postgres']) as DatabaseKind[];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * A sale of terminal `terminal`, receipt n of its `series` (B: measured, W: warm-up, L: the
 * lone terminal): each series counts from 1, so the server's continuity checker (started
 * by `serve`) finds no million-number gap to walk through while the bench runs.
 */
function saleBody(terminal: number, n: number, series = 'B') {
  return JSON.stringify({
    localNumber: `${series}${terminal}-${n + 1}`,
    occurredAt: new Date().toISOString(),
    cashier: 'bench',
    lines: [1, 2, 3, 4, 5].map((l) => ({ sku: `SKU-${l}`, qty: l, unitPriceMinor: 1250 * l })),
    payments: [{ method: 'cash', amountMinor: 200_000 }],
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: TERMINALS + 4 });

/** One POST over a kept-alive socket (node:http: light enough not to steal the server's CPU). */
function post(base: URL, path: string, token: string, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'idempotency-key': key,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode !== undefined && res.statusCode < 300 ? resolve(res.statusCode) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One GET over the same agent; resolves when the answer has been read. */
function get(base: URL, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, method: 'GET', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

/** SQLite's floor: single-row inserts, each its own durable commit. */
function rawSqliteCommits(): number {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-raw-'));
  const db = new SQLite(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, body text not null)');
    const insert = db.prepare('insert into t (body) values (?)');
    const until = performance.now() + Math.min(SECONDS, 5) * 1000;
    const started = performance.now();
    let n = 0;
    while (performance.now() < until) {
      insert.run(`row ${n}`);
      n++;
    }
    return n / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL's floor for numbered sales: one transaction per sale through one hot counter row. */
async function hotCounterPostgres(url: string): Promise<number> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(
    'create table bench_counter (id int primary key, v bigint not null); insert into bench_counter values (1, 0); create table bench_sales (id bigserial primary key, number bigint not null unique, body text not null)',
  );
  await setup.end();
  const clients = await Promise.all(
    Array.from({ length: TERMINALS }, async () => {
      const client = new pg.Client({ connectionString: url, options: '-c synchronous_commit=on' });
      await client.connect();
      return client;
    }),
  );
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let n = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < until) {
        await client.query('begin');
        const { rows } = await client.query<{ v: number }>('update bench_counter set v = v + 1 where id = 1 returning v');
        await client.query('insert into bench_sales (number, body) values ($1, $2)', [rows[0]?.v, 'a sale of five lines']);
        await client.query('commit');
        n++;
      }
    }),
  );
  const rate = n / ((performance.now() - started) / 1000);
  await Promise.all(clients.map((c) => c.end()));
  return rate;
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux): the server's
 * CPU per sale is steadier than its rate on a shared machine.
 */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Bytes a process has caused to be written to storage so far (/proc/<pid>/io: its WAL, its checkpoints). */
function bytesWrittenBy(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    return Number(/^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** The machine's CPU time so far, busy and in all (jiffies, from /proc/stat: idle and iowait are not busy). */
function machineCpu(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** CPU seconds used so far by every PostgreSQL process (its backends: the database's share of the work). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * Every terminal sends its sales back to back for `seconds`, every 10th twice; the
 * sales' rate (overall and second by second) and the latency of every request, sorted.
 */
async function flood(base: URL, tokens: readonly string[], seconds: number, series: string) {
  const latencies: number[] = [];
  let sales = 0;
  let duplicates = 0;
  const perSecond: number[] = Array.from({ length: seconds }, () => 0);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    tokens.map(async (token, t) => {
      for (let n = 0; performance.now() < until; n++) {
        const body = saleBody(t, n, series);
        const key = uuidv7(); // as a till keys its sales: time-ordered (terminal/sync/outbox.ts)
        const deliveries = n % DUPLICATE_EVERY === DUPLICATE_EVERY - 1 ? 2 : 1;
        for (let d = 0; d < deliveries; d++) {
          const sent = performance.now();
          await post(base, '/v1/sales', token, key, body);
          latencies.push(performance.now() - sent);
        }
        sales++;
        duplicates += deliveries - 1;
        const second = Math.floor((performance.now() - started) / 1000);
        if (second < seconds) perSecond[second] = (perSecond[second] ?? 0) + 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { sales, duplicates, latencies, perSecond, rate: sales / ((performance.now() - started) / 1000) };
}

async function fullIngest(kind: DatabaseKind) {
  const database = await createTestDatabase(kind);
  const store = openDatabase(database.url);
  await migrateToLatest(store);
  await ensureDefaultBusiness(store);
  const tokens: string[] = [];
  for (let i = 0; i < TERMINALS; i++) {
    const created = await addTerminalNow(store, { businessCode: 'MAIN', storeCode: 'MAIN', name: `Bench ${i}` });
    tokens.push((await pairTerminal(store, created.pairingCode)).token);
  }
  // BENCH_PROFILE_DIR=dir: the server writes a V8 CPU profile there (node --cpu-prof) when it stops.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const server = new ServerProcess(await freePort(), { DATABASE_URL: database.url }, profile);
  await server.start();
  const base = new URL(server.base);
  try {
    // Warm-up at the full load, measured apart: the server just started (its JIT compiling
    // the hot path on the same two cores, its heap growing) runs at a fraction of its rate.
    const cold = await flood(base, tokens, WARM_SECONDS, 'W');
    const until = performance.now() + SECONDS * 1000;
    const cpuBefore = cpuSecondsOf(server.pid);
    const writtenBefore = bytesWrittenBy(server.pid);
    const postgresBefore = kind === 'postgres' ? postgresCpuSeconds() : NaN;
    const clientBefore = process.cpuUsage();
    const machineBefore = machineCpu();
    // Meanwhile a manager's screen or a heartbeat: GET /health every 10 ms, answered by the
    // server's own thread (how long the flood keeps that thread from other requests).
    const health: number[] = [];
    const healthProbe = (async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        await get(base, '/health');
        health.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const { sales, duplicates, latencies, rate } = await flood(base, tokens, SECONDS, 'B');
    await healthProbe;
    health.sort((a, b) => a - b);
    const cpuPerSale = ((cpuSecondsOf(server.pid) - cpuBefore) * 1000) / sales;
    const writtenPerSale = (bytesWrittenBy(server.pid) - writtenBefore) / 1024 / sales;
    const postgresCpuPerSale = ((postgresCpuSeconds() - postgresBefore) * 1000) / sales;
    const client = process.cpuUsage(clientBefore);
    const clientCpuPerSale = (client.user + client.system) / 1000 / sales;
    const machineAfter = machineCpu();
    const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const lone: number[] = [];
    for (let n = 0; n < LONE_SALES; n++) {
      const sent = performance.now();
      await post(base, '/v1/sales', tokens[0] ?? '', `lone-${n}`, saleBody(0, n, 'L'));
      lone.push(performance.now() - sent);
    }
    lone.sort((a, b) => a - b);
    const stored = await store.db
      .selectFrom('sales')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      cold,
      rate,
      sales,
      duplicates,
      latencies,
      health,
      lone,
      cpuPerSale,
      writtenPerSale,
      postgresCpuPerSale,
      clientCpuPerSale,
      machineBusy,
      stored: Number(stored.n),
    };
  } finally {
    await server.stop();
    await store.close();
    await database.drop();
  }
}

for (const kind of kinds) {
  let floor: number;
  let floorName: string;
  let goal: number;
  if (kind === 'sqlite') {
    floor = rawSqliteCommits();
    floorName = 'raw single-row commits, synchronous=FULL';
    goal = 0.6;
  } else {
    const scratch = await createTestDatabase('postgres');
    try {
      floor = await hotCounterPostgres(scratch.url);
    } finally {
      await scratch.drop();
    }
    floorName = 'one sale per transaction, hot counter row, 32 connections';
    goal = 2;
  }
  const full = await fullIngest(kind);
  console.log(
    `\n[${kind}] ${TERMINALS} terminals, ${SECONDS} s after ${WARM_SECONDS} s of warm-up, 5-line sales, every ${DUPLICATE_EVERY}th delivered twice`,
  );
  console.log(`  ${floorName.padEnd(58)} ${floor.toFixed(0)} /s`);
  console.log(
    `  Counter full ingest (server process, HTTP)${' '.repeat(16)} ${full.rate.toFixed(0)} sales/s  (${full.sales} sales, ${full.duplicates} duplicate deliveries, ${full.stored} rows stored)`,
  );
  console.log(
    `  warm-up: the first ${WARM_SECONDS} s after the server's start     ${full.cold.rate.toFixed(0)} sales/s (second by second: ${full.cold.perSecond.join(', ')})   p50 ${percentile(full.cold.latencies, 50).toFixed(1)} ms   p99 ${percentile(full.cold.latencies, 99).toFixed(1)} ms   (not counted)`,
  );
  console.log(`  server CPU per sale (user + system, duplicates included)    ${full.cpuPerSale.toFixed(3)} ms`);
  if (kind === 'sqlite') console.log(`  written to disk by the server per sale (WAL, checkpoints)   ${full.writtenPerSale.toFixed(1)} KiB`);
  if (kind === 'postgres') console.log(`  PostgreSQL CPU per sale (all its processes)                 ${full.postgresCpuPerSale.toFixed(3)} ms`);
  console.log(`  the bench's own CPU per sale (the 32 terminals' HTTP)       ${full.clientCpuPerSale.toFixed(3)} ms`);
  // Where every core of the machine would be busy at these CPU costs per sale: no rate
  // above it is possible here, however the work is spread over threads.
  const perSale = full.cpuPerSale + full.clientCpuPerSale + (kind === 'postgres' ? full.postgresCpuPerSale : 0);
  console.log(
    `  machine CPU busy during the ingest                         ${(full.machineBusy * 100).toFixed(0)}% of ${cpus().length} cores; all busy at these costs: ${((cpus().length * 1000) / perSale).toFixed(0)} sales/s`,
  );
  console.log(`  ratio full / floor                                         ${(full.rate / floor).toFixed(2)}   (goal >= ${goal})`);
  console.log(
    `  every request under load                                   p50 ${percentile(full.latencies, 50).toFixed(1)} ms   p99 ${percentile(full.latencies, 99).toFixed(1)} ms   (goal p99 <= 30 ms)`,
  );
  console.log(
    `  GET /health every 10 ms meanwhile                          p50 ${percentile(full.health, 50).toFixed(1)} ms   p99 ${percentile(full.health, 99).toFixed(1)} ms`,
  );
  console.log(
    `  one terminal alone, idle server                            p50 ${percentile(full.lone, 50).toFixed(1)} ms   p99 ${percentile(full.lone, 99).toFixed(1)} ms`,
  );
}
agent.destroy();
