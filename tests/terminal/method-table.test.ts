import { afterEach, describe, expect, it } from 'vitest';
import { callTerminalMethod, terminalApiMethods, terminalMethods, type MethodRole, type TerminalApiMethod } from '../../terminal/terminal-api';
import type { TerminalCore } from '../../terminal/terminal-core';
import { aSignedInTill, codeOf, openCore, tempDataDir, type Cleanups } from '../support/terminal';

/**
 * The method table (terminal/terminal-api.ts) says who may call each method; the core
 * enforces it. These scenarios hold the two together: a role written in the table that the
 * core does not enforce (or the reverse) fails here.
 */

const CASHIER_PIN = '1111';
const MANAGER_PIN = '9999';
/** Codes that mean "not you": the role check, not the argument or the state, refused the call. */
const ROLE_REFUSALS = ['manager_required', 'not_allowed', 'not_signed_in'];

/** A well-formed argument for each method, so that what refuses a call is who makes it. */
function sampleArgs(serverUrl: string, approvalPin: string): Record<TerminalApiMethod, unknown> {
  const approval = { managerPin: approvalPin };
  return {
    getStatus: undefined,
    pair: { serverUrl, pairingCode: 'NOT-A-CODE' },
    unpair: undefined,
    getSettings: undefined,
    updateSettings: { offlineWarningHours: 12 },
    searchProducts: { query: 'rice' },
    listTaxes: undefined,
    openCart: undefined,
    pay: {
      cartKey: 'role-check-cart',
      cashier: 'ana',
      lines: [{ sku: 'SKU-1', qty: 1, unitPriceMinor: 100 }],
      payments: [{ method: 'cash', amountMinor: 100 }],
    },
    stepQuantity: { sku: 'SKU-1', qty: 2, by: 1 },
    listSales: {},
    getSale: { id: 'no-such-sale' },
    invoiceProfile: undefined,
    bnpcWeek: { idNumber: 'OSCA-2024-00117' },
    signIn: { pin: CASHIER_PIN },
    signOut: undefined,
    currentCashier: undefined,
    signInHelp: undefined,
    listCashiers: undefined,
    addCashier: { code: 'bea', name: 'Bea', role: 'manager', pin: '4242' },
    resetPin: { code: 'ana', pin: '5353' },
    approve: { pin: approvalPin, action: 'discount', cartKey: 'role-check-cart', amountMinor: 50 },
    queueItems: {},
    queueCounts: undefined,
    retry: { id: 'no-such-entry' },
    retryAll: undefined,
    voidQueueEntry: { id: 'no-such-entry', reason: 'rung up twice', approval },
    exportQueue: undefined,
    lookupReceipt: { number: 'T01-999999' },
    refund: { refundKey: 'role-check-refund', saleId: 'no-such-sale', lines: [{ sku: 'SKU-1', qty: 1 }], reason: 'broken', approval },
    openShift: { floatMinor: 0, approval },
    currentShift: undefined,
    closedShifts: {},
    shiftReport: {},
    closeShift: { countedCashMinor: 0, approval },
    endDay: { approval },
    moveCash: { moveKey: 'role-check-move', kind: 'pay_in', amountMinor: 50_000, reason: 'change from the safe', approval },
    shiftCashMovements: {},
    stockDesk: undefined,
    refreshStockDesk: undefined,
    stockWork: undefined,
    countedLines: { countId: 'no-such-count' },
    countScan: { workKey: 'role-check-count', countId: 'no-such-count', lines: [{ code: 'SKU-1', qty: 1 }] },
    receiveDelivery: { workKey: 'role-check-delivery', receiptId: 'no-such-receipt' },
    sendTransfer: { workKey: 'role-check-send', transferId: 'no-such-transfer' },
    receiveTransfer: { workKey: 'role-check-receive', transferId: 'no-such-transfer' },
    recordVoid: { cartKey: 'role-check-cart', kind: 'line', amountMinor: 100 },
    recordPrint: { kind: 'sale', id: 'no-such-sale' },
    journalDay: { day: '2026-11-30' },
    checkJournal: undefined,
  };
}

