import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { keepWindowTitle, windowTitleOf } from '../../electron/window-title';
import { addTerminalNow } from '../../server/terminals/pairing';
import type { TerminalStatus } from '../../terminal/terminal-api';
import { startBackOffice } from '../support/back-office';
import { FakeBrowserWindow, type fakeElectron } from '../support/electron/fake-electron';

/**
 * Found by a black-box probe: the desktop window's title named the store of the installer's
 * admin file (MAKATI) while the till was paired to another store (CAINTA). The real main
 * process, with only the `electron` module replaced, and the real core and back office.
 */
const userData = mkdtempSync(path.join(tmpdir(), 'counter-title-'));
const resources = path.join(userData, 'resources');
mkdirSync(resources, { recursive: true });
// The installer's admin file names a store, unlocked: a pairing code of another store is taken.
writeFileSync(path.join(resources, 'counter-admin.json'), JSON.stringify({ storeCode: 'MAKATI', terminalName: 'Till 1' }));
(process as { resourcesPath?: string }).resourcesPath = resources;

const electron = vi.hoisted(() => ({ current: undefined as unknown as ReturnType<typeof fakeElectron> }));
vi.mock('electron', async () => {
  const { fakeElectron: make } = await import('../support/electron/fake-electron');
  electron.current = make(userData);
  return electron.current;
});

await import('../../electron/main');
const fake = electron.current;
await vi.waitFor(() => expect(fake.ipcHandlers.has('terminal:pair')).toBe(true), { timeout: 10_000 });
await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBeGreaterThan(0));
const cashier = FakeBrowserWindow.created[0]!;
const fromCashier = { sender: cashier.webContents, senderFrame: { url: 'app://counter/index.html', parent: null } };

const office = await startBackOffice('sqlite');
await office.app.listen({ port: 0, host: '127.0.0.1' });
const serverUrl = `http://127.0.0.1:${(office.app.server.address() as AddressInfo).port}`;
afterAll(async () => {
  fake.app.emit('will-quit', { preventDefault: () => undefined });
  await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
  await office.close();
});

describe("the desktop window's title follows the store the till is paired to", () => {
  it('before pairing it says the till is not paired, not the admin file’s store', () => {
    expect(cashier.options.title).toBe('Counter · not paired · Till 1');
    expect(cashier.getTitle()).toBe('Counter · not paired · Till 1');
  });

  it('the screen’s own <title> does not replace it', () => {
    const event = { preventDefault: vi.fn() };
    cashier.emit('page-title-updated', event, 'Counter', true);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(cashier.getTitle()).toBe('Counter · not paired · Till 1');
  });

  it('paired with a code of store CAINTA, the title names CAINTA at once', async () => {
    const added = await office.app.inject({
      method: 'POST',
      url: '/v1/admin/stores',
      headers: office.adminHeaders('store-CAINTA'),
      payload: { businessCode: 'MAIN', code: 'CAINTA', name: 'Cainta branch' },
    });
    expect(added.statusCode).toBe(201);
    const { pairingCode } = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'CAINTA', name: 'Cainta till' });
    const paired = await fake.ipcHandlers.get('terminal:pair')!(fromCashier, { serverUrl, pairingCode });
    expect(paired).toMatchObject({ ok: true, value: { paired: true, storeCode: 'CAINTA' } });
    await vi.waitFor(() => expect(cashier.getTitle()).toBe('Counter · CAINTA · Till 1'));
    expect(cashier.getTitle()).not.toContain('MAKATI');
  });
});

describe('the title, as the pairing changes', () => {
  const status = (storeCode: string | null, terminalCode: string | null) =>
    ({ paired: storeCode !== null, storeCode, terminalCode }) as unknown as TerminalStatus;

  it('names the paired store and the till (the installer’s name, else the terminal’s code), or that it is not paired', () => {
    expect(windowTitleOf(status('CAINTA', 'T03'), { terminalName: null })).toBe('Counter · CAINTA · T03');
    expect(windowTitleOf(status('CAINTA', 'T03'), { terminalName: 'Till 1' })).toBe('Counter · CAINTA · Till 1');
    expect(windowTitleOf(status(null, null), { terminalName: null })).toBe('Counter · not paired');
    expect(windowTitleOf(null, { terminalName: 'Till 1' })).toBe('Counter · not paired · Till 1');
  });

  it('paired again with another store, then unpaired: the title follows each change, and only a change sets it', () => {
    const window = new FakeBrowserWindow({ title: 'Counter · MAKATI · T01' });
    let push: (s: TerminalStatus) => void = () => undefined;
    const stop = keepWindowTitle(window as never, { terminalName: null }, (listener) => {
      push = listener;
      return () => (push = () => undefined);
    });
    push(status('MAKATI', 'T01'));
    expect(window.setTitle).not.toHaveBeenCalled();
    push(status('QC', 'T07'));
    expect(window.getTitle()).toBe('Counter · QC · T07');
    push(status(null, null));
    expect(window.getTitle()).toBe('Counter · not paired');
    stop();
    push(status('MAKATI', 'T01'));
    expect(window.getTitle()).toBe('Counter · not paired');
  });
});
