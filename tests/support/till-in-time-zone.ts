/**
 * A till as its own process, started with TZ set to another zone than the business's (a PC
 * left on the wrong time zone): pairs with PAIRING_CODE, waits for the invoice profile,
 * opens a shift, sells, gives one item back, closes with a Z reading, and prints on stdout,
 * as one JSON line, its own time zone, the moments it stored, the journal's days and texts,
 * and the desktop's paper of the sale.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { receiptHtml } from '../../electron/receipt-html';
import { openTerminalCore } from '../../terminal/terminal-core';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const dataDir = env('DATA_DIR');
const core = await openTerminalCore({ dataDir, appVersion: 'tz-test', sync: { profileIntervalMs: 100, heartbeatIntervalMs: 250 } });
await core.pair({ serverUrl: env('SERVER_URL'), pairingCode: env('PAIRING_CODE') });
core.seedDemoPeople([
  { code: 'mario', name: 'Mario', role: 'manager', pin: '9999' },
  { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
]);
await core.signIn({ pin: '1111' });
core.start();
for (let i = 0; (await core.getStatus()).invoiceDetailsMissing.length > 0; i++) {
  if (i > 600) throw new Error('the invoice profile never came');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const approval = { managerPin: '9999' };
const shift = await core.openShift({ floatMinor: 10_000, approval });
const { cartKey } = await core.openCart();
const sale = await core.pay({
  cartKey,
  cashier: 'ana',
  lines: [{ sku: 'SARDINES', name: '555 Sardines', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
  payments: [{ method: 'cash', amountMinor: 5_000 }],
});
const refund = await core.refund({ refundKey: 'tz-refund', saleId: sale.id, lines: [{ sku: 'SARDINES', qty: 1 }], reason: 'dented', approval });
const z = await core.closeShift({ approval, countedCashMinor: 12_550, override: { reason: 'time zone test' } });
const profile = (await core.invoiceProfile())?.profile ?? null;
await core.close();

const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
const journal = db.prepare('SELECT kind, day, text FROM journal ORDER BY seq').all() as { kind: string; day: string; text: string }[];
db.close();
process.stdout.write(
  `${JSON.stringify({
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    saleAt: sale.occurredAt,
    refundAt: refund.occurredAt,
    shift: { openedAt: shift.openedAt, closedAt: z.shift.closedAt, generatedAt: z.generatedAt },
    journal,
    paper: receiptHtml(sale, { storeName: 'MAIN', terminalName: null, profile }),
  })}\n`,
);
