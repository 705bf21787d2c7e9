import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_VALID_FOR_INPUT_TAX, salesInvoiceOf } from '../../terminal/invoicing/sales-invoice';
import type { TerminalCore } from '../../terminal/terminal-core';
import { putBusinessProfile, putMachine } from '../support/invoice-profile';
import { aPairedTill, fastTuning, waitFor, type Cleanups } from '../support/terminal';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sell = async (core: TerminalCore) => {
  const { cartKey } = await core.openCart();
  return core.pay({
    cartKey,
    cashier: 'ana',
    lines: [{ sku: 'SARDINES', name: '555 Sardines', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
    payments: [{ method: 'cash', amountMinor: 5_000 }],
  });
};

/**
 * A till whose back office has a complete business and machine profile, pulled: Ana signed in,
 * Mario on the roster. The profile is pulled every 100 ms, so a change at the back office
 * reaches the till as it would in the field, by its pull.
 */
async function aTillWithItsProfile() {
  const till = await aPairedTill(cleanups, { tuning: { ...fastTuning, profileIntervalMs: 100 } });
  const { core, link } = till;
  core.seedDemoPeople([
    { code: 'mario', name: 'Mario', role: 'manager', pin: '9999' },
    { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
  ]);
  await core.signIn({ pin: '1111' });
  const terminalCode = (await core.getStatus()).terminalCode!;
  await putBusinessProfile(link.backOffice);
  await putMachine(link.backOffice, terminalCode);
  core.start();
  await waitFor(async () => (await core.invoiceProfile())?.profile.machine?.permitNumber === 'FP032024-116-0123456-00000', 'the profile');
  return { ...till, terminalCode };
}

describe('a Z reading carries the seller’s details it was closed under', () => {
  it('closed, then the business changes its name and PTU: the Z printed again, on screen and in the journal, keeps the head it first printed', async () => {
    const { core, link, dataDir, terminalCode } = await aTillWithItsProfile();
    await core.openShift({ floatMinor: 0, approval: { managerPin: '9999' } });
    await sell(core);
    const z = await core.closeShift({ approval: { managerPin: '9999' }, override: { reason: 'profile test' } });
    expect(z.issuedUnder?.business?.registeredName).toBe('Dela Cruz Trading Corp.');
    // Printed when it was closed: its original.
    expect((await core.recordPrint({ kind: 'reading', id: z.shift.id })).reprint).toBe(false);

    await putBusinessProfile(link.backOffice, { registeredName: 'Dela Cruz Holdings Inc.' });
    await putMachine(link.backOffice, terminalCode, { permitNumber: 'FP112026-116-0999999-00000', permitDate: '2026-11-02' });
    await waitFor(async () => (await core.invoiceProfile())?.profile.machine?.permitNumber === 'FP112026-116-0999999-00000', 'the new profile');

    // The closed shift's Z, read again (the screen's "Z reading") and printed again (journaled as a reprint).
    expect((await core.shiftReport({ shiftId: z.shift.id })).issuedUnder?.machine?.permitNumber).toBe('FP032024-116-0123456-00000');
    expect((await core.recordPrint({ kind: 'reading', id: z.shift.id })).reprint).toBe(true);
    const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    cleanups.push(() => void db.close());
    const zs = (
      db.prepare("SELECT reprint, text FROM journal WHERE kind = 'z_reading' ORDER BY seq").all() as { reprint: number; text: string }[]
    ).map((e) => [e.reprint, e.text.replace(/\s+/g, ' ')] as const);
    expect(zs.map(([reprint]) => reprint)).toEqual([0, 1]);
    for (const [, text] of zs) {
      expect(text).toContain('Dela Cruz Trading Corp.');
      expect(text).toContain('PTU No. FP032024-116-0123456-00000');
      expect(text).not.toContain('Holdings');
    }
    // An X reading is today's: the next shift's carries the new head.
    await core.openShift({ floatMinor: 0, approval: { managerPin: '9999' } });
    const x = await core.shiftReport({});
    expect(x.issuedUnder).toBeUndefined();
    await core.recordPrint({ kind: 'reading', id: x.shift.id });
    const xText = db.prepare("SELECT text FROM journal WHERE kind = 'x_reading' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    expect(xText.replace(/\s+/g, ' ')).toContain('Dela Cruz Holdings Inc.');
  });
});

describe('a sales invoice carries the seller’s details it was issued under', () => {
  it('sold, then the business changes its name, TIN, address, VAT registration and PTU: the reprint and the journal keep the old head; the next sale prints the new one', async () => {
    const { core, link, dataDir, terminalCode } = await aTillWithItsProfile();

    const first = await sell(core);
    expect((await core.recordPrint({ kind: 'sale', id: first.id })).reprint).toBe(false);

    await putBusinessProfile(link.backOffice, {
      registeredName: 'Dela Cruz Holdings Inc.',
      tradeName: 'Nena Mart',
      address: '48 J.P. Rizal St., Marikina City',
      tin: '987-654-321-00002',
      vatRegistered: false,
    });
    await putMachine(link.backOffice, terminalCode, { permitNumber: 'FP112026-116-0999999-00000', permitDate: '2026-11-02' });
    await waitFor(async () => (await core.invoiceProfile())?.profile.machine?.permitNumber === 'FP112026-116-0999999-00000', 'the new profile');

    // The reprint: counted, journaled under *** REPRINT ***, with the head the original printed.
    expect((await core.recordPrint({ kind: 'sale', id: first.id })).reprint).toBe(true);
    const second = await sell(core);

    const db = new Database(join(dataDir, 'terminal.db'), { readonly: true });
    cleanups.push(() => void db.close());
    const journal = db.prepare('SELECT document_number, reprint, text FROM journal ORDER BY seq').all() as {
      document_number: string;
      reprint: number;
      text: string;
    }[];
    expect(journal.map((e) => [e.document_number, e.reprint])).toEqual([
      [first.localNumber, 0],
      [first.localNumber, 1],
      [second.localNumber, 0],
    ]);
    const [original, reprint, next] = journal.map((e) => e.text.replace(/\s+/g, ' '));
    for (const text of [original, reprint]) {
      expect(text).toContain("Dela Cruz Trading Corp. Aling Nena's Sari-Sari Store 12 Mabini St., Marikina City VAT REG TIN 123-456-789-00000");
      expect(text).toContain('PTU No. FP032024-116-0123456-00000 Date issued 2024-03-15');
      expect(text).toContain('VATable sales');
      expect(text).not.toContain('Holdings');
      expect(text).not.toContain(NOT_VALID_FOR_INPUT_TAX);
    }
    expect(reprint).toMatch(/^\*\*\* REPRINT \*\*\* /);
    expect(next).toContain('Dela Cruz Holdings Inc. Nena Mart 48 J.P. Rizal St., Marikina City NON-VAT REG TIN 987-654-321-00002');
    expect(next).toContain('PTU No. FP112026-116-0999999-00000 Date issued 2026-11-02');
    expect(next).toContain(NOT_VALID_FOR_INPUT_TAX);
    expect(next).not.toContain('Trading Corp.');

    // Two profiles kept, each sale pointing at its own.
    const profiles = db.prepare('SELECT id, profile FROM invoice_profiles ORDER BY id').all() as { id: number; profile: string }[];
    expect(profiles.map((p) => (JSON.parse(p.profile) as { business: { registeredName: string } }).business.registeredName)).toEqual([
      'Dela Cruz Trading Corp.',
      'Dela Cruz Holdings Inc.',
    ]);
    expect(db.prepare('SELECT local_number, issued_under FROM sales ORDER BY seq').all()).toEqual([
      { local_number: first.localNumber, issued_under: profiles[0]!.id },
      { local_number: second.localNumber, issued_under: profiles[1]!.id },
    ]);

    // The screens and the desktop printer print the sale the core gives them: with today's profile at hand, the old head.
    const now = (await core.invoiceProfile())!.profile;
    const printed = salesInvoiceOf((await core.getSale({ id: first.id }))!, now, new Map(), 'MAIN');
    expect(printed.issuer).toEqual([
      'Dela Cruz Trading Corp.',
      "Aling Nena's Sari-Sari Store",
      '12 Mabini St., Marikina City',
      'VAT REG TIN 123-456-789-00000',
    ]);
    expect(printed.vatRegistered).toBe(true);
    const desktop = await core.countSalePrint(first.id);
    expect(salesInvoiceOf(desktop.sale, now, new Map(), 'MAIN').machine).toContain('PTU No. FP032024-116-0123456-00000');
  });

  it('a sale recorded before the till kept its profile (issued_under null) prints under the profile the till has now', async () => {
    const { core, link, dataDir } = await aPairedTill(cleanups, { tuning: { ...fastTuning, profileIntervalMs: 100 } });
    const terminalCode = (await core.getStatus()).terminalCode!;
    await putBusinessProfile(link.backOffice);
    await putMachine(link.backOffice, terminalCode);
    core.start();
    await waitFor(async () => (await core.invoiceProfile())?.profile.business !== null, 'the profile');
    const sale = await sell(core);
    const db = new Database(join(dataDir, 'terminal.db'));
    db.prepare('UPDATE sales SET issued_under = NULL WHERE id = ?').run(sale.id);
    db.close();
    await putBusinessProfile(link.backOffice, { registeredName: 'Dela Cruz Holdings Inc.' });
    await waitFor(async () => (await core.invoiceProfile())?.profile.business?.registeredName === 'Dela Cruz Holdings Inc.', 'the new profile');

    const older = (await core.getSale({ id: sale.id }))!;
    expect(older.issuedUnder).toBeUndefined();
    expect(salesInvoiceOf(older, (await core.invoiceProfile())!.profile, new Map(), 'MAIN').issuer[0]).toBe('Dela Cruz Holdings Inc.');
  });
});
