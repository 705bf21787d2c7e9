import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { receiptHtml } from '../../electron/receipt-html';
import { putBusinessProfile, putMachine } from '../support/invoice-profile';
import { aPairedTill, fastTuning, waitFor, type Cleanups } from '../support/terminal';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the POS supplier at the foot of the sales invoice', () => {
  it('set in the back office, pulled by the till: the journal’s copy and the desktop’s paper end with the supplier and its accreditation, the machine’s PTU No. and date issued at the head', async () => {
    const { core, link, dataDir } = await aPairedTill(cleanups, { tuning: { ...fastTuning, profileIntervalMs: 100 } });
    await putBusinessProfile(link.backOffice);
    await putMachine(link.backOffice, (await core.getStatus()).terminalCode!);
    core.start();
    await waitFor(async () => (await core.getStatus()).invoiceDetailsMissing.length === 0, 'a complete profile');
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
    expect(words).toContain(
      'POS supplier: Counter Software Solutions Inc. 8F Tektite Tower, Ortigas Center, Pasig City TIN 008-123-456-00000 Accreditation No. 0412023000000123456 Date issued 2023-05-10 Valid until 2028-05-09',
    );
    expect(words).toMatch(/ Valid until 2028-05-09 $/);
    expect(words).toContain('PTU No. FP032024-116-0123456-00000 Date issued 2024-03-15');

    const paper = receiptHtml(sale, { storeName: 'MAIN', terminalName: null, profile: (await core.invoiceProfile())!.profile });
    for (const line of [
      'POS supplier: Counter Software Solutions Inc.',
      'TIN 008-123-456-00000',
      'Accreditation No. 0412023000000123456',
      'Valid until 2028-05-09',
    ])
      expect(paper).toContain(line);
  });
});
