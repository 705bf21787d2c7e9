/**
 * (a) How long a cashier waits for "Pay": a durable local sale of 5 lines (sale, lines,
 * payments, receipt number, stock movements, outbox entry; synchronous=FULL), next to the
 * floor of any durable write, a one-row synchronous=FULL commit, measured in the same run.
 * Goal: p50 and p99 ratios <= 2. BENCH_SALES sets the sample size (default 2000).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTerminalCore } from '../../terminal/terminal-core';
import { TerminalSettings } from '../../terminal/store/terminal-settings';
import { openTerminalDb } from '../../terminal/store/terminal-db';
import { ms, percentile } from './support';

const samples = Number(process.env.BENCH_SALES ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'counter-bench-commit-'));

// A paired terminal without a server: pairing is written directly, and the core is never started.
const seedDb = openTerminalDb(join(dir, 'terminal'));
new TerminalSettings(seedDb).savePairing({
  serverUrl: 'http://127.0.0.1:9',
  token: 't',
  terminalId: 'id',
  terminalCode: 'T01',
  storeCode: 'MAIN',
  businessCode: 'MAIN',
  pairedAt: new Date().toISOString(),
});
seedDb.close();
const core = await openTerminalCore({ dataDir: join(dir, 'terminal'), appVersion: 'bench' });
const lines = [1, 2, 3, 4, 5].map((i) => ({ sku: `SKU-${i}`, name: `Item ${i}`, qty: i, unitPriceMinor: 1000 + i }));

const raw = new Database(join(dir, 'raw.db'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
const insert = raw.prepare('INSERT INTO t (v) VALUES (?)');

const saleTimes: number[] = [];
const rawTimes: number[] = [];
// Interleaved, so both see the same disk and the same moment.
for (let i = 0; i < samples; i += 1) {
  const { cartKey } = await core.openCart();
  let start = process.hrtime.bigint();
  await core.pay({ cartKey, cashier: 'bench', lines, payments: [{ method: 'cash', amountMinor: 100_000 }] });
  saleTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  start = process.hrtime.bigint();
  insert.run(`row ${i}`);
  rawTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
}
await core.close();
raw.close();
rmSync(dir, { recursive: true, force: true });

saleTimes.sort((a, b) => a - b);
rawTimes.sort((a, b) => a - b);
const row = (name: string, t: number[]) => `${name.padEnd(34)} p50 ${ms(percentile(t, 50)).padStart(12)}   p99 ${ms(percentile(t, 99)).padStart(12)}`;
console.log(`durable commit latency, ${samples} samples each`);
console.log(row('pay(): sale of 5 lines', saleTimes));
console.log(row('raw one-row commit (FULL)', rawTimes));
console.log(
  `ratio p50 ${(percentile(saleTimes, 50) / percentile(rawTimes, 50)).toFixed(2)}   ratio p99 ${(percentile(saleTimes, 99) / percentile(rawTimes, 99)).toFixed(2)}   (goal <= 2)`,
);
