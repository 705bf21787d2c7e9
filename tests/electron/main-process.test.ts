import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addTerminalNow } from '../../server/terminals/pairing';
import { startBackOffice } from '../support/back-office';
import { FakeBrowserWindow, type fakeElectron } from '../support/electron/fake-electron';
import { validPay } from '../support/electron/fakes';

/**
 * The real main process (electron/main.ts) started against the real terminal core, with
 * only the `electron` module replaced. What Electron itself does with these calls (the
 * window, the protocol, the sandbox) is not exercised here: the binary is not available.
 */
const userData = mkdtempSync(path.join(tmpdir(), 'counter-userdata-'));
const electron = vi.hoisted(() => ({ current: undefined as unknown as ReturnType<typeof fakeElectron> }));
vi.mock('electron', async () => {
  const { fakeElectron: make } = await import('../support/electron/fake-electron');
  electron.current = make(userData);
  return electron.current;
});
(process as { resourcesPath?: string }).resourcesPath = path.join(userData, 'resources');

await import('../../electron/main');
const fake = electron.current;
await vi.waitFor(() => expect(fake.ipcHandlers.has('terminal:getStatus')).toBe(true), { timeout: 10_000 });
await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBeGreaterThan(0));
const cashier = FakeBrowserWindow.created[0]!;

const fromCashier = { sender: cashier.webContents, senderFrame: { url: 'app://counter/index.html', parent: null } };
const call = (channel: string, event: unknown, ...args: unknown[]) => fake.ipcHandlers.get(channel)!(event, ...args);

describe('the main process, started with Electron replaced', () => {
  it('writes its log to userData/logs', () => {
    const log = path.join(userData, 'logs', 'counter.log');
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain('Counter starting');
  });

  it('registers the app:// scheme before ready and serves the renderer from it', () => {
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(cashier.webContents.loadURL).toHaveBeenCalledWith('app://counter/index.html');
  });

  it('opens the cashier window with the security settings and the bundled preload', () => {
    expect(cashier.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(cashier.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(cashier.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(cashier.webContents.listenerCount('will-navigate')).toBe(1);
    expect(cashier.webContents.listenerCount('render-process-gone')).toBe(1);
    expect(fake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('answers the cashier window from the real terminal core', async () => {
    const reply = await call('terminal:getStatus', fromCashier);
    expect(reply).toMatchObject({ ok: true, value: { paired: false, pending: 0 } });
  });

  it('refuses another frame and bad arguments before the core sees them', async () => {
    const iframe = { sender: cashier.webContents, senderFrame: { url: 'app://counter/index.html', parent: {} } };
    expect(await call('terminal:getStatus', iframe)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await call('terminal:pay', fromCashier, { ...validPay, cashier: '' })).toMatchObject({ ok: false, code: 'validation_failed' });
  });

  it("passes the core's own refusal through with its code", async () => {
    expect(await call('terminal:pay', fromCashier, validPay)).toMatchObject({ ok: false, code: 'not_paired' });
  });

  describe('pairing with a real back office', () => {
    let office: Awaited<ReturnType<typeof startBackOffice>>;
    let serverUrl = '';
    beforeAll(async () => {
      office = await startBackOffice('sqlite');
      await office.app.listen({ port: 0, host: '127.0.0.1' });
      serverUrl = `http://127.0.0.1:${(office.app.server.address() as AddressInfo).port}`;
    });
    afterAll(() => office.close());
    const storedPairing = () => {
      const db = new Database(path.join(userData, 'terminal', 'terminal.db'), { readonly: true });
      try {
        return JSON.parse(db.prepare("SELECT value FROM terminal_settings WHERE name = 'pairing'").pluck().get() as string) as { token: string };
      } finally {
        db.close();
      }
    };

    it('pairs through IPC with a one-time code', async () => {
      const { pairingCode } = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till 1' });
      expect(await call('terminal:pair', fromCashier, { serverUrl, pairingCode })).toMatchObject({
        ok: true,
        value: { paired: true, storeCode: 'MAIN' },
      });
      expect(storedPairing().token.length).toBeGreaterThan(0);
    });

    it('keeps the token sealed by safeStorage in terminal.db, never in clear', () => {
      expect(storedPairing().token).toMatch(/^safeStorage:v1:/);
    });
  });

  it('quits without a warning when nothing is unsynced, closing the core first', async () => {
    const beforeQuit = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', beforeQuit);
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    const willQuit = { preventDefault: vi.fn() };
    fake.app.emit('will-quit', willQuit);
    expect(willQuit.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(2));
    expect(await call('terminal:getStatus', fromCashier)).toMatchObject({ ok: false, code: 'closed' });
  });
});
