import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CashierDesk } from '../../terminal/cashiers/cashier-desk';
import { openTerminalDb } from '../../terminal/store/terminal-db';
import { TerminalSettings } from '../../terminal/store/terminal-settings';
import { callTerminalMethod } from '../../terminal/terminal-api';
import type { TerminalCore } from '../../terminal/terminal-core';
import type { TerminalError } from '../../terminal/terminal-error';
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

  it('signing in on a till with nobody on its roster says how to add the first manager, and never rests the PIN pad (probe finding 5)', async () => {
    const wrongPins = () => {
      const db = new Database(join(dir.dir, 'terminal.db'), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM wrong_pins').pluck().get();
      } finally {
        db.close();
      }
    };
    // An installer trying PINs at first setup: each answer says there is nobody yet, none counts.
    for (let i = 0; i < 7; i += 1) {
      const refused = (await core.signIn({ pin: '1234' }).catch((e: unknown) => e)) as TerminalError;
      expect(refused.code).toBe('no_people_yet');
      expect(refused.message).toMatch(/nobody on its roster yet.*first manager/);
    }
    expect(await codeOf(core.approve({ pin: '1234', action: 'discount', cartKey: 'cart-1', amountMinor: 100 }))).toBe('no_people_yet');
    expect(wrongPins()).toBe(0);
    // The first manager, added as the sign-in screen offers, signs in at once: the pad is not resting.
    await core.addCashier({ code: 'mario', name: 'Mario', role: 'manager', pin: '9999' });
    expect(await core.signIn({ pin: '9999' })).toEqual({ code: 'mario', name: 'Mario', role: 'manager' });
    // From then on a wrong PIN is a wrong PIN, and counts.
    expect(await codeOf(core.signIn({ pin: '1234' }))).toBe('pin_wrong');
    expect(wrongPins()).toBe(1);
  });

  it('a cashier code typed in capitals is the same code in lower case, as the back office takes store codes (probe finding 5)', async () => {
    // Through the method table, as the web host and the desktop bridge call it (schema checked).
    const call = (name: string, args: unknown) => callTerminalMethod(core, name, args);
    await call('addCashier', { code: 'MARIO', name: 'Mario', role: 'manager', pin: '9999' });
    await call('signIn', { pin: '9999' });
    expect(await call('addCashier', { code: 'Ana', name: 'Ana', role: 'cashier', pin: '1111' })).toEqual({
      code: 'ana',
      name: 'Ana',
      role: 'cashier',
    });
    expect(await codeOf(call('addCashier', { code: 'ana', name: 'Ana again', role: 'cashier', pin: '2222' }))).toBe('cashier_exists');
    await call('resetPin', { code: 'ANA', pin: '3333' });
    expect((await core.listCashiers()).map((c) => c.code)).toEqual(['ana', 'mario']);
    expect(await call('signIn', { pin: '3333' })).toEqual({ code: 'ana', name: 'Ana', role: 'cashier' });
    // Still letters, digits, dot, dash and underscore only.
    await call('signIn', { pin: '9999' });
    expect(await codeOf(call('addCashier', { code: 'ana maria', name: 'Ana Maria', role: 'cashier', pin: '4444' }))).toBe('validation_failed');
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

  it('five wrong PINs in a row rest the PIN pad, and the rest outlives a restart of the app', async () => {
    core.seedDemoPeople([{ code: 'mario', name: 'Mario', role: 'manager', pin: '9999' }]);
    for (let i = 0; i < 5; i += 1) expect(await codeOf(core.signIn({ pin: '0000' }))).toBe('pin_wrong');
    expect(await codeOf(core.signIn({ pin: '9999' }))).toBe('pin_locked');
    await core.close();
    core = await openCore(dir.dir);
    await expect(core.signIn({ pin: '9999' })).rejects.toMatchObject({ code: 'pin_locked', message: expect.stringMatching(/rests for \d+ seconds/) });
  });

  it("found by a black-box probe: a cashier's own PIN typed between guesses does not wipe the count, so a manager's PIN cannot be found by trying them all", () => {
    const db = openTerminalDb(dir.dir);
    let now = Date.parse('2026-12-01T08:00:00Z');
    const desk = new CashierDesk(db, new TerminalSettings(db), () => now);
    desk.seedDemoPeople([
      { code: 'cara', name: 'Cara', role: 'cashier', pin: '2468' },
      { code: 'boss', name: 'Boss', role: 'manager', pin: '7351' },
    ]);
    const attempt = (pin: string): string => {
      try {
        return desk.signIn({ pin }).code;
      } catch (error) {
        return (error as TerminalError).code;
      }
    };
    // The attack: four guesses, then Cara's own PIN, over and over, as fast as a script types them.
    const answers: string[] = [];
    for (let guess = 0; guess < 40; guess += 1) {
      answers.push(attempt(String(1000 + guess)));
      if (guess % 4 === 3) answers.push(attempt('2468'));
      now += 100;
    }
    expect(answers.slice(0, 6)).toEqual(['pin_wrong', 'pin_wrong', 'pin_wrong', 'pin_wrong', 'cara', 'pin_wrong']);
    // The fifth wrong PIN rests the pad; of the 40 guesses, only 5 were tried.
    expect(answers.filter((a) => a === 'pin_wrong')).toHaveLength(5);
    expect(answers.slice(6).every((a) => a === 'pin_locked')).toBe(true);

    // Each wrong PIN after a rest, within the ten minutes, doubles it: 30 s, then 60 s, then 2 min.
    now += 30_000;
    expect(attempt('0001')).toBe('pin_wrong');
    now += 59_000;
    expect(attempt('2468')).toBe('pin_locked');
    now += 1_000;
    expect(attempt('0002')).toBe('pin_wrong');
    now += 119_000;
    expect(attempt('2468')).toBe('pin_locked');
    now += 1_000;
    expect(attempt('2468')).toBe('cara');

    // A quiet hour after the last wrong PIN, the count starts afresh: one typo is one typo.
    now += 60 * 60_000;
    expect(attempt('0003')).toBe('pin_wrong');
    expect(attempt('2468')).toBe('cara');
    expect(db.prepare('SELECT COUNT(*) FROM wrong_pins').pluck().get()).toBe(1);

    // Found by a review: a script that guesses once a second all day long gets a few guesses an hour, not a thousand a day.
    now += 60 * 60_000;
    let guesses = 0;
    for (let second = 0; second < 24 * 3600; second += 1) {
      if (attempt(String(2000 + (second % 1000))) === 'pin_wrong') guesses += 1;
      now += 1000;
    }
    expect(guesses).toBeLessThan(24 * 12);
    db.close();
  }, 120_000);

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
