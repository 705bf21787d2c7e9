import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/terminal';
import { pairingCodeForSameTerminal, revokeTerminal, terminalIdOf } from '../support/terminal-revocation';
import { SYNC_WAIT, UI_WAIT, waitForText } from '../support/browser/cashier-page';
import { MANAGER_PIN, startManagerRig, type ManagerRig } from '../support/browser/manager-rig';
import { buildRendererForTest } from '../support/browser/renderer';

const SCREENS = join(import.meta.dirname, '..', '..', 'test-output', 'screens');

describe('a revoked till in Chromium: the manager pairs it again from the Till tab', () => {
  let rig: ManagerRig;

  beforeAll(async () => {
    rig = await startManagerRig(await buildRendererForTest());
    mkdirSync(SCREENS, { recursive: true });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('says the back office revoked it, keeps the sales, and re-pairing as the same terminal sends each once', async () => {
    const { terminalCode } = await rig.core.getStatus();
    const terminalId = await terminalIdOf(rig.backOffice, terminalCode ?? '');
    await revokeTerminal(rig.backOffice, terminalId);
    const sales = [await rig.sell(), await rig.sell()];

    const page = await rig.openManagerPage();
    await waitForText(page, 'status-connection', /revoked by the back office, a manager must pair this till again/, SYNC_WAIT);
    expect(await page.getByTestId('offline-banner').textContent()).toContain('A manager must pair it again with a new code');
    // Ana (a cashier) is signed in: the core itself refuses to unpair, whatever a screen sends.
    const refused = await page.evaluate(async () => {
      const answer = await fetch('/api/unpair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: answer.status, code: ((await answer.json()) as { code?: string }).code };
    });
    expect(refused).toEqual({ status: 403, code: 'manager_required' });
    expect((await rig.core.getStatus()).paired).toBe(true);
    await page.getByTestId('manager-gate-pin').fill(MANAGER_PIN);
    await page.getByTestId('manager-gate-sign-in').click();
    await page.getByTestId('manager-tab-till').click();
    await page.getByTestId('till-revoked').waitFor(UI_WAIT);
    await page.screenshot({ path: join(SCREENS, 'till-revoked.png') });

    const { pairingCode } = await pairingCodeForSameTerminal(rig.backOffice, terminalId);
    await page.getByTestId('till-pairing-code').fill(pairingCode);
    await page.getByTestId('till-pair-submit').click();
    await waitForText(page, 'till-notice', new RegExp(`Paired again as ${terminalCode ?? ''}`), SYNC_WAIT);
    await waitForText(page, 'status-connection', /^Online$/, SYNC_WAIT);

    await waitFor(async () => (await rig.core.getStatus()).pending === 0, 'the queue to drain');
    const onServer = await rig.backOffice.store.db.selectFrom('sales').select('idempotency_key').execute();
    expect(onServer.map((s) => s.idempotency_key).sort()).toEqual(sales.map((s) => s.cartKey).sort());
  });
});
