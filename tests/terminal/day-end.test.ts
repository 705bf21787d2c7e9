import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TerminalCore } from '../../terminal/terminal-core';
import type { ShiftReport } from '../../terminal/shifts/shift-schemas';
import { aSignedInTill, codeOf, waitUntilQueueEmpty } from '../support/terminal';

/**
 * X per cashier shift, Z per business day (BIR): a day of two shifts takes ONE Z counter,
 * whose reading is the sum of the two shifts' own readings, each still kept as it closed.
 */
const MANAGER = { managerPin: '9999' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aTill() {
  const { core, dataDir } = await aSignedInTill(cleanups);
  const writable = new Database(join(dataDir, 'terminal.db'));
  writable.prepare("INSERT INTO taxes (code, name, rate_basis_points, inclusive) VALUES ('VAT12', 'VAT 12%', 1200, 1)").run();
  writable.close();
  return { core, raw: () => new Database(join(dataDir, 'terminal.db'), { readonly: true }) };
}

async function sell(core: TerminalCore, sku: string, unitPriceMinor: number, method: 'cash' | 'card' = 'cash') {
  const { cartKey } = await core.openCart();
  return core.pay({
    cartKey,
    cashier: 'ana',
    lines: [{ sku, qty: 1, unitPriceMinor, taxCode: 'VAT12' }],
    payments: [{ method, amountMinor: unitPriceMinor }],
  });
}

/** What the journal holds of readings, in order. */
function readingsInJournal(db: Database.Database) {
  return db.prepare("SELECT kind, document_id AS documentId, reprint FROM journal WHERE kind IN ('x_reading', 'z_reading') ORDER BY seq").all() as {
    kind: string;
    documentId: string;
    reprint: number;
  }[];
}

const zCounterOf = (db: Database.Database) => db.prepare("SELECT value FROM till_counters WHERE name = 'z_counter'").pluck().get() as number;

/** The figures that add up over a day's shifts. */
const additive = (r: ShiftReport) => ({
  salesCount: r.salesCount,
  grossSalesMinor: r.grossSalesMinor,
  discountsMinor: r.discountsMinor ?? 0,
  refundsCount: r.refundsCount,
  refundsMinor: r.refundsMinor,
  netSalesMinor: r.netSalesMinor,
  expectedCashMinor: r.expectedCashMinor,
  vatableMinor: r.vat.vatableMinor,
  vatMinor: r.vat.vatMinor,
  exemptMinor: r.vat.exemptMinor,
  cash: r.tenders.find((t) => t.method === 'cash')?.amountMinor ?? 0,
  card: r.tenders.find((t) => t.method === 'card')?.amountMinor ?? 0,
});
const plus = (a: ReturnType<typeof additive>, b: ReturnType<typeof additive>) =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof typeof b]])) as ReturnType<typeof additive>;

