import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { receiptHtml } from '../../electron/receipt-html';
import { storeBranchCommand } from '../../server/stores-cli';
import { putBusinessProfile, putMachine } from '../support/invoice-profile';
import { aPairedTill, fastTuning, waitFor, type Cleanups } from '../support/terminal';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a branch's sales invoice", () => {
  it("prints the branch's name, address and TIN branch code, set at the back office and pulled by the till: in the journal's copy and on the desktop's paper", async () => {
    const { core, link, dataDir } = await aPairedTill(cleanups, { tuning: { ...fastTuning, profileIntervalMs: 100 } });
    await putBusinessProfile(link.backOffice);
    await putMachine(link.backOffice, (await core.getStatus()).terminalCode!);
    const set = await storeBranchCommand(
      link.backOffice.store,
      ['--store', 'MAIN', '--address', '7 Sumulong Hwy., Antipolo City', '--branch-code', '00003'],
      () => undefined,
      () => undefined,
    );
    expect(set).toBe(0);
    core.start();
    await waitFor(async () => (await core.invoiceProfile())?.profile.store?.branchCode === '00003', 'the branch to reach the till');
    const { cartKey } = await core.openCart();
    const sale = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES', name: '555 Sardines', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'cash', amountMinor: 2_450 }],
    });

    const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    const text = db.prepare("SELECT text FROM journal WHERE kind = 'sale'").pluck().get() as string;
    db.close();
    const words = text.replace(/\s+/g, ' ');
    expect(words).toContain('7 Sumulong Hwy., Antipolo City VAT REG TIN 123-456-789-00003');
    expect(words).not.toContain('-00000 MIN');

    const paper = receiptHtml(sale, { storeName: 'MAIN', terminalName: null, profile: (await core.invoiceProfile())!.profile });
    expect(paper).toContain('7 Sumulong Hwy., Antipolo City');
    expect(paper).toContain('VAT REG TIN 123-456-789-00003');
  });
});
