/**
 * Pairs a terminal and rings up SALES sales without syncing them: a backlog to drain.
 * Uses the core's own LocalSales.pay, only inside big transactions with
 * synchronous=OFF, so seeding 100,000 sales takes seconds, not minutes.
 * Usage: tsx seed-backlog.ts <dataDir> <sales> <serverUrl> <pairingCode>
 */
import { openTerminalCore } from '../../terminal/terminal-core';
import { Outbox } from '../../terminal/sync/outbox';
import { LocalSales } from '../../terminal/sales/local-sales';
import { openTerminalDb } from '../../terminal/store/terminal-db';
import { TerminalSettings } from '../../terminal/store/terminal-settings';
import { uuidv7 } from 'uuidv7';

const [dataDir, count, serverUrl, pairingCode] = process.argv.slice(2);
if (!dataDir || !count || !serverUrl || !pairingCode) throw new Error('usage: seed-backlog <dataDir> <sales> <serverUrl> <pairingCode>');

const core = await openTerminalCore({ dataDir, appVersion: 'bench' });
await core.pair({ serverUrl, pairingCode });
await core.close();

const db = openTerminalDb(dataDir);
db.pragma('synchronous = OFF');
const terminalCode = new TerminalSettings(db).pairing()?.terminalCode ?? null;
const sales = new LocalSales(db, new Outbox(db));
const lines = [1, 2, 3, 4, 5].map((i) => ({ sku: `SKU-${i}`, name: `Item ${i}`, qty: i, unitPriceMinor: 1000 + i }));
const total = Number(count);
for (let done = 0; done < total;) {
  const chunk = Math.min(5000, total - done);
  db.transaction(() => {
    for (let i = 0; i < chunk; i += 1)
      sales.pay({ cartKey: uuidv7(), cashier: 'bench', lines, payments: [{ method: 'cash', amountMinor: 100_000 }] }, terminalCode);
  })();
  done += chunk;
}
db.close();
process.stdout.write(`seeded ${total}\n`);
