import { describe, expect, it, vi } from 'vitest';
import { startAutoUpdates, type Updater } from '../../electron/auto-update';
import { defaultDesktopConfig } from '../../electron/desktop-config';
import { formatMinor, receiptHtml } from '../../electron/receipt-html';
import { ReceiptPrinter, receiptWindowOptions } from '../../electron/receipt-printer';
import { recordingLogger, saleFor, validPay } from '../support/electron/fakes';

describe('receipts', () => {
  it('a product name is printed as text, never run as markup', () => {
    const sale = saleFor({ ...validPay, lines: [{ sku: 'X', name: '<img src=x onerror=alert(1)>', qty: 1, unitPriceMinor: 100 }] });
    const html = receiptHtml(sale, { storeName: 'MAKATI', terminalName: 'Till 1' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('amounts are minor units shown with integer arithmetic', () => {
    expect(formatMinor(12_550)).toBe('125.50');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(123_456_789)).toBe('1,234,567.89');
    expect(formatMinor(-7_450)).toBe('-74.50');
  });

  it('prints silently to the configured printer from a hidden window without JavaScript, then closes it', async () => {
    const print = vi.fn((_options: object, done: (success: boolean, reason: string) => void) => done(true, ''));
    const window = { loadURL: vi.fn(async () => undefined), destroy: vi.fn(), webContents: { print } };
    const open = vi.fn(() => window);
    await new ReceiptPrinter(open as never).print('<p>hi</p>', 'EPSON TM-T82');
    expect(open).toHaveBeenCalledWith(receiptWindowOptions);
    expect(receiptWindowOptions).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true } });
    expect(print.mock.calls[0]![0]).toMatchObject({ silent: true, deviceName: 'EPSON TM-T82' });
    expect(window.destroy).toHaveBeenCalled();
  });

  it('a failed print rejects with print_failed and the reason, and still closes the window', async () => {
    const window = {
      loadURL: vi.fn(async () => undefined),
      destroy: vi.fn(),
      webContents: { print: (_o: object, done: (s: boolean, r: string) => void) => done(false, 'Printer offline') },
    };
    await expect(new ReceiptPrinter(() => window as never).print('<p>hi</p>', null)).rejects.toMatchObject({
      code: 'print_failed',
      message: expect.stringContaining('Printer offline'),
    });
    expect(window.destroy).toHaveBeenCalled();
  });
});

describe('automatic updates', () => {
  function fakeUpdater() {
    return {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowDowngrade: true,
      channel: null as string | null,
      setFeedURL: vi.fn(),
      checkForUpdates: vi.fn(async () => null),
      on: vi.fn(),
    } satisfies Updater;
  }
  const timers = { setInterval: () => ({}), clearInterval: () => undefined };

  it('are off by default: electron-updater is not even loaded', async () => {
    const loadUpdater = vi.fn(async () => fakeUpdater());
    expect(
      await startAutoUpdates({ config: defaultDesktopConfig, loadUpdater, saleInProgress: () => false, logger: recordingLogger().logger, ...timers }),
    ).toBeNull();
    expect(loadUpdater).not.toHaveBeenCalled();
  });

  it('when on, use the shop feed and channel, and never check while a sale is open', async () => {
    const updater = fakeUpdater();
    let saleOpen = true;
    const config = { ...defaultDesktopConfig, autoUpdate: true, updateFeedUrl: 'https://updates.shop.example/counter', updateChannel: 'beta' };
    const handle = await startAutoUpdates({
      config,
      loadUpdater: async () => updater,
      saleInProgress: () => saleOpen,
      logger: recordingLogger().logger,
      ...timers,
    });
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.shop.example/counter', channel: 'beta' });
    expect(updater).toMatchObject({ channel: 'beta', autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false });
    expect(await handle!.checkNow()).toBe(false);
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    saleOpen = false;
    expect(await handle!.checkNow()).toBe(true);
    expect(updater.checkForUpdates).toHaveBeenCalledOnce();
  });

  it('a plain-http feed off this machine is never used, unless the admin locked allowInsecureHttp', async () => {
    const { logger, lines } = recordingLogger();
    const loadUpdater = vi.fn(async () => fakeUpdater());
    const config = { ...defaultDesktopConfig, autoUpdate: true, updateFeedUrl: 'http://updates.shop.example/counter' };
    expect(await startAutoUpdates({ config, loadUpdater, saleInProgress: () => false, logger, ...timers })).toBeNull();
    expect(loadUpdater).not.toHaveBeenCalled();
    expect(lines.some((line) => line.level === 'error' && /https is required/.test(line.message))).toBe(true);

    const updater = fakeUpdater();
    const allowed = await startAutoUpdates({
      config: { ...config, allowInsecureHttp: true },
      loadUpdater: async () => updater,
      saleInProgress: () => false,
      logger,
      ...timers,
    });
    expect(allowed).not.toBeNull();
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'http://updates.shop.example/counter', channel: 'latest' });
  });

  it('on without a feed URL: logged, no updater', async () => {
    const { logger, lines } = recordingLogger();
    expect(
      await startAutoUpdates({
        config: { ...defaultDesktopConfig, autoUpdate: true },
        loadUpdater: async () => fakeUpdater(),
        saleInProgress: () => false,
        logger,
        ...timers,
      }),
    ).toBeNull();
    expect(lines.some((line) => line.level === 'error' && /updateFeedUrl/.test(line.message))).toBe(true);
  });
});