const withRole = (...roles: MethodRole[]) => terminalApiMethods.filter((method) => roles.includes(terminalMethods[method].role));
const refusal = (core: TerminalCore, method: TerminalApiMethod, args: unknown) => codeOf(callTerminalMethod(core, method, args));

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the method table', () => {
  it('gives every method an argument schema, a result schema and a role, and every sample fits its schema', () => {
    const samples = sampleArgs('https://backoffice.example', MANAGER_PIN);
    for (const method of terminalApiMethods) {
      const spec = terminalMethods[method];
      expect(['anyone', 'signed_in', 'manager_pin', 'manager', 'manager_or_setup']).toContain(spec.role);
      expect(spec.does.length).toBeGreaterThan(3);
      expect(spec.args === null).toBe(samples[method] === undefined);
    }
  });

  it('manager and manager_or_setup: a cashier signed in on a till with a manager is refused for who they are', async () => {
    const { core, link } = await aSignedInTill(cleanups);
    const samples = sampleArgs(link.proxy.url, MANAGER_PIN);
    const methods = withRole('manager', 'manager_or_setup');
    expect(methods).toEqual(
      expect.arrayContaining(['unpair', 'voidQueueEntry', 'pair', 'updateSettings', 'addCashier', 'exportQueue', 'listCashiers']),
    );
    for (const method of methods) {
      expect({ method, code: await refusal(core, method, samples[method]) }).toEqual({ method, code: expect.toBeOneOf(ROLE_REFUSALS) });
    }
    expect((await core.listCashiers().catch(() => [])).length).toBe(0);
    expect((await core.getSettings()).offlineWarningHours).not.toBe(12);
  });

  it("manager_pin: a cashier's own PIN approves nothing", async () => {
    const { core, link } = await aSignedInTill(cleanups);
    const samples = sampleArgs(link.proxy.url, CASHIER_PIN);
    for (const method of withRole('manager_pin')) {
      expect({ method, code: await refusal(core, method, samples[method]) }).toEqual({ method, code: 'not_allowed' });
    }
    expect(await core.currentShift()).toBeNull();
  });

  it('signed_in: nobody signed in on a till with a roster cannot sell', async () => {
    const { core, link } = await aSignedInTill(cleanups);
    await core.signOut();
    const samples = sampleArgs(link.proxy.url, MANAGER_PIN);
    for (const method of withRole('signed_in')) {
      expect({ method, code: await refusal(core, method, samples[method]) }).toEqual({ method, code: 'not_signed_in' });
    }
    expect(await core.listSales({})).toEqual([]);
  });

  it('anyone: with nobody signed in, no such method is refused for who calls it', async () => {
    const { core, link } = await aSignedInTill(cleanups);
    await core.signOut();
    const samples = sampleArgs(link.proxy.url, MANAGER_PIN);
    for (const method of withRole('anyone')) {
      const code = await refusal(core, method, samples[method]);
      expect({ method, code }).toEqual({ method, code: code === undefined ? undefined : expect.not.toBeOneOf(ROLE_REFUSALS) });
      if (method === 'signIn') await core.signOut();
    }
  });

  it('manager_or_setup: a till still being set up (nobody on its roster) lets its installer do them', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const core = await openCore(data.dir);
    cleanups.push(() => core.close());
    const samples = sampleArgs('https://127.0.0.1:1', MANAGER_PIN);
    // Adding the first manager ends the setup: it goes last.
    const methods = withRole('manager_or_setup').sort((a, b) => Number(a === 'addCashier') - Number(b === 'addCashier'));
    for (const method of methods) {
      const code = await refusal(core, method, samples[method]);
      expect({ method, code }).toEqual({ method, code: code === undefined ? undefined : expect.not.toBeOneOf(ROLE_REFUSALS) });
    }
    // The first person was added without anyone signed in: they can sign in now.
    expect(await core.signIn({ pin: '4242' })).toMatchObject({ code: 'bea', role: 'manager' });
  });
});
