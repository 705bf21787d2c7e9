import { beforeEach, describe, expect, it, vi } from 'vitest';
import { terminalApiMethods } from '../../terminal/terminal-api';
import { validPay } from '../support/electron/fakes';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, Record<string, (...args: unknown[]) => unknown>>(),
  invoke: vi.fn(),
  on: vi.fn(),
  removeListener: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => electron.exposed.set(key, api) },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener },
}));

await import('../../electron/preload');
const counter = electron.exposed.get('counter')!;

describe('the preload exposes the TerminalApi and nothing else', () => {
  beforeEach(() => electron.invoke.mockReset());

  it('window.counter has exactly the TerminalApi methods plus onStatus', () => {
    expect(Object.keys(counter).sort()).toEqual([...terminalApiMethods, 'onStatus'].sort());
    expect(Object.keys(electron.exposed.get('counterDesktop')!).sort()).toEqual([
      'exportDiagnostics',
      'printReceipt',
      'setSaleInProgress',
      'testPrint',
    ]);
  });

  it('each method calls its own channel with its one argument', async () => {
    electron.invoke.mockResolvedValue({ ok: true, value: { localNumber: 'T01-000001' } });
    await expect(counter.pay!(validPay)).resolves.toEqual({ localNumber: 'T01-000001' });
    expect(electron.invoke).toHaveBeenCalledWith('terminal:pay', validPay);
    await counter.getStatus!();
    expect(electron.invoke).toHaveBeenLastCalledWith('terminal:getStatus');
  });

  it('a refused call rejects with the code leading the message (contextBridge drops other fields)', async () => {
    electron.invoke.mockResolvedValue({ ok: false, code: 'validation_failed', message: 'terminal:pay: /lines must have at least 1 item' });
    await expect(counter.pay!(validPay)).rejects.toThrow(/^validation_failed: terminal:pay/);
  });

  it('onStatus forwards pushed statuses and unsubscribes its own listener', () => {
    const seen: unknown[] = [];
    const unsubscribe = counter.onStatus!((status: unknown) => seen.push(status)) as () => void;
    const [channel, forward] = electron.on.mock.calls[0] as [string, (event: unknown, status: unknown) => void];
    expect(channel).toBe('terminal:status-changed');
    forward({ sender: 'ignored' }, { pending: 3 });
    expect(seen).toEqual([{ pending: 3 }]);
    unsubscribe();
    expect(electron.removeListener).toHaveBeenCalledWith('terminal:status-changed', forward);
  });
});
