import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { createGuardedIpc, isCashierWindowFrame } from '../../electron/ipc-guard';
import { registerTerminalHandlers } from '../../electron/terminal-bridge';
import { mergeConfig } from '../../electron/desktop-config';
import { SaleInProgress } from '../../electron/sale-in-progress';
import type { IpcReply } from '../../electron/ipc-channels';
import { terminalApiMethods } from '../../terminal/terminal-api';
import { fakeTerminalCore, recordingLogger, validPay } from '../support/electron/fakes';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcReply>;

const cashierContents = { id: 1 } as unknown as WebContents;

function eventFrom(options: { contents?: WebContents; url?: string; parent?: object | null; frame?: 'none' }): IpcMainInvokeEvent {
  const frame = options.frame === 'none' ? null : { url: options.url ?? 'app://counter/index.html', parent: options.parent ?? null };
  return { sender: options.contents ?? cashierContents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

function bridge() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) };
  const { logger, lines } = recordingLogger();
  const ipc = createGuardedIpc({ ipcMain: ipcMain as never, isTrustedSender: (event) => isCashierWindowFrame(event, cashierContents), logger });
  const { core } = fakeTerminalCore();
  const sales = new SaleInProgress();
  const config = mergeConfig({ values: {}, locked: [], problems: [] }, { values: {}, locked: [], problems: [] });
  registerTerminalHandlers(ipc, core, { config, sales, logger, printReceipt: async () => undefined });
  const call = (channel: string, event: IpcMainInvokeEvent, ...args: unknown[]) => handlers.get(channel)!(event, ...args);
  return { handlers, call, core, lines, sales };
}

describe('every TerminalApi call goes through the one guarded helper', () => {
  it('registers exactly one channel per TerminalApi method', () => {
    const { handlers } = bridge();
    expect([...handlers.keys()].sort()).toEqual(terminalApiMethods.map((method) => `terminal:${method}`).sort());
  });

  it('a sale paid from the cashier window reaches the core', async () => {
    const { call, core } = bridge();
    const reply = await call('terminal:pay', eventFrom({}), validPay);
    expect(reply).toMatchObject({ ok: true, value: { localNumber: 'T01-000001' } });
    expect(core.pay).toHaveBeenCalledOnce();
  });

  it.each([
    ['an iframe inside the cashier window', eventFrom({ parent: { url: 'app://counter/index.html' } })],
    ['a page navigated to another site', eventFrom({ url: 'https://evil.example/pay' })],
    ['a file:// page', eventFrom({ url: 'file:///C:/Users/cashier/Downloads/fake.html' })],
    ['another window', eventFrom({ contents: { id: 2 } as unknown as WebContents })],
    ['a frame already gone', eventFrom({ frame: 'none' })],
  ])('refuses %s with forbidden, without touching the core', async (_label, event) => {
    const { call, core, lines } = bridge();
    const reply = await call('terminal:pay', event, validPay);
    expect(reply).toEqual({ ok: false, code: 'forbidden', message: expect.any(String) });
    expect(core.pay).not.toHaveBeenCalled();
    expect(lines.some((line) => line.level === 'warn')).toBe(true);
  });

  it('refuses a payment with no lines, naming the field, without touching the core', async () => {
    const { call, core } = bridge();
    const reply = await call('terminal:pay', eventFrom({}), { ...validPay, lines: [] });
    expect(reply).toMatchObject({ ok: false, code: 'validation_failed', message: expect.stringContaining('/lines') });
    expect(core.pay).not.toHaveBeenCalled();
  });

  it('refuses money in floating point and a missing argument', async () => {
    const { call, core } = bridge();
    const fractional = { ...validPay, payments: [{ method: 'cash', amountMinor: 200.5 }] };
    expect(await call('terminal:pay', eventFrom({}), fractional)).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(await call('terminal:pay', eventFrom({}))).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(core.pay).not.toHaveBeenCalled();
  });

  it('refuses an argument to a method that takes none', async () => {
    const { call, core } = bridge();
    expect(await call('terminal:retryAll', eventFrom({}), { everything: true })).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(core.retryAll).not.toHaveBeenCalled();
  });

  it("passes the core's own error code through, and hides an uncoded one behind terminal_error", async () => {
    const { call, core } = bridge();
    core.retry.mockRejectedValueOnce(Object.assign(new Error('No such queue entry'), { code: 'not_found' }));
    expect(await call('terminal:retry', eventFrom({}), { id: 'q-1' })).toEqual({ ok: false, code: 'not_found', message: 'No such queue entry' });
    core.retry.mockRejectedValueOnce(new Error('disk I/O error'));
    expect(await call('terminal:retry', eventFrom({}), { id: 'q-1' })).toEqual({ ok: false, code: 'terminal_error', message: 'disk I/O error' });
  });
});
