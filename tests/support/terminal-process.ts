/**
 * A terminal as its own process, for the kill test: opens the core on DATA_DIR, pairs
 * with PAIRING_CODE if not paired yet, rings up sales until SALES exist locally, and
 * exits once the outbox is empty. It reports progress on stdout, one line at a time.
 */
import { openTerminalCore } from '../../terminal/terminal-core';
import type { SyncTuning } from '../../terminal/sync/tuning';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const total = Number(env('SALES'));
const tuning = JSON.parse(process.env.TUNING ?? '{}') as Partial<SyncTuning>;
const core = await openTerminalCore({ dataDir: env('DATA_DIR'), appVersion: 'kill-test', sync: tuning });
if (!(await core.getStatus()).paired) await core.pair({ serverUrl: env('SERVER_URL'), pairingCode: env('PAIRING_CODE') });
core.start();

const report = async (sold: number) => {
  const status = await core.getStatus();
  process.stdout.write(`progress sold=${sold} pending=${status.pending}\n`);
  return status;
};

const countSales = async () => {
  let count = 0;
  let before: string | undefined;
  for (;;) {
    const page = await core.listSales(before === undefined ? { limit: 500 } : { limit: 500, before });
    count += page.length;
    if (page.length < 500) return count;
    before = page.at(-1)?.localNumber;
  }
};

let sold = await countSales();
while (sold < total) {
  const { cartKey } = await core.openCart();
  await core.pay({
    cartKey,
    cashier: 'kim',
    lines: [
      { sku: 'TEA', qty: 1, unitPriceMinor: 990 },
      { sku: 'BUN', qty: 2, unitPriceMinor: 450 },
    ],
    payments: [{ method: 'card', amountMinor: 1890 }],
  });
  sold += 1;
  if (sold % 10 === 0) await report(sold);
}
for (;;) {
  const status = await report(sold);
  if (status.pending === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 25));
}
await core.close();
process.stdout.write('done\n');
