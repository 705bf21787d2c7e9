import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { cleanupExpiredResponses } from '../../server/idempotency/idempotent-writes';
import type { MonitoringReport, PairingCodeIssued, PairResponse, TerminalRevoked } from '../../protocol';
import { adminPost, post } from '../support/stock-documents';
import { aSale, countRows, invoiceSeriesValues, range, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { businessTime } from '../../server/business-time';

describe.each(databaseKinds)('revoking a lost till and pairing it again on %s', (kind) => {
  let office: TestBackOffice;
  beforeAll(async () => {
    office = await startBackOffice(kind);
  });
  afterAll(async () => office.close());

  const revoke = (terminalId: string, reason: unknown, key = uuidv7()) =>
    adminPost(office, `/v1/admin/terminals/${terminalId}/revoke`, { reason }, key);
  const newCode = (terminalId: string, key = uuidv7()) => post(office, `/v1/admin/terminals/${terminalId}/pairing-code`, office.adminHeaders(key));
  const pair = (pairingCode: string) => office.app.inject({ method: 'POST', url: '/v1/terminals/pair', payload: { pairingCode } });
  const sell = (till: { headers(key?: string): Record<string, string> }, key: string, body: object) =>
    post(office, '/v1/sales', till.headers(key), body);
  const terminalRow = (id: string) => office.store.db.selectFrom('terminals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const beat = (till: PairedTerminal) =>
    post(office, '/v1/terminals/heartbeat', till.headers(), { queueDepth: 0, oldestPendingAt: null, needsAttention: 0, appVersion: '1.0.0' });

  it('refuses every call of a revoked till with terminal_revoked, keeps its sales, and revokes once', async () => {
    const till = await office.pairTerminal({ name: 'Stolen till' });
    expect((await sell(till, uuidv7(), aSale())).statusCode).toBe(201);
    const salesBefore = await countRows(office.store, 'sales');

    const revoked = await revoke(till.id, 'stolen from the counter');
    expect(revoked.statusCode).toBe(200);
    const body = revoked.json() as TerminalRevoked;
    expect(body).toEqual({ terminalId: till.id, terminalCode: till.code, revokedAt: expect.any(String) });
    expect(await terminalRow(till.id)).toMatchObject({ revoked_at: body.revokedAt, revoked_reason: 'stolen from the counter' });

    for (const answer of [
      await sell(till, uuidv7(), aSale()),
      await beat(till),
      await office.app.inject({ method: 'GET', url: '/v1/catalog', headers: till.headers() }),
    ]) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      // When, on the business's clock, on the group write's path and the plain one alike.
      expect(answer.json()).toMatchObject({
        code: 'terminal_revoked',
        status: 401,
        detail: `This terminal was revoked at ${businessTime(body.revokedAt, 'Asia/Manila')}: ask the back office for a new pairing code.`,
      });
    }
    // On an admin route a till's token is a till's, revoked or not: 403 forbidden, not terminal_revoked (docs/back-office-api.md).
    const rowBefore = await terminalRow(till.id);
    for (const answer of [
      await office.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: till.headers() }),
      await post(office, `/v1/admin/terminals/${till.id}/pairing-code`, till.headers(uuidv7())),
    ]) {
      expect(answer.statusCode).toBe(403);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json()).toMatchObject({ code: 'forbidden', status: 403 });
    }
    expect(await terminalRow(till.id)).toEqual(rowBefore);
    const unknown = await sell({ headers: (key) => ({ authorization: 'Bearer ct_not-a-token', 'idempotency-key': key ?? '' }) }, uuidv7(), aSale());
    expect(unknown.json()).toMatchObject({ code: 'unauthorized' });
    expect(await countRows(office.store, 'sales')).toBe(salesBefore);

    // Again, under another key: nothing changes, the first revocation's time comes back.
    const again = await revoke(till.id, 'still stolen');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);
    expect(await terminalRow(till.id)).toMatchObject({ revoked_at: body.revokedAt, revoked_reason: 'stolen from the counter' });

    const report = (
      await office.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: office.adminHeaders() })
    ).json() as MonitoringReport;
    expect(report.terminals.find((t) => t.terminalCode === till.code)).toMatchObject({ revoked: true, revokedAt: body.revokedAt, stale: false });
  });

  it('refuses a bad revoke without changing anything', async () => {
    const till = await office.pairTerminal();
    expect((await revoke(till.id, '')).json()).toMatchObject({ code: 'validation_failed' });
    expect((await revoke(till.id, '   ')).json()).toMatchObject({ code: 'validation_failed' });
    expect((await post(office, `/v1/admin/terminals/${till.id}/revoke`, office.adminHeaders(), { reason: 'lost' })).json()).toMatchObject({
      code: 'idempotency_key_missing',
    });
    expect((await revoke(uuidv7(), 'lost')).statusCode).toBe(404);
    const byTill = await post(office, `/v1/admin/terminals/${till.id}/revoke`, till.headers(uuidv7()), { reason: 'lost' });
    expect(byTill.statusCode).toBe(403);
    expect((await terminalRow(till.id)).revoked_at).toBeNull();
    expect((await beat(till)).statusCode).toBe(204);
  });

  it('re-pairs the same terminal with a new code: same id, new token, old token ends, revocation lifted, queued sales deduplicated', async () => {
    const till = await office.pairTerminal({ name: 'Front till' });
    const key = uuidv7();
    const sale = aSale();
    const first = await sell(till, key, sale);
    expect(first.statusCode).toBe(201);
    const before = await countRows(office.store, 'sales');
    expect((await revoke(till.id, 'lost in transit')).statusCode).toBe(200);

    const issued = await newCode(till.id);
    expect(issued.statusCode).toBe(201);
    const code = issued.json() as PairingCodeIssued;
    expect(code).toMatchObject({ terminalId: till.id, terminalCode: till.code, pairingCode: expect.stringMatching(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/) });
    expect(Date.parse(code.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    // Issuing a code alone does not lift the revocation.
    expect((await beat(till)).json()).toMatchObject({ code: 'terminal_revoked' });

    const paired = await pair(code.pairingCode);
    expect(paired.statusCode).toBe(201);
    const again = paired.json() as PairResponse;
    expect(again).toMatchObject({ terminalId: till.id, terminalCode: till.code, storeCode: 'MAIN', businessCode: 'MAIN' });
    expect(again.token).not.toBe(till.token);
    expect(await terminalRow(till.id)).toMatchObject({ revoked_at: null, revoked_reason: null, pairing_code_hash: null });
    expect((await beat(till)).json()).toMatchObject({ code: 'unauthorized' });
    expect((await pair(code.pairingCode)).json()).toMatchObject({ code: 'pairing_code_used' });

    // The sale that was sent but never answered, re-sent under the new token with its key.
    const newTill = { headers: (k?: string) => ({ authorization: `Bearer ${again.token}`, ...(k ? { 'idempotency-key': k } : {}) }) };
    const replay = await sell(newTill, key, sale);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['x-idempotent-replay']).toBe('true');
    expect(replay.body).toBe(first.body);
    // And again after the stored answer expired: the sale's own key still finds it.
    await cleanupExpiredResponses(office.store, new Date(Date.now() + 400 * 86_400_000));
    const late = await sell(newTill, key, sale);
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ id: first.json().id, invoiceNumber: first.json().invoiceNumber });
    expect(await countRows(office.store, 'sales')).toBe(before);
    expect(await invoiceSeriesValues(office.store)).toEqual(range(before));
    expect((await sell(newTill, uuidv7(), aSale())).statusCode).toBe(201);
  });

  it('a pairing code asked with no body, an empty body or `{}` under one key is one request: the retry is a replay, one code issued', async () => {
    const till = await office.pairTerminal();
    const key = uuidv7();
    const url = `/v1/admin/terminals/${till.id}/pairing-code`;
    const first = await newCode(till.id, key);
    expect(first.statusCode).toBe(201);
    const hash = (await terminalRow(till.id)).pairing_code_hash;
    const writes = await countRows(office.store, 'document_writes');
    for (const retry of [
      await post(office, url, office.adminHeaders(key), {}),
      await office.app.inject({ method: 'POST', url, headers: { ...office.adminHeaders(key), 'content-type': 'application/json' } }),
    ]) {
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.headers['x-idempotent-replay']).toBe('true');
      expect(retry.body).toBe(first.body);
    }
    expect((await terminalRow(till.id)).pairing_code_hash).toBe(hash);
    expect(await countRows(office.store, 'document_writes')).toBe(writes);
    // It takes no body: anything in one is refused, and nothing changes.
    const refused = await post(office, url, office.adminHeaders(uuidv7()), { terminalId: till.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed' });
    expect((await terminalRow(till.id)).pairing_code_hash).toBe(hash);
  });

  it('a refused code says what to ask for: an expired or used one names its terminal and the command, an unknown one both commands (findings 8 of the installer probe)', async () => {
    const unknown = await pair('AAAAA-BBBBB');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'pairing_code_invalid' });
    const unknownDetail = (unknown.json() as { detail: string }).detail;
    expect(unknownDetail).toMatch(/^This pairing code is unknown:/);
    expect(unknownDetail).toContain('counter-server terminal pairing-code --terminal');
    expect(unknownDetail).toContain('counter-server terminal add');

    const till = await office.pairTerminal();
    const used = (await newCode(till.id)).json() as PairingCodeIssued;
    expect((await pair(used.pairingCode)).statusCode).toBe(201);
    expect((await pair(used.pairingCode)).json()).toMatchObject({
      code: 'pairing_code_used',
      detail: expect.stringContaining(`counter-server terminal pairing-code --terminal ${till.code}.`),
    });

    const late = (await newCode(till.id)).json() as PairingCodeIssued;
    await office.store.db.updateTable('terminals').set({ pairing_expires_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', till.id).execute();
    const expired = await pair(late.pairingCode);
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({
      code: 'pairing_code_invalid',
      detail: `This pairing code expired at Jan 1, 2026, 8:00 AM. Ask the back office for a new code for the same terminal: counter-server terminal pairing-code --terminal ${till.code}.`,
    });
    // Nothing was spent: the same code is still the terminal's, refused the same way.
    expect((await pair(late.pairingCode)).json()).toMatchObject({ detail: expect.stringContaining('expired') });
  });

  it('cancels an open pairing code on revoke, and a pairing-code key replayed after the answer expired returns the first code', async () => {
    const till = await office.pairTerminal();
    const open = (await newCode(till.id)).json() as PairingCodeIssued;
    expect((await revoke(till.id, 'stolen')).statusCode).toBe(200);
    expect((await pair(open.pairingCode)).json()).toMatchObject({ code: 'pairing_code_invalid' });

    const key = uuidv7();
    const issued = await newCode(till.id, key);
    expect(issued.statusCode).toBe(201);
    const hash = (await terminalRow(till.id)).pairing_code_hash;
    await cleanupExpiredResponses(office.store, new Date(Date.now() + 400 * 86_400_000));
    const replay = await newCode(till.id, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(issued.json());
    expect((await terminalRow(till.id)).pairing_code_hash).toBe(hash);
    expect((await newCode(uuidv7())).statusCode).toBe(404);
  });
});
