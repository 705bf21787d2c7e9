import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callTerminalMethod } from '../../terminal/terminal-api';
import { aSignedInTill, codeOf, type Cleanups } from '../support/terminal';

/**
 * A manager pays cash into the drawer (change from the safe) or out of it (a pickup to the
 * safe, a delivery paid from the till) during a shift. The drawer's expected cash, the X and
 * Z readings and the refund drawer check count it; a refusal writes nothing.
 */

const MANAGER = { managerPin: '9999' };
const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('cash paid into and out of the drawer', () => {
  it('a pay-in and a pay-out move the expected cash; the X and Z readings and the journal carry them; nothing can be changed afterwards', async () => {
    const { core, raw, dataDir } = await aSignedInTill(cleanups);
    const movements = () => {
      const db = raw();
      try {
        return db.prepare('SELECT kind, amount_minor, reason, approved_by FROM cash_movements ORDER BY seq').all();
      } finally {
        db.close();
      }
    };
    // No shift, no drawer to count it in.
    expect(
      await codeOf(core.moveCash({ moveKey: 'move-1', kind: 'pay_in', amountMinor: 50_000, reason: 'change from the safe', approval: MANAGER })),
    ).toBe('shift_not_open');

    await core.openShift({ floatMinor: 200_000, approval: MANAGER });
    const paidIn = await core.moveCash({
      moveKey: 'move-2',
      kind: 'pay_in',
      amountMinor: 50_000,
      reason: '  change from the safe ',
      approval: MANAGER,
    });
    expect(paidIn).toMatchObject({
      kind: 'pay_in',
      amountMinor: 50_000,
      reason: 'change from the safe',
      approvedBy: 'mario',
      drawerCashMinor: 250_000,
    });
    const paidOut = await core.moveCash({
      moveKey: 'move-3',
      kind: 'pay_out',
      amountMinor: 120_000,
      reason: 'pickup to the safe',
      approval: MANAGER,
    });
    expect(paidOut.drawerCashMinor).toBe(130_000);
    // Its answer lost, the manager presses again: the same key gives back the same pickup, not a second one.
    expect(
      await core.moveCash({ moveKey: 'move-3', kind: 'pay_out', amountMinor: 120_000, reason: 'pickup to the safe', approval: MANAGER }),
    ).toEqual(paidOut);
    // The same key with another amount: refused, nothing written (another movement needs a new form).
    expect(
      await codeOf(core.moveCash({ moveKey: 'move-3', kind: 'pay_out', amountMinor: 20_000, reason: 'pickup to the safe', approval: MANAGER })),
    ).toBe('cash_move_key_reused');

    // Refused, each before anything is written: a reason that says nothing, more than the drawer holds, a wrong PIN.
    expect(await codeOf(core.moveCash({ moveKey: 'move-4', kind: 'pay_out', amountMinor: 100, reason: ' x ', approval: MANAGER }))).toBe(
      'cash_move_reason_too_short',
    );
    const beyond = await core
      .moveCash({ moveKey: 'move-beyond', kind: 'pay_out', amountMinor: 130_001, reason: 'supplier paid', approval: MANAGER })
      .catch((e: unknown) => e);
    expect(beyond).toMatchObject({ code: 'pay_out_beyond_drawer', errors: [{ path: '/amountMinor', message: 'at most ₱1,300.00' }] });
    expect((beyond as Error).message).toBe('The drawer holds ₱1,300.00 in cash now: ₱1,300.01 cannot be paid out of it.');
    expect(
      await codeOf(core.moveCash({ moveKey: 'move-5', kind: 'pay_in', amountMinor: 100, reason: 'coins', approval: { managerPin: '0000' } })),
    ).toBe('pin_wrong');
    // Through the screens' door: the schema refuses a zero amount.
    expect(
      await codeOf(callTerminalMethod(core, 'moveCash', { moveKey: 'zero', kind: 'pay_in', amountMinor: 0, reason: 'coins', approval: MANAGER })),
    ).toBe('validation_failed');
    expect(movements()).toEqual([
      { kind: 'pay_in', amount_minor: 50_000, reason: 'change from the safe', approved_by: 'mario' },
      { kind: 'pay_out', amount_minor: 120_000, reason: 'pickup to the safe', approved_by: 'mario' },
    ]);
    expect((await core.shiftCashMovements({})).map((m) => [m.kind, m.amountMinor])).toEqual([
      ['pay_in', 50_000],
      ['pay_out', 120_000],
    ]);

    const x = await core.shiftReport({});
    expect(x.expectedCashMinor).toBe(130_000);
    expect(x.cashMoves).toEqual([
      { kind: 'pay_in', count: 1, amountMinor: 50_000 },
      { kind: 'pay_out', count: 1, amountMinor: 120_000 },
    ]);
    await core.signIn({ pin: '9999' });
    const z = await core.closeShift({ countedCashMinor: 130_000, approval: MANAGER });
    expect(z).toMatchObject({ kind: 'Z', expectedCashMinor: 130_000, overShortMinor: 0, cashMoves: x.cashMoves });
    const journal = (await core.journalDay({})).entries.find((e) => e.kind === 'z_reading')?.text ?? '';
    expect(journal).toMatch(/^Cash paid in \(1\) +P500\.00$/m);
    expect(journal).toMatch(/^Cash paid out \(1\) +-P1,200\.00$/m);
    expect(journal).toMatch(/^Expected cash +P1,300\.00$/m);
    // Each movement under the totals, with when, why and who approved it.
    const lines = z.cashMovements?.map((m) => [m.kind, m.amountMinor, m.reason, m.approvedBy]);
    expect(lines).toEqual([
      ['pay_in', 50_000, 'change from the safe', 'mario'],
      ['pay_out', 120_000, 'pickup to the safe', 'mario'],
    ]);
    expect(journal.replace(/\s+/g, ' ')).toMatch(
      /in: change from the safe \(Mario\) P500\.00 .* out: pickup to the safe \(Mario\) -P1,200\.00 Expected cash/,
    );
    // The shift is closed: its movements stay as they were, and a new one waits for the next shift.
    expect(await codeOf(core.moveCash({ moveKey: 'move-6', kind: 'pay_in', amountMinor: 100, reason: 'coins', approval: MANAGER }))).toBe(
      'shift_not_open',
    );
    expect((await core.shiftCashMovements({ shiftId: z.shift.id })).length).toBe(2);

    const writable = new Database(join(dataDir, 'terminal.db'));
    try {
      expect(() => writable.prepare('UPDATE cash_movements SET amount_minor = 1').run()).toThrow(/append-only/);
      expect(() => writable.prepare('DELETE FROM cash_movements').run()).toThrow(/append-only/);
    } finally {
      writable.close();
    }
  });

  it('a cash refund the drawer cannot pay goes once a manager pays the cash in, as its refusal says', async () => {
    const { core } = await aSignedInTill(cleanups);
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    const { cartKey } = await core.openCart();
    const sale = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'FAN', name: 'Desk fan', qty: 1, unitPriceMinor: 89_900, taxCode: 'VAT12' }],
      payments: [{ method: 'card', amountMinor: 89_900, reference: 'AUTH-9' }],
    });
    const refund = (refundKey: string) =>
      core.refund({ refundKey, saleId: sale.id, lines: [{ sku: 'FAN', qty: 1 }], reason: 'does not turn', approval: MANAGER, moneyBack: 'cash' });
    const refused = await refund('fan-back').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'refund_beyond_drawer' });
    expect((refused as Error).message).toContain('have a manager pay cash into the drawer first (Shift screen: Cash in or out of the drawer)');

    await core.moveCash({ moveKey: 'move-7', kind: 'pay_in', amountMinor: 100_000, reason: 'cash from the safe for a refund', approval: MANAGER });
    expect((await refund('fan-back')).tenders).toEqual([{ method: 'cash', amountMinor: 89_900 }]);
    expect((await core.shiftReport({})).expectedCashMinor).toBe(10_100);
  });
});
