import { cpSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { aSignedInTill, openCore, ringUpSale, waitFor, waitUntilQueueEmpty, type Cleanups } from '../support/terminal';
import { invoiceSeriesValues, range } from '../support/back-office';
import type { TerminalCore } from '../../terminal/terminal-core';
import { salesInvoiceOf } from '../../terminal/invoicing/sales-invoice';
import { invoiceText } from '../../terminal/journal/document-text';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MANAGER = { managerPin: '9999' };

describe('a till put back from a copy of its folder (INSTALL.md, "Backing up a till")', () => {
  it('numbers again what it numbered twice: every sale and refund recorded once, none needing a person, the printed numbers kept', async () => {
    const { core: first, link, dataDir, raw } = await aSignedInTill(cleanups);
    const tillJournal = () => {
      const db = raw();
      const rows = db.prepare('SELECT seq, text FROM journal ORDER BY seq').all() as { seq: number; text: string }[];
      const sent = db.prepare("SELECT value FROM till_counters WHERE name = 'journal_sent_through'").pluck().get() as number;
      db.close();
      return { rows, sent };
    };
    const waitUntilJournalSent = () =>
      waitFor(async () => {
        const { rows, sent } = tillJournal();
        return sent === rows.at(-1)!.seq;
      }, 'the till to know the back office has its journal');
    const bo = link.backOffice;
    first.start();
    const sold = [await ringUpSale(first), await ringUpSale(first)];
    await first.refund({
      refundKey: 'refund-one',
      saleId: sold[0]!.localNumber,
      lines: [{ sku: 'SKU-1', qty: 1 }],
      reason: 'returned',
      approval: MANAGER,
    });
    await waitUntilQueueEmpty(first);
    await first.close();
    const backup = `${dataDir}-backup`;
    cpSync(dataDir, backup, { recursive: true });
    cleanups.push(() => rmSync(backup, { recursive: true, force: true }));

    // After the backup the till goes on selling: receipts 3 to 5 and return 2 reach the back office.
    const after = await reopened(dataDir);
    after.start();
    for (const _ of range(3)) await ringUpSale(after);
    await after.refund({
      refundKey: 'refund-two',
      saleId: sold[1]!.localNumber,
      lines: [{ sku: 'SKU-1', qty: 1 }],
      reason: 'returned',
      approval: MANAGER,
    });
    await waitUntilQueueEmpty(after);
    await waitUntilJournalSent();
    const terminalCode = (await after.getStatus()).terminalCode!;
    await after.close();

    // The disk dies; the copy is put back. Offline for a while, the till numbers receipts 3 to 6 and return 2 again.
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(backup, dataDir, { recursive: true });
    link.proxy.setMode('drop_request');
    const restored = await reopened(dataDir);
    const again = [];
    // Other customers, other baskets: three lines each.
    for (const _ of range(4)) again.push(await ringUpSale(restored, 3));
    expect(again.map((s) => s.localNumber)).toEqual([3, 4, 5, 6].map((n) => `${terminalCode}-00000${n}`));
    const refundAgain = await restored.refund({
      refundKey: 'refund-three',
      saleId: sold[1]!.localNumber,
      lines: [{ sku: 'SKU-2', qty: 1 }],
      reason: 'returned',
      approval: MANAGER,
    });
    expect(refundAgain.localNumber).toBe(`${terminalCode}-R000002`);
    link.proxy.heal();
    restored.start();
    await waitUntilQueueEmpty(restored);

    // Nothing needs a person; every sale is on the back office once, numbers unique and gapless.
    expect(await restored.queueItems({ state: 'needs_attention' })).toEqual([]);
    const sales = await bo.store.db
      .selectFrom('sales')
      .select(['idempotency_key', 'local_number', 'printed_as', 'flags'])
      .orderBy('series_value')
      .execute();
    expect(sales).toHaveLength(9);
    expect(new Set(sales.map((s) => s.idempotency_key)).size).toBe(9);
    expect(await invoiceSeriesValues(bo.store)).toEqual(range(9));
    expect(sales.map((s) => s.local_number).sort()).toEqual(range(9).map((n) => `${terminalCode}-00000${n}`));
    // Receipts 3 to 5 were the back office's already: numbered after its last (5), 7 to 9, each keeping what it printed and flagged.
    const renumbered = sales.filter((s) => s.printed_as !== null);
    expect(renumbered.map((s) => [s.printed_as, s.local_number])).toEqual(
      [3, 4, 5].map((n) => [`${terminalCode}-00000${n}`, `${terminalCode}-00000${n + 4}`]),
    );
    for (const s of renumbered) expect(JSON.parse(s.flags)).toContain('receipt_renumbered');
    expect(sales.find((s) => s.local_number === `${terminalCode}-000006`)?.printed_as).toBeNull();

    const refunds = await bo.store.db.selectFrom('refunds').select(['local_number', 'printed_as']).orderBy('local_number').execute();
    expect(refunds).toEqual([
      { local_number: `${terminalCode}-R000001`, printed_as: null },
      { local_number: `${terminalCode}-R000002`, printed_as: null },
      { local_number: `${terminalCode}-R000003`, printed_as: `${terminalCode}-R000002` },
    ]);

    // The till shows its documents by their numbers now and knows what each printed; the next sale takes 10.
    const local = await restored.listSales({ limit: 20 });
    expect(local.map((s) => [s.localNumber, s.printedAs ?? null, s.syncState])).toEqual([
      [`${terminalCode}-000006`, null, 'synced'],
      [`${terminalCode}-000009`, `${terminalCode}-000005`, 'synced'],
      [`${terminalCode}-000008`, `${terminalCode}-000004`, 'synced'],
      [`${terminalCode}-000007`, `${terminalCode}-000003`, 'synced'],
      [`${terminalCode}-000002`, null, 'synced'],
      [`${terminalCode}-000001`, null, 'synced'],
    ]);
    // A copy of its invoice prints the number the customer's paper has, and the one it was numbered again as.
    const copy = invoiceText(salesInvoiceOf(local[1]!, null, new Map(), 'Counter'), true);
    expect(copy).toMatch(new RegExp(`Invoice no\\.\\s+${terminalCode}-000005\\n`));
    expect(copy).toMatch(new RegExp(`Numbered again\\s+${terminalCode}-000009\\n`));
    expect((await ringUpSale(restored)).localNumber).toBe(`${terminalCode}-000010`);
    await waitFor(async () => (await restored.getStatus()).pending === 0, 'the next sale to go');

    // The electronic journal: the restored till gave its journal's sequences again, for other
    // texts. The back office keeps what it had and takes the restored till's entries after it.
    const heldJournal = () => bo.store.db.selectFrom('journal_entries').select(['seq', 'text', 'document_number']).orderBy('seq').execute();
    await waitUntilJournalSent();
    const tillEntries = tillJournal().rows;
    const held = await heldJournal();
    // Sequences gapless on the back office, each of the restored till's entries there once, the lost timeline's kept.
    expect(held.map((r) => Number(r.seq))).toEqual(range(held.length));
    for (const entry of tillEntries) expect(held.filter((r) => r.text === entry.text)).toHaveLength(1);
    const lostTimeline = held.filter((r) => !tillEntries.some((entry) => entry.text === r.text));
    expect(lostTimeline.map((r) => r.document_number)).toEqual([...[3, 4, 5].map((n) => `${terminalCode}-00000${n}`), `${terminalCode}-R000002`]);
  }, 120_000);
});

async function reopened(dataDir: string): Promise<TerminalCore> {
  const core = await openCore(dataDir);
  cleanups.push(() => core.close());
  await core.signIn({ pin: '1111' });
  return core;
}
