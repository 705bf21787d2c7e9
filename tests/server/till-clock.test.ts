import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringReport } from '../../protocol';
import { ADMIN_TOKEN, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { post } from '../support/stock-documents';

/**
 * PROBE-FINDINGS finding 3: a till whose clock is hours off stamps its sales, shifts and
 * journal days with it, and nothing said so. Its heartbeat now carries its clock (`sentAt`);
 * the back office keeps the offset, and monitoring and the fleet page flag a till more than 5
 * minutes from the back office's clock.
 */
describe.each(databaseKinds)("a till's clock against the back office's on %s", (kind) => {
  let bo: TestBackOffice;
  const tills: Record<string, PairedTerminal> = {};
  const heartbeat = async (till: PairedTerminal, offsetMs: number | null) => {
    const body = {
      queueDepth: 0,
      oldestPendingAt: null,
      needsAttention: 0,
      appVersion: '0.1.0',
      ...(offsetMs === null ? {} : { sentAt: new Date(Date.now() + offsetMs).toISOString() }),
    };
    expect((await post(bo, '/v1/terminals/heartbeat', till.headers(), body)).statusCode).toBe(204);
  };
  const report = async () => {
    const response = await bo.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: bo.adminHeaders() });
    expect(response.statusCode).toBe(200);
    return response.json() as MonitoringReport;
  };

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    for (const name of ['behind', 'ahead', 'right', 'older']) tills[name] = await bo.pairTerminal({ name });
  });
  afterAll(async () => bo.close());

  it('flags a till more than 5 minutes off, ahead or behind, and none that is right or never said', async () => {
    await heartbeat(tills.behind!, -16 * 3_600_000);
    await heartbeat(tills.ahead!, 30 * 3_600_000);
    await heartbeat(tills.right!, 2_000);
    // A till of a version that does not send its clock.
    await heartbeat(tills.older!, null);

    const stored = await bo.store.db.selectFrom('terminals').select(['code', 'clock_offset_ms']).execute();
    const offsetOf = (t: PairedTerminal) => stored.find((s) => s.code === t.code)?.clock_offset_ms;
    expect(Math.abs(Number(offsetOf(tills.behind!)) + 16 * 3_600_000)).toBeLessThan(5_000);
    expect(Math.abs(Number(offsetOf(tills.ahead!)) - 30 * 3_600_000)).toBeLessThan(5_000);
    expect(offsetOf(tills.older!)).toBeNull();

    const r = await report();
    const row = (t: PairedTerminal) => r.terminals.find((x) => x.terminalCode === t.code)!;
    expect(row(tills.behind!)).toMatchObject({ clockOff: true });
    expect(Math.abs(row(tills.behind!).clockOffsetSeconds! + 57_600)).toBeLessThanOrEqual(5);
    expect(row(tills.ahead!)).toMatchObject({ clockOff: true });
    expect(Math.abs(row(tills.ahead!).clockOffsetSeconds! - 108_000)).toBeLessThanOrEqual(5);
    expect(row(tills.right!)).toMatchObject({ clockOff: false });
    expect(Math.abs(row(tills.right!).clockOffsetSeconds!)).toBeLessThanOrEqual(5);
    expect(row(tills.older!)).toMatchObject({ clockOff: false, clockOffsetSeconds: null });
    expect(r.totals.clockOffTerminals).toBe(2);

    // The fleet page says which way and how far.
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
    const signedIn = await bo.app.inject({ method: 'POST', url: '/fleet/login', headers: form, payload: `token=${ADMIN_TOKEN}` });
    const cookie = String(signedIn.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const page = (await bo.app.inject({ method: 'GET', url: '/fleet', headers: { cookie } })).body;
    expect(page).toContain('<span class="label clock-off">Clock 16 h behind</span>');
    expect(page).toContain('<span class="label clock-off">Clock 30 h ahead</span>');
    expect(page.match(/label clock-off/g)).toHaveLength(2);

    // The clock set right: the next heartbeat clears the flag.
    await heartbeat(tills.behind!, 0);
    expect((await report()).totals.clockOffTerminals).toBe(1);
  });
});
