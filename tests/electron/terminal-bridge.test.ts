import { describe, expect, it, vi } from 'vitest';
import { mergeConfig, readConfigObject } from '../../electron/desktop-config';
import { SaleInProgress } from '../../electron/sale-in-progress';
import { terminalHandlers } from '../../electron/terminal-bridge';
import { fakeTerminalCore, recordingLogger, validPay } from '../support/electron/fakes';

function desktop(adminPreset: object = {}) {
  const config = mergeConfig(readConfigObject(adminPreset, 'counter-admin.json', true), readConfigObject({}, 'config.json', false));
  const { core } = fakeTerminalCore();
  const sales = new SaleInProgress();
  const printReceipt = vi.fn(async () => undefined);
  const { logger, lines } = recordingLogger();
  return { api: terminalHandlers(core, { config, sales, printReceipt, logger }), core, sales, printReceipt, lines };
}

describe('what the desktop adds between the screen and the core', () => {
  it('before pairing, the status offers the server the installer preset', async () => {
    const { api } = desktop({ serverUrl: 'https://bo.shop.example' });
    expect((await api.getStatus()).serverUrl).toBe('https://bo.shop.example');
  });

  it('a locked server refuses pairing elsewhere, and accepts its own address', async () => {
    const { api, core } = desktop({ serverUrl: 'https://bo.shop.example', locked: ['serverUrl'] });
    await expect(api.pair({ serverUrl: 'https://elsewhere.example', pairingCode: 'ABCD-1234' })).rejects.toMatchObject({ code: 'server_url_locked' });
    expect(core.pair).not.toHaveBeenCalled();
    await expect(api.pair({ serverUrl: 'https://bo.shop.example/', pairingCode: 'ABCD-1234' })).resolves.toMatchObject({ paired: true });
  });

  it('a locked server address that is no address refuses every pairing, naming the bad value (finding 3 of the installer probe)', async () => {
    const { api, core } = desktop({ serverUrl: 'backoffice.example.com', storeCode: 'MAKATI', locked: ['serverUrl', 'storeCode'] });
    const refusal = api.pair({ serverUrl: 'http://127.0.0.1:9301', pairingCode: '83VJS-RCMZQ' });
    await expect(refusal).rejects.toMatchObject({ code: 'server_url_locked' });
    await expect(refusal).rejects.toThrow(/the locked server address "backoffice\.example\.com" is not a valid address.*counter-admin\.json/);
    expect(core.pair).not.toHaveBeenCalled();
    // The setup screen can say so before anyone types a code.
    expect((await api.getStatus()).installerServer).toEqual({
      url: null,
      locked: true,
      problem: expect.stringMatching(/"backoffice\.example\.com" is not a valid address/),
    });

    // Locked, but no address at all: no lock that lets every server in.
    const empty = desktop({ serverUrl: null, locked: ['serverUrl'] });
    await expect(empty.api.pair({ serverUrl: 'https://any.example', pairingCode: 'ABCD-1234' })).rejects.toMatchObject({ code: 'server_url_locked' });
    expect(empty.core.pair).not.toHaveBeenCalled();
  });

  it('a locked store code the admin file spoils refuses every pairing before the code is spent (finding 10 of the installer probe)', async () => {
    const { api, core } = desktop({ serverUrl: 'https://bo.shop.example', storeCode: 'M'.repeat(65), locked: ['serverUrl', 'storeCode'] });
    await expect(api.pair({ serverUrl: 'https://bo.shop.example', pairingCode: 'ABCD-1234' })).rejects.toMatchObject({ code: 'store_locked' });
    expect(core.pair).not.toHaveBeenCalled();
  });

  it('a locked address with a stray space is the address the installer meant', async () => {
    const { api, core } = desktop({ serverUrl: ' https://bo.shop.example ', locked: ['serverUrl'] });
    await expect(api.pair({ serverUrl: 'https://elsewhere.example', pairingCode: 'ABCD-1234' })).rejects.toMatchObject({ code: 'server_url_locked' });
    await expect(api.pair({ serverUrl: 'https://bo.shop.example', pairingCode: 'ABCD-1234' })).resolves.toMatchObject({ paired: true });
    expect(core.pair).toHaveBeenCalledOnce();
  });

  it('the lock compares addresses, not their spelling: case of the host, the default port, a trailing slash', async () => {
    const accepts = async (preset: string, typed: string) => {
      const { api } = desktop({ serverUrl: preset, locked: ['serverUrl'] });
      return api.pair({ serverUrl: typed, pairingCode: 'ABCD-1234' }).then(
        () => true,
        (error: { code?: string }) => {
          expect(error.code).toBe('server_url_locked');
          return false;
        },
      );
    };
    expect(await accepts('http://LocalHost:9301', 'http://localhost:9301')).toBe(true);
    expect(await accepts('https://bo.shop.example:443', 'https://bo.shop.example')).toBe(true);
    expect(await accepts('https://BO.Shop.Example/', 'https://bo.shop.example')).toBe(true);
    expect(await accepts('https://bo.shop.example/counter', 'https://bo.shop.example/counter/')).toBe(true);
    expect(await accepts('https://bo.shop.example', 'https://bo.shop.example:8443')).toBe(false);
    expect(await accepts('https://bo.shop.example', 'http://bo.shop.example')).toBe(false);
    expect(await accepts('https://bo.shop.example/counter', 'https://bo.shop.example/other')).toBe(false);
  });

  it("unpair reaches the core, and the unpaired status offers the installer's server again", async () => {
    const { api, core } = desktop({ serverUrl: 'https://bo.shop.example', locked: ['serverUrl'] });
    await api.pair({ serverUrl: 'https://bo.shop.example', pairingCode: 'ABCD-1234' });
    await expect(api.unpair()).resolves.toMatchObject({ paired: false, serverUrl: 'https://bo.shop.example' });
    expect(core.unpair).toHaveBeenCalledOnce();
  });

  it('a cart opened holds back updates until it is paid, and the receipt prints after the sale commits', async () => {
    const { api, sales, printReceipt, core } = desktop();
    await api.openCart();
    expect(sales.isOpen).toBe(true);
    const sale = await api.pay(validPay);
    expect(sales.isOpen).toBe(false);
    expect(core.pay.mock.invocationCallOrder[0]!).toBeLessThan(printReceipt.mock.invocationCallOrder[0]!);
    expect(printReceipt).toHaveBeenCalledWith(sale);
  });

  it('a jammed printer does not make the payment look failed', async () => {
    const { api, printReceipt, lines } = desktop();
    printReceipt.mockRejectedValueOnce(new Error('printer offline'));
    await expect(api.pay(validPay)).resolves.toMatchObject({ localNumber: 'T01-000001' });
    await vi.waitFor(() => expect(lines.some((line) => line.message === 'receipt did not print')).toBe(true));
  });

  it('a locked printer is shown as set by the admin and cannot be changed on screen', async () => {
    const { api, core } = desktop({ printerName: 'EPSON TM-T82', locked: ['printerName'] });
    expect(await api.getSettings()).toEqual({
      offlineWarningHours: 24,
      printerName: 'EPSON TM-T82',
      discountApprovalPercent: 10,
      voidNeedsApproval: true,
    });
    await expect(api.updateSettings({ printerName: 'Other' })).rejects.toMatchObject({ code: 'setting_locked' });
    expect(core.updateSettings).not.toHaveBeenCalled();
    await expect(api.updateSettings({ offlineWarningHours: 12 })).resolves.toMatchObject({ offlineWarningHours: 12, printerName: 'EPSON TM-T82' });
  });

  it('the renderer saying the cart was parked releases the hold', async () => {
    const { api, sales } = desktop();
    await api.openCart();
    sales.setFromRenderer(false);
    expect(sales.isOpen).toBe(false);
  });
});
