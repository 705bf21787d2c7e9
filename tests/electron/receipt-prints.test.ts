import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addTerminalNow } from '../../server/terminals/pairing';
import type { LocalSale } from '../../terminal/terminal-api';
import { startBackOffice } from '../support/back-office';
import { FakeBrowserWindow, type fakeElectron } from '../support/electron/fake-electron';
import { validPay } from '../support/electron/fakes';

/**
 * The receipts the desktop prints by itself, through the real main process (electron/main.ts)
 * and the real terminal core, with only the `electron` module replaced: what went to the
 * printer is read from the hidden windows, what was counted from the till's terminal.db.
 * RR 16-2018 (docs/compliance.md): one original per sale; every later print a REPRINT, on
 * paper and in the electronic journal.
 */
const userData = mkdtempSync(path.join(tmpdir(), 'counter-prints-'));
const electron = vi.hoisted(() => ({ current: undefined as unknown as ReturnType<typeof fakeElectron> }));
vi.mock('electron', async () => {
  const { fakeElectron: make } = await import('../support/electron/fake-electron');
  electron.current = make(userData);
  return electron.current;
});
(process as { resourcesPath?: string }).resourcesPath = path.join(userData, 'resources');

await import('../../electron/main');
const fake = electron.current;
await vi.waitFor(() => expect(fake.ipcHandlers.has('terminal:getStatus')).toBe(true), { timeout: 10_000 });
await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBeGreaterThan(0));
const cashier = FakeBrowserWindow.created[0]!;

const fromCashier = { sender: cashier.webContents, senderFrame: { url: 'app://counter/index.html', parent: null } };
const call = async (channel: string, ...args: unknown[]) => {
  const reply = (await fake.ipcHandlers.get(channel)!(fromCashier, ...args)) as { ok: boolean; value?: unknown; code?: string };
  if (!reply.ok) throw new Error(`${channel} refused: ${reply.code}`);
  return reply.value;
};

/** What each hidden receipt window printed, as the HTML it was given, in order. */
function printedPapers(): string[] {
  return FakeBrowserWindow.created
    .filter((w) => w !== cashier && w.webContents.print.mock.calls.length > 0)
    .map((w) => decodeURIComponent(String(w.webContents.loadURL.mock.calls[0]![0]).replace(/^data:text\/html;charset=utf-8,/, '')));
}
const papersOf = (sale: LocalSale) => printedPapers().filter((html) => html.includes(`Invoice No. ${sale.localNumber}`));

function stored(sale: LocalSale) {
  const db = new Database(path.join(userData, 'terminal', 'terminal.db'), { readonly: true });
  try {
    return {
      prints: db.prepare('SELECT COUNT(*) FROM document_prints WHERE document_id = ?').pluck().get(sale.id) as number,
      journal: db.prepare('SELECT reprint, text FROM journal WHERE document_id = ? ORDER BY seq').all(sale.id) as { reprint: number; text: string }[],
    };
  } finally {
    db.close();
  }
}

let office: Awaited<ReturnType<typeof startBackOffice>>;
beforeAll(async () => {
  office = await startBackOffice('sqlite');
  await office.app.listen({ port: 0, host: '127.0.0.1' });
  const serverUrl = `http://127.0.0.1:${(office.app.server.address() as AddressInfo).port}`;
  const { pairingCode } = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till 1' });
  await call('terminal:pair', { serverUrl, pairingCode });
});
afterAll(() => office.close());

const aCart = (n: number) => ({ ...validPay, cartKey: `0190f3e2-7c4d-7000-8000-00000000010${n}` });

describe('the receipts the desktop prints', () => {
  it('a payment prints its original once, counted in the core: a retry of the same pay (after a reload) prints no second original', async () => {
    const pay = aCart(1);
    const sale = (await call('terminal:pay', pay)) as LocalSale;
    await vi.waitFor(() => expect(papersOf(sale)).toHaveLength(1));
    expect(papersOf(sale)[0]).not.toContain('REPRINT');
    // The original is counted as printed; its text went into the journal with the sale.
    expect(stored(sale)).toMatchObject({ prints: 1, journal: [{ reprint: 0 }] });

    // The renderer, reloaded while the payment was on its way, pays the same cart again: the same sale.
    expect(((await call('terminal:pay', pay)) as LocalSale).id).toBe(sale.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(papersOf(sale)).toHaveLength(1);
    expect(stored(sale)).toMatchObject({ prints: 1, journal: [{ reprint: 0 }] });
  });

  it('a double click on Pay: two pays of one cart at once print one original', async () => {
    const pay = aCart(2);
    const [first, second] = (await Promise.all([call('terminal:pay', pay), call('terminal:pay', pay)])) as LocalSale[];
    expect(second!.id).toBe(first!.id);
    await vi.waitFor(() => expect(papersOf(first!)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(papersOf(first!)).toHaveLength(1);
    expect(stored(first!).prints).toBe(1);
  });

  it("the cashier's P after the automatic print is a reprint: REPRINT on paper and in the journal, counted by the shell itself", async () => {
    const sale = (await call('terminal:pay', aCart(3))) as LocalSale;
    await vi.waitFor(() => expect(papersOf(sale)).toHaveLength(1));
    await call('desktop:print-receipt', { id: sale.id });
    await call('desktop:print-receipt', { id: sale.id });
    const papers = papersOf(sale);
    expect(papers).toHaveLength(3);
    expect(papers.map((html) => html.includes('REPRINT'))).toEqual([false, true, true]);
    const { prints, journal } = stored(sale);
    expect(prints).toBe(3);
    expect(journal.map((row) => row.reprint)).toEqual([0, 1, 1]);
    expect(journal[1]!.text).toMatch(/^\*\*\* REPRINT \*\*\*/);
  });

  it("the counter screen's P in the desktop app (renderer/cashier/receipt-printing.ts) is one print, counted once, by the shell", async () => {
    const sale = (await call('terminal:pay', aCart(4))) as LocalSale;
    await vi.waitFor(() => expect(papersOf(sale)).toHaveLength(1));
    // The screen as CashierScreen wires it: window.counterDesktop is the preload's, recordPrint the core's through IPC.
    vi.stubGlobal('window', { counterDesktop: { printReceipt: (args: { id: string }) => call('desktop:print-receipt', args) }, print: vi.fn() });
    const { printReceipt, recordReceiptPrintsWith } = await import('../../renderer/cashier/receipt-printing');
    recordReceiptPrintsWith((id) => call('terminal:recordPrint', { kind: 'sale', id }) as Promise<{ reprint: boolean }>);
    try {
      expect(await printReceipt(sale.id, 'Asia/Manila')).toBe('desktop');
    } finally {
      recordReceiptPrintsWith(null);
      vi.unstubAllGlobals();
    }
    expect(papersOf(sale)).toHaveLength(2);
    expect(stored(sale).prints).toBe(2);
    expect(stored(sale).journal.map((row) => row.reprint)).toEqual([0, 1]);
  });

  it('a reprint of a sale the till does not have prints nothing and counts nothing', async () => {
    const before = printedPapers().length;
    await expect(call('desktop:print-receipt', { id: 'no-such-sale' })).rejects.toThrow('not_found');
    expect(printedPapers()).toHaveLength(before);
  });
});
