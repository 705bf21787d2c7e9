import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { addTerminalNow } from '../../server/terminals/pairing';
import { businessDay, documentTime } from '../../terminal/invoicing/document-dates';
import { putBusinessProfile, putCompleteInvoiceProfile, putMachine } from '../support/invoice-profile';
import { aSignedInTill, ringUpSale, startLink, tempDataDir, waitFor, type Cleanups } from '../support/terminal';

const fixture = fileURLToPath(new URL('../support/till-in-time-zone.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface TillRun {
  timeZone: string;
  saleAt: string;
  refundAt: string;
  shift: { openedAt: string; closedAt: string; generatedAt: string };
  journal: { kind: string; day: string; text: string }[];
  paper: string;
}

function runTill(env: Record<string, string>): Promise<TillRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as TillRun) : reject(new Error(`the till exited ${code}: ${errors}`)))),
  );
}

/** A back office with a complete invoice profile, and a till process on that machine zone paired to it: what it printed. */
async function aTillOnZone(zone: string): Promise<TillRun> {
  const link = await startLink();
  cleanups.push(() => link.close());
  const data = tempDataDir();
  cleanups.push(() => data.remove());
  const { pairingCode, terminalId } = await addTerminalNow(link.backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till' });
  await putCompleteInvoiceProfile(link.backOffice, terminalId);
  return runTill({ TZ: zone, DATA_DIR: data.dir, SERVER_URL: link.proxy.url, PAIRING_CODE: pairingCode });
}

describe('the dates and times printed on documents', () => {
  it('are the business’s wall clock whatever the machine’s time zone; a zone the machine does not know prints in the default one', () => {
    expect(documentTime('2026-12-01T13:15:04Z', 'Asia/Manila')).toBe('12/1/2026, 9:15:04 PM');
    expect(documentTime('2026-12-01T13:15:04.000Z', 'America/Los_Angeles')).toBe('12/1/2026, 5:15:04 AM');
    expect(documentTime('2026-12-01T13:15:04Z', 'Mars/Olympus_Mons')).toBe('12/1/2026, 9:15:04 PM');
  });

  it('a till process whose machine is on Los Angeles time prints its invoice, return slip and Z reading, and the desktop’s paper, on Manila time (the business’s)', async () => {
    const run = await aTillOnZone('America/Los_Angeles');
    expect(run.timeZone).toBe('America/Los_Angeles');
    const manila = (iso: string) => documentTime(iso, 'Asia/Manila');
    const losAngeles = (iso: string) => new Date(iso).toLocaleString('en-PH', { timeZone: 'America/Los_Angeles' });
    // Fifteen or sixteen hours apart: never the same text.
    expect(manila(run.saleAt)).not.toBe(losAngeles(run.saleAt));

    const text = (kind: string) => run.journal.find((entry) => entry.kind === kind)?.text ?? '';
    // A label and its value padded apart to the roll's 40 columns ("Date issued 2024-03-15", the PTU's, is another line).
    const dateLine = (body: string, label: string) =>
      body
        .split('\n')
        .map((row) => new RegExp(`^${label} {2,}(.*)$`).exec(row)?.[1])
        .find((value) => value !== undefined);
    expect(dateLine(text('sale'), 'Date')).toBe(manila(run.saleAt));
    expect(dateLine(text('refund'), 'Date')).toBe(manila(run.refundAt));
    const z = text('z_reading');
    expect(dateLine(z, 'Opened')).toBe(`${manila(run.shift.openedAt)} Mario`);
    expect(dateLine(z, 'Closed')).toBe(`${manila(run.shift.closedAt)} Mario`);
    expect(dateLine(z, 'Printed')).toBe(manila(run.shift.generatedAt));
    for (const entry of run.journal) expect(entry.text, entry.kind).not.toContain(losAngeles(run.saleAt).split(',')[1]!.trim());
    expect(run.paper).toContain(`${manila(run.saleAt)} &middot; Cashier Ana`);
  });

  it('the electronic journal files each document under the business’s day, not the day the machine’s clock shows', async () => {
    // A machine on a zone whose date is not Manila's now (twelve hours behind UTC, or fourteen ahead).
    const now = new Date();
    const machineZone = ['Etc/GMT+12', 'Etc/GMT-14'].find((zone) => businessDay(now, zone) !== businessDay(now, 'Asia/Manila'))!;

    const run = await aTillOnZone(machineZone);
    const day = businessDay(new Date(run.saleAt), 'Asia/Manila');
    expect(businessDay(new Date(run.saleAt), machineZone)).not.toBe(day);
    expect(run.journal.map((entry) => [entry.kind, entry.day])).toEqual([
      ['sale', day],
      ['refund', day],
      ['z_reading', businessDay(new Date(run.shift.generatedAt), 'Asia/Manila')],
    ]);
  });

  it('the journal’s day follows the time zone the back office keeps for the business, as the till last pulled it', async () => {
    const { core, link, raw } = await aSignedInTill(cleanups);
    // A business on a zone whose date is not Manila's now (twelve hours behind UTC, or fourteen ahead).
    const now = new Date();
    const zone = ['Etc/GMT+12', 'Etc/GMT-14'].find((z) => businessDay(now, z) !== businessDay(now, 'Asia/Manila'))!;
    await link.backOffice.store.db.updateTable('businesses').set({ timezone: zone }).where('code', '=', 'MAIN').execute();
    await putBusinessProfile(link.backOffice);
    await putMachine(link.backOffice, (await core.getStatus()).terminalCode!);
    core.start();
    await waitFor(async () => (await core.invoiceProfile())?.profile.business?.timezone === zone, 'the profile with the business’s zone');
    const sale = await ringUpSale(core);
    const db = raw();
    try {
      expect(db.prepare("SELECT day FROM journal WHERE kind = 'sale'").pluck().get()).toBe(businessDay(new Date(sale.occurredAt), zone));
    } finally {
      db.close();
    }
  });
});
