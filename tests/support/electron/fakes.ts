import { vi } from 'vitest';
import { terminalApiMethods, type LocalSale, type PayArgs, type TerminalApi, type TerminalStatus } from '../../../terminal/terminal-api';
import type { ShellLogger } from '../../../electron/shell-logger';

export const unpairedStatus: TerminalStatus = {
  paired: false,
  serverUrl: null,
  terminalCode: null,
  storeCode: null,
  businessCode: null,
  online: false,
  offlineCause: 'not_paired',
  pending: 0,
  oldestPendingAt: null,
  needsAttention: 0,
  drain: null,
  lastSyncAt: null,
  stuckHead: null,
  syncStalled: null,
  invoiceDetailsMissing: [],
  timeZone: 'Asia/Manila',
};

export function saleFor(args: PayArgs): LocalSale {
  return {
    id: 'sale-1',
    cartKey: args.cartKey,
    localNumber: 'T01-000001',
    occurredAt: '2025-10-01T09:30:00+08:00',
    cashier: args.cashier,
    totalMinor: 12_550,
    paidMinor: 20_000,
    changeMinor: 7_450,
    lines: args.lines,
    payments: args.payments,
    invoiceNumber: null,
    syncState: 'pending',
  };
}

export const validPay: PayArgs = {
  cartKey: '0190f3e2-7c4d-7000-8000-000000000001',
  cashier: 'ANA',
  lines: [{ sku: 'RICE-5KG', name: 'Rice 5 kg', qty: 1, unitPriceMinor: 12_550 }],
  payments: [{ method: 'cash', amountMinor: 20_000 }],
};

const ana = { code: 'ana', name: 'Ana', role: 'cashier' as const };
const shift = {
  id: 'S1',
  terminalCode: 'T01',
  openedAt: '2025-10-01T08:00:00+08:00',
  openedBy: 'mario',
  floatMinor: 200_000,
  closedAt: null,
  closedBy: null,
};
const fakeSettings = { offlineWarningHours: 24, printerName: null, discountApprovalPercent: 10, voidNeedsApproval: true };

/** A terminal core that answers from memory; status is whatever the test sets. */
/** Every method of the table, refusing with `not_stubbed`: what a fake core does with a method no test stubbed. */
function unstubbed(): TerminalApi {
  return Object.fromEntries(
    terminalApiMethods.map((method) => [
      method,
      vi.fn(async () => {
        throw new Error(`not_stubbed: the fake core has no ${method}`);
      }),
    ]),
  ) as unknown as TerminalApi;
}

export function fakeTerminalCore(status: Partial<TerminalStatus> = {}) {
  let current: TerminalStatus = { ...unpairedStatus, ...status };
  const core = {
    // Methods a test has no stub for refuse when reached: a new method of the table needs no edit here.
    ...unstubbed(),
    getStatus: vi.fn(async () => current),
    pair: vi.fn(async (args: { serverUrl: string }) => {
      current = { ...current, paired: true, serverUrl: args.serverUrl, online: true, offlineCause: null };
      return current;
    }),
    unpair: vi.fn(async () => {
      current = { ...current, paired: false, serverUrl: null, online: false, offlineCause: 'not_paired' };
      return current;
    }),
    searchProducts: vi.fn(async () => []),
    openCart: vi.fn(async () => ({ cartKey: validPay.cartKey, openedAt: '2025-10-01T09:29:00+08:00' })),
    pay: vi.fn(async (args: PayArgs) => saleFor(args)),
    listSales: vi.fn(async () => []),
    getSale: vi.fn(async () => null),
    queueItems: vi.fn(async () => []),
    retry: vi.fn(async () => undefined),
    retryAll: vi.fn(async () => undefined),
    getSettings: vi.fn(async () => ({ ...fakeSettings })),
    updateSettings: vi.fn(async (patch: object) => ({ ...fakeSettings, ...patch })),
    signIn: vi.fn(async () => ana),
    signOut: vi.fn(async () => undefined),
    currentCashier: vi.fn(async () => null),
    signInHelp: vi.fn(async () => ({ firstRun: false, demoPeople: [] })),
    listCashiers: vi.fn(async () => [ana]),
    addCashier: vi.fn(async () => ana),
    resetPin: vi.fn(async () => undefined),
    approve: vi.fn(async () => ({
      id: 'A1',
      action: 'discount' as const,
      cartKey: validPay.cartKey,
      amountMinor: 0,
      managerCode: 'mario',
      managerName: 'Mario',
      approvedAt: '2025-10-01T09:29:00+08:00',
    })),
    listTaxes: vi.fn(async () => []),
    queueCounts: vi.fn(async () => ({ pending: 0, sending: 0, needs_attention: 0, synced: 0, voided: 0 })),
    voidQueueEntry: vi.fn(async () => {
      throw new Error('not_found: no such entry');
    }),
    exportQueue: vi.fn(async () => ({
      exportedAt: '2025-10-01T09:29:00+08:00',
      appVersion: 'test',
      status: current,
      settings: { ...fakeSettings },
      counts: { pending: 0, sending: 0, needs_attention: 0, synced: 0, voided: 0 },
      entries: [],
    })),
    lookupReceipt: vi.fn(async () => null),
    refund: vi.fn(async () => {
      throw new Error('not_found: no such sale');
    }),
    openShift: vi.fn(async () => shift),
    currentShift: vi.fn(async () => null),
    shiftReport: vi.fn(async () => {
      throw new Error('shift_not_open: no shift');
    }),
    closeShift: vi.fn(async () => {
      throw new Error('shift_not_open: no shift');
    }),
  } satisfies TerminalApi;
  return { core, setStatus: (next: Partial<TerminalStatus>) => (current = { ...current, ...next }) };
}

export function recordingLogger() {
  const lines: { level: string; details: object; message: string }[] = [];
  const logger: ShellLogger = {
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
    error: (details, message) => lines.push({ level: 'error', details, message }),
  };
  return { logger, lines };
}
