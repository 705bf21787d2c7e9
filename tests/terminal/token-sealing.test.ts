import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTerminalCore } from '../../terminal/terminal-core';
import type { TokenSealer } from '../../terminal/store/token-sealer';
import { fastTuning, startLink, tempDataDir, waitUntilQueueEmpty, ringUpSale, serverSalesOf } from '../support/terminal';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in for the OS keychain: reversible, and visibly not the token. */
const keychain = (opens = true): TokenSealer => ({
  seal: (token) => `sealed:${Buffer.from(token).toString('base64')}`,
  unseal: (stored) => (opens && stored.startsWith('sealed:') ? Buffer.from(stored.slice(7), 'base64').toString() : null),
});

describe('the terminal token under a host that seals it', () => {
  it('is never written in clear, and the sealed token still syncs sales after a restart', async () => {
    const link = await startLink();
    cleanups.push(() => link.close());
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const open = (sealer: TokenSealer) => openTerminalCore({ dataDir: data.dir, appVersion: 'test', sync: fastTuning, tokenSealer: sealer });

    const core = await open(keychain());
    await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
    await core.close();
    const raw = new Database(join(data.dir, 'terminal.db'), { readonly: true });
    const stored = raw.prepare("SELECT value FROM terminal_settings WHERE name = 'pairing'").pluck().get() as string;
    raw.close();
    expect(JSON.parse(stored).token).toMatch(/^sealed:/);

    const reopened = await open(keychain());
    cleanups.push(() => reopened.close());
    reopened.start();
    const sale = await ringUpSale(reopened);
    await waitUntilQueueEmpty(reopened);
    const status = await reopened.getStatus();
    expect(status).toMatchObject({ paired: true, online: true });
    expect((await serverSalesOf(link.backOffice, status.terminalCode ?? '')).map((s) => s.local_number)).toEqual([sale.localNumber]);
  });

  it('counts as not paired when the keychain can no longer open the token', async () => {
    const link = await startLink();
    cleanups.push(() => link.close());
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const core = await openTerminalCore({ dataDir: data.dir, appVersion: 'test', sync: fastTuning, tokenSealer: keychain() });
    await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });
    await core.close();
    const lost = await openTerminalCore({ dataDir: data.dir, appVersion: 'test', sync: fastTuning, tokenSealer: keychain(false) });
    cleanups.push(() => lost.close());
    expect(await lost.getStatus()).toMatchObject({ paired: false, offlineCause: 'not_paired' });
  });
});
