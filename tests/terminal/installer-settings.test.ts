import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTerminalCore, type TerminalCore } from '../../terminal/terminal-core';
import { fastTuning, tempDataDir } from '../support/terminal';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aTill(dir: string, offlineWarningHours: number): Promise<TerminalCore> {
  const core = await openTerminalCore({ dataDir: dir, appVersion: '0.1.0-test', sync: fastTuning, installerSettings: { offlineWarningHours } });
  cleanups.push(() => core.close());
  return core;
}

/** Found by a black-box probe of the installer's path: an unlocked offlineWarningHours in the config files was never used. */
describe("the installer's settings at a till", () => {
  it('are the till’s until a manager sets that setting on screen; another setting changed does not pin it', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    let core = await aTill(data.dir, 48);
    expect((await core.getSettings()).offlineWarningHours).toBe(48);
    await core.addCashier({ code: 'mario', name: 'Mario Reyes', role: 'manager', pin: '9999' });
    await core.signIn({ pin: '9999' });
    expect(await core.updateSettings({ discountApprovalPercent: 20 })).toMatchObject({ offlineWarningHours: 48, discountApprovalPercent: 20 });

    // The installer's file changed (48 -> 36): the till follows it, and keeps the manager's own choice.
    await core.close();
    core = await aTill(data.dir, 36);
    expect(await core.getSettings()).toMatchObject({ offlineWarningHours: 36, discountApprovalPercent: 20 });

    // Once the manager sets it on screen, that choice stands over the file (a locked key is the shell's: terminal-bridge.ts).
    await core.signIn({ pin: '9999' });
    await core.updateSettings({ offlineWarningHours: 12 });
    await core.close();
    core = await aTill(data.dir, 72);
    expect((await core.getSettings()).offlineWarningHours).toBe(12);
  });

  it('a till of the version before, which stored every setting with its defaults, follows the file for the ones left at the default', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    let core = await aTill(data.dir, 24);
    await core.close();
    // As the version before wrote it when a manager changed the discount limit only.
    const db = new Database(join(data.dir, 'terminal.db'));
    db.prepare("INSERT INTO terminal_settings (name, value) VALUES ('settings', ?)").run(
      JSON.stringify({ offlineWarningHours: 24, printerName: null, discountApprovalPercent: 15, voidNeedsApproval: true }),
    );
    db.close();
    core = await aTill(data.dir, 48);
    expect(await core.getSettings()).toMatchObject({ offlineWarningHours: 48, discountApprovalPercent: 15 });
  });
});