describe('a business day of two shifts', () => {
  it('the morning shift closes with its own X reading; closing the evening shift ends the day with ONE Z over both', async () => {
    const { core, raw } = await aTill();
    core.start();
    const zBefore = zCounterOf(raw());

    const morning = await core.openShift({ floatMinor: 100_000, approval: MANAGER });
    const rice = await sell(core, 'RICE', 5_600);
    await sell(core, 'EGGS', 3_000, 'card');
    await core.refund({ refundKey: 'day-refund-1', saleId: rice.id, lines: [{ sku: 'RICE', qty: 1 }], reason: 'torn sack', approval: MANAGER });
    await core.moveCash({ moveKey: 'day-move-1', kind: 'pay_out', amountMinor: 20_000, reason: 'to the safe', approval: MANAGER });
    await waitUntilQueueEmpty(core);
    const morningX = await core.closeShift({ countedCashMinor: 80_000, approval: MANAGER, endDay: false });
    expect(morningX).toMatchObject({ kind: 'X', zCounter: null, countedCashMinor: 80_000, salesCount: 2, refundsCount: 1 });
    expect(morningX.shift).toMatchObject({ id: morning.id, closedBy: 'mario' });
    expect(morningX.shift.closedAt).not.toBeNull();
    expect(morningX.overShortMinor).toBe(80_000 - morningX.expectedCashMinor);
    // No Z was taken: the counter has not moved, and the closed shift says its day goes on.
    expect(zCounterOf(raw())).toBe(zBefore);
    expect(await core.closedShifts({})).toEqual([expect.objectContaining({ id: morning.id, endedDay: false })]);
    expect(await core.shiftReport({ shiftId: morning.id })).toEqual(morningX);
    expect(await codeOf(core.shiftReport({ shiftId: morning.id, reading: 'Z' }))).toBe('not_found');

    const evening = await core.openShift({ floatMinor: 50_000, approval: MANAGER });
    await sell(core, 'MILK', 9_900);
    await waitUntilQueueEmpty(core);
    const eveningX = await core.shiftReport({});
    const z = await core.closeShift({ countedCashMinor: 59_900, approval: MANAGER });

    expect(z.kind).toBe('Z');
    expect(z.zCounter).toBe(zBefore + 1);
    expect(zCounterOf(raw())).toBe(zBefore + 1);
    // The day: from the morning's opening to the evening's close, the floats together.
    expect(z.shift).toMatchObject({ id: evening.id, openedAt: morning.openedAt, openedBy: 'mario', floatMinor: 150_000, closedBy: 'mario' });
    expect(additive(z)).toEqual(plus(additive(morningX), additive(eveningX)));
    expect(z.firstReceiptNumber).toBe(morningX.firstReceiptNumber);
    expect(z.lastReceiptNumber).toBe(eveningX.lastReceiptNumber);
    expect(z.cashMoves).toEqual([{ kind: 'pay_out', count: 1, amountMinor: 20_000 }]);
    // Counted: both drawers were counted, so the day's count is their sum.
    expect(z.countedCashMinor).toBe(80_000 + 59_900);
    expect(z.overShortMinor).toBe(80_000 + 59_900 - z.expectedCashMinor);
    expect(z.shifts).toEqual([
      expect.objectContaining({
        id: morning.id,
        salesCount: 2,
        floatMinor: 100_000,
        expectedCashMinor: morningX.expectedCashMinor,
        countedCashMinor: 80_000,
      }),
      expect.objectContaining({
        id: evening.id,
        salesCount: 1,
        floatMinor: 50_000,
        expectedCashMinor: eveningX.expectedCashMinor,
        countedCashMinor: 59_900,
      }),
    ]);
    // The grand total: the day began where the till stood before the morning's first sale.
    expect(z.grandTotal).toEqual({
      beginningMinor: morningX.grandTotal?.beginningMinor,
      endingMinor: (morningX.grandTotal?.beginningMinor ?? 0) + z.grossSalesMinor,
    });

    // Each reading is kept: the day's Z with the evening shift, each shift's own X.
    expect(await core.shiftReport({ shiftId: evening.id })).toEqual(z);
    expect(await core.shiftReport({ shiftId: evening.id, reading: 'X' })).toMatchObject({ kind: 'X', countedCashMinor: 59_900, salesCount: 1 });
    expect(await core.shiftReport({ shiftId: morning.id })).toEqual(morningX);
    expect((await core.closedShifts({})).map((s) => [s.id, s.endedDay])).toEqual([
      [evening.id, true],
      [morning.id, false],
    ]);
    // The journal holds the morning's X as it closed, and the one Z of the day.
    const db = raw();
    expect(readingsInJournal(db)).toEqual([
      { kind: 'x_reading', documentId: morning.id, reprint: 0 },
      { kind: 'z_reading', documentId: evening.id, reprint: 0 },
    ]);
    expect(z.businessDay).toBe(db.prepare("SELECT day FROM journal WHERE kind = 'z_reading'").pluck().get());
    const stored = db.prepare('SELECT id, z_counter AS z, x_report IS NOT NULL AS x FROM shifts ORDER BY seq').all();
    expect(stored).toEqual([
      { id: morning.id, z: null, x: 1 },
      { id: evening.id, z: zBefore + 1, x: 1 },
    ]);
    db.close();
  });

  it('a Z reading once kept is never rewritten, not even by hand in the database', async () => {
    const { core, dataDir } = await aSignedInTill(cleanups);
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    const z = await core.closeShift({ approval: MANAGER });
    const db = new Database(join(dataDir, 'terminal.db'));
    expect(() => db.prepare("UPDATE shifts SET z_report = '{}' WHERE id = ?").run(z.shift.id)).toThrow(/a Z reading is never rewritten/);
    expect(() => db.prepare('UPDATE shifts SET z_counter = z_counter + 100 WHERE id = ?').run(z.shift.id)).toThrow(/never rewritten/);
    db.close();
  });

  it("a shift's own X reading, kept as it closed, prints as one document: printed again, a reprint", async () => {
    const { core, raw } = await aTill();
    core.start();
    const morning = await core.openShift({ floatMinor: 0, approval: MANAGER });
    await sell(core, 'RICE', 5_600);
    await waitUntilQueueEmpty(core);
    await core.closeShift({ approval: MANAGER, endDay: false });
    // Journaled as it closed: its first print adds nothing.
    expect(await core.recordPrint({ kind: 'reading', id: morning.id })).toEqual({ journalSeq: null, reprint: false });
    expect(await core.recordPrint({ kind: 'reading', id: morning.id, reading: 'X' })).toMatchObject({ reprint: true });
    const db = raw();
    expect(readingsInJournal(db)).toEqual([
      { kind: 'x_reading', documentId: morning.id, reprint: 0 },
      { kind: 'x_reading', documentId: morning.id, reprint: 1 },
    ]);
    // Its text is the shift's, as it closed.
    const text = db.prepare("SELECT text FROM journal WHERE kind = 'x_reading' ORDER BY seq LIMIT 1").pluck().get() as string;
    db.close();
    expect(text).toContain('X READING');
    expect(text).toMatch(/Closed/);
  });

  it('End the day: a day whose last shift closed with another to follow is ended on its own, once', async () => {
    const { core, raw } = await aTill();
    core.start();
    expect(await codeOf(core.endDay({ approval: MANAGER }))).toBe('day_already_ended');
    const first = await core.openShift({ floatMinor: 10_000, approval: MANAGER });
    await sell(core, 'RICE', 5_600);
    await waitUntilQueueEmpty(core);
    expect(await codeOf(core.endDay({ approval: MANAGER }))).toBe('shift_open');
    const x = await core.closeShift({ countedCashMinor: 15_600, approval: MANAGER, endDay: false });
    // A cashier's PIN ends no day.
    expect(await codeOf(core.endDay({ approval: { managerPin: '1111' } }))).toBe('not_allowed');
    const zBefore = zCounterOf(raw());
    const z = await core.endDay({ approval: MANAGER });
    expect(z).toMatchObject({ kind: 'Z', zCounter: zBefore + 1, countedCashMinor: 15_600, overShortMinor: 0 });
    expect(additive(z)).toEqual(additive(x));
    expect(z.shift).toMatchObject({ id: first.id, openedAt: first.openedAt, floatMinor: 10_000 });
    expect(await codeOf(core.endDay({ approval: MANAGER }))).toBe('day_already_ended');
    expect(zCounterOf(raw())).toBe(zBefore + 1);
    expect(await core.shiftReport({ shiftId: first.id })).toEqual(z);
    expect(await core.shiftReport({ shiftId: first.id, reading: 'X' })).toEqual(x);
  });

  it('the next business day opens no shift before the day before is ended; ended, it opens', async () => {
    const { core, raw } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    await core.closeShift({ approval: MANAGER, endDay: false });
    // Later the same day another shift may open.
    const same = await core.openShift({ floatMinor: 0, approval: MANAGER });
    await core.closeShift({ approval: MANAGER, endDay: false });
    const db = raw();
    // The day the shifts closed, as the journal filed their X readings.
    const closedDay = db.prepare("SELECT day FROM journal WHERE kind = 'x_reading' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 26 * 3600_000 });
    const refused = await core.openShift({ floatMinor: 0, approval: MANAGER }).catch((error: Error & { code?: string }) => error);
    expect(refused).toMatchObject({ code: 'day_not_ended' });
    expect((refused as Error).message).toMatch(/has no Z reading yet: end that day first/);
    expect(await core.currentShift()).toBeNull();
    const z = await core.endDay({ approval: MANAGER });
    expect(z.shifts).toHaveLength(2);
    expect(z.shifts?.[1]?.id).toBe(same.id);
    // Ended the next day, the Z is that day's: it says so, and the journal files it under it.
    expect(z.businessDay).toBe(closedDay);
    expect(db.prepare("SELECT day FROM journal WHERE kind = 'z_reading'").pluck().get()).toBe(closedDay);
    expect(db.prepare("SELECT text FROM journal WHERE kind = 'z_reading'").pluck().get()).toMatch(new RegExp(`Business day\\s+${closedDay}`));
    db.close();
    expect(await core.openShift({ floatMinor: 0, approval: MANAGER })).toMatchObject({ closedAt: null });
  });

  it("ending the day while documents of the day's shifts are not at the back office needs a reason, recorded", async () => {
    // The till's sync is not started: what it sells stays queued.
    const { core } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    await core.closeShift({ approval: MANAGER, endDay: false });
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    await sell(core, 'RICE', 5_600);
    const closing = await core.closeShift({ approval: MANAGER, endDay: false }).catch((error: Error & { code?: string }) => error);
    expect(closing).toMatchObject({ code: 'unsynced_sales' });
    expect((closing as Error).message).toMatch(/^1 sale or refund of this shift has not reached the back office yet/);
    await core.closeShift({ approval: MANAGER, endDay: false, override: { reason: 'link down all afternoon' } });
    const ending = await core.endDay({ approval: MANAGER }).catch((error: Error & { code?: string }) => error);
    expect(ending).toMatchObject({ code: 'unsynced_sales' });
    expect((ending as Error).message).toMatch(/^1 sale or refund of the day's shifts has not reached the back office yet/);
    const z = await core.endDay({ approval: MANAGER, override: { reason: 'link still down at closing' } });
    expect(z.override).toEqual({ by: 'mario', reason: 'link still down at closing', unsyncedCount: 1 });
    expect(z.unsyncedCount).toBe(1);
  });
});
