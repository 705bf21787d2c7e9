import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalCore } from '../../terminal/terminal-core';
import { codeOf, openCore, tempDataDir } from '../support/terminal';

describe('cashiers sign in with a PIN, and the core checks who may do what', () => {
  let dir: ReturnType<typeof tempDataDir>;
  let core: TerminalCore;

  beforeEach(async () => {
    dir = tempDataDir();
    core = await openCore(dir.dir);
  });
  afterEach(async () => {
    await core.close();
    dir.remove();
  });

  it('on a fresh terminal the first person must be a manager; then only a manager adds people', async () => {
    expect(await core.signInHelp()).toEqual({ firstRun: true, demoPeople: [] });
    expect(await codeOf(core.addCashier({ code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' }))).toBe('not_allowed');
    await core.addCashier({ code: 'mario', name: 'Mario', role: 'manager', pin: '9999' });
    expect(await codeOf(core.addCashier({ code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' }))).toBe('not_signed_in');
    expect(await core.signIn({ pin: '9999' })).toEqual({ code: 'mario', name: 'Mario', role: 'manager' });
    await core.addCashier({ code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' });
    expect(await codeOf(core.addCashier({ code: 'ben', name: 'Ben', role: 'cashier', pin: '1111' }))).toBe('pin_in_use');
    expect((await core.listCashiers()).map((c) => c.code)).toEqual(['ana', 'mario']);

    await core.signIn({ pin: '1111' });
    expect(await core.currentCashier()).toEqual({ code: 'ana', name: 'Ana', role: 'cashier' });
    expect(await codeOf(core.listCashiers())).toBe('not_allowed');
    expect(await codeOf(core.resetPin({ code: 'ana', pin: '2222' }))).toBe('not_allowed');
    await core.signOut();
    expect(await core.currentCashier()).toBeNull();
  });

  it('PINs are stored as scrypt hashes with their own salt, never as typed', async () => {
    core.seedDemoPeople([{ code: 'mario', name: 'Mario', role: 'manager', pin: '9999' }]);
    await core.signIn({ pin: '9999' });
    await core.addCashier({ code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' });
    const db = new Database(join(dir.dir, 'terminal.db'), { readonly: true });
    const rows = db.prepare('SELECT code, pin_salt, pin_hash, demo_pin FROM cashiers ORDER BY code').all() as {
      code: string;
      pin_salt: string;
      pin_hash: string;
      demo_pin: string | null;
    }[];
    db.close();
    expect(rows.map((r) => r.demo_pin)).toEqual([null, '9999']);
    expect(rows[0]?.pin_hash).not.toContain('1111');
    expect(rows[0]?.pin_salt).not.toBe(rows[1]?.pin_salt);
    expect((await core.signInHelp()).demoPeople).toEqual([{ name: 'Mario', role: 'manager', pin: '9999' }]);
  });

  it('five wrong PINs in a row rest the PIN pad', async () => {
    core.seedDemoPeople([{ code: 'mario', name: 'Mario', role: 'manager', pin: '9999' }]);
    for (let i = 0; i < 5; i += 1) expect(await codeOf(core.signIn({ pin: '0000' }))).toBe('pin_wrong');
    expect(await codeOf(core.signIn({ pin: '9999' }))).toBe('pin_locked');
  });

  it('a discount above the limit needs a manager approval for that cart, recorded in SQLite', async () => {
    core.seedDemoPeople([
      { code: 'ana', name: 'Ana', role: 'cashier', pin: '1111' },
      { code: 'mario', name: 'Mario', role: 'manager', pin: '9999' },
    ]);
    const { cartKey } = await core.openCart();
    const sale = {
      cartKey,
      cashier: 'whoever',
      lines: [{ sku: 'A', qty: 1, unitPriceMinor: 10_000, discountMinor: 2_000 }],
      payments: [{ method: 'cash' as const, amountMinor: 8_000 }],
    };
    expect(await codeOf(core.pay(sale))).toBe('not_signed_in');
    await core.signIn({ pin: '1111' });
    expect(await codeOf(core.pay(sale))).toBe('approval_required');
    expect(await codeOf(core.approve({ pin: '1111', action: 'discount', cartKey, amountMinor: 2_000 }))).toBe('not_allowed');
    const approval = await core.approve({ pin: '9999', action: 'discount', cartKey, amountMinor: 2_000 });
    expect(approval).toMatchObject({ managerCode: 'mario', action: 'discount', amountMinor: 2_000 });
    // Approved: what stops it now is only that this terminal is not paired.
    expect(await codeOf(core.pay(sale))).toBe('not_paired');
    // Finding 2 of #9: a cashier cannot lift the limit from her own session; the setting is unchanged.
    expect(await codeOf(core.updateSettings({ discountApprovalPercent: 100 }))).toBe('manager_required');
    expect((await core.getSettings()).discountApprovalPercent).toBe(10);
    await core.signIn({ pin: '9999' });
    await core.updateSettings({ discountApprovalPercent: 25 });
    expect(await codeOf(core.pay({ ...sale, cartKey: 'another-cart' }))).toBe('not_paired');
  });
});
