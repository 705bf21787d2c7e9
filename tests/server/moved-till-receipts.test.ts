import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { MonitoringReport } from '../../protocol';
import { ADMIN_TOKEN, aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, post } from '../support/stock-documents';

/**
 * PROBE-FINDINGS finding 2: a till moved to another store as INSTALL.md §3 says (revoke, a new
 * terminal, Pair again) sends the sales it still had queued under the new terminal, with the
 * receipt numbers it printed under the old one (T06-000004). Receipt continuity is counted
 * per receipt series (the number's own prefix) across the terminals of a business: the move
 * shows no gap, a real gap still does.
 */
describe.each(databaseKinds)('receipt continuity of a till moved to another store on %s', (kind) => {
  let bo: TestBackOffice;
  let before: PairedTerminal;
  let after: PairedTerminal;
  const report = async () => {
    const response = await bo.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: bo.adminHeaders() });
    expect(response.statusCode).toBe(200);
    return response.json() as MonitoringReport;
  };
  const fleetPage = async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
    const signedIn = await bo.app.inject({ method: 'POST', url: '/fleet/login', headers: form, payload: `token=${ADMIN_TOKEN}` });
    const cookie = String(signedIn.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const page = await bo.app.inject({ method: 'GET', url: '/fleet', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    return page.body;
  };
  const sell = async (till: PairedTerminal, n: number, prefixOf: PairedTerminal = till) => {
    const localNumber = `${prefixOf.code}-${String(n).padStart(6, '0')}`;
    const response = await post(bo, '/v1/sales', till.headers(uuidv7()), aSale({ localNumber }));
    expect(response.statusCode).toBe(201);
  };

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await addStore(bo, 'MAKATI');
  });
  afterAll(async () => bo.close());

  it('shows no gap for the receipts the till sent under its new terminal, and the gap a missing one leaves', async () => {
    // Paired to the wrong store: three sales synced there.
    before = await bo.pairTerminal({ name: 'Makati till 2' });
    for (const n of [1, 2, 3]) await sell(before, n);
    expect((await adminPost(bo, `/v1/admin/terminals/${before.id}/revoke`, { reason: 'wrong store' })).statusCode).toBe(200);
    // Paired again with a new terminal of the right store: the two sales queued meanwhile
    // keep their numbers, then the till numbers under its new terminal.
    after = await bo.pairTerminal({ name: 'Makati till 2', storeCode: 'MAKATI' });
    for (const n of [4, 5]) await sell(after, n, before);
    for (const n of [1, 2]) await sell(after, n);

    const stored = await bo.store.db.selectFrom('sales').select(['terminal_id', 'local_number']).orderBy('local_number').execute();
    expect(
      stored
        .filter((s) => s.terminal_id === after.id)
        .map((s) => s.local_number)
        .sort(),
    ).toEqual([`${before.code}-000004`, `${before.code}-000005`, `${after.code}-000001`, `${after.code}-000002`].sort());

    const r = await report();
    expect(r.totals.terminalReceiptGaps).toBe(0);
    expect(r.totals.terminalReceiptDuplicates).toBe(0);
    expect(r.terminalReceipts).toEqual([
      {
        businessCode: 'MAIN',
        terminalCode: before.code,
        receivedBy: [before.code, after.code],
        prefix: `${before.code}-`,
        received: 5,
        last: 5,
        gaps: 0,
        duplicates: 0,
        missing: [],
        voided: 0,
        voids: [],
      },
      {
        businessCode: 'MAIN',
        terminalCode: after.code,
        receivedBy: [after.code],
        prefix: `${after.code}-`,
        received: 2,
        last: 2,
        gaps: 0,
        duplicates: 0,
        missing: [],
        voided: 0,
        voids: [],
      },
    ]);
    const page = await fleetPage();
    expect(page).toContain('Gaps in terminal receipts: <strong>0</strong>');
    expect(page).toContain(`MAIN ${before.code} <span class="moved">also received by ${after.code}</span>`);

    // A real gap in the old series (number 6 never arrives) still shows, whoever sent 7.
    await sell(after, 7, before);
    const gap = await report();
    expect(gap.totals.terminalReceiptGaps).toBe(1);
    expect(gap.terminalReceipts.find((t) => t.prefix === `${before.code}-`)).toMatchObject({ received: 6, last: 7, gaps: 1, missing: [6] });
    expect(await fleetPage()).toContain('Gaps in terminal receipts: <strong>1</strong>');
    // It closes when number 6 arrives, from the new terminal too.
    await sell(after, 6, before);
    expect((await report()).totals.terminalReceiptGaps).toBe(0);
  });
});
