import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { PairingCodeIssued, PairResponse } from '../../protocol';
import { hashSecret, normalizePairingCode } from '../../server/auth/tokens';
import { up } from '../../server/db/migrations/0019-retired-pairing-codes';
import { addTerminalNow } from '../../server/terminals/pairing';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { asMigrated, databaseKinds } from '../support/databases';
import { adminPost, post } from '../support/stock-documents';
import { businessTime } from '../../server/business-time';

/**
 * A used pairing code read the same as an unknown one (400 pairing_code_invalid): a till whose
 * pairing answer was lost, or a slip typed at a second till, was told nothing it could act on.
 * The back office keeps the hash of every code that paired (migration 0019), so a used code
 * answers 409 pairing_code_used naming its terminal, when, and the command for a new code.
 */
describe.each(databaseKinds)('a pairing code typed again after it paired, on %s', (kind) => {
  let office: TestBackOffice;
  beforeAll(async () => {
    office = await startBackOffice(kind);
  });
  afterAll(async () => office.close());

  const pair = (pairingCode: string) => office.app.inject({ method: 'POST', url: '/v1/terminals/pair', payload: { pairingCode } });
  const newCode = async (terminalId: string) =>
    (await post(office, `/v1/admin/terminals/${terminalId}/pairing-code`, office.adminHeaders(uuidv7()))).json() as PairingCodeIssued;
  const terminalRow = (id: string) =>
    office.store.db.selectFrom('terminals').select(['token_hash', 'pairing_code_hash', 'paired_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const retired = () => office.store.db.selectFrom('retired_pairing_codes').selectAll().orderBy('used_at').execute();
  const hashOf = (code: string) => hashSecret(normalizePairingCode(code));

  it('answers 409 pairing_code_used naming the terminal it paired, when, and the command for a new code; nothing changes', async () => {
    const created = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Front till' });
    const first = await pair(created.pairingCode);
    expect(first.statusCode).toBe(201);
    const paired = await terminalRow(created.terminalId);
    expect(await retired()).toContainEqual({ code_hash: hashOf(created.pairingCode), terminal_id: created.terminalId, used_at: paired.paired_at });

    // Typed again as it is printed, or in lower case without its dash: the same code.
    for (const typed of [created.pairingCode, created.pairingCode.toLowerCase().replace('-', '')]) {
      const again = await pair(typed);
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json()).toMatchObject({
        code: 'pairing_code_used',
        status: 409,
        detail: `This pairing code was already used: it paired terminal ${created.terminalCode} at ${businessTime(paired.paired_at ?? '', 'Asia/Manila')}, and a code works once. For a till that is terminal ${created.terminalCode}, ask the back office for a new code: counter-server terminal pairing-code --terminal ${created.terminalCode}.`,
      });
    }
    expect(await terminalRow(created.terminalId)).toEqual(paired);

    // The command it names: a new code pairs the same terminal, and is kept as used in turn.
    const issued = await newCode(created.terminalId);
    const repaired = await pair(issued.pairingCode);
    expect(repaired.statusCode).toBe(201);
    expect((repaired.json() as PairResponse).terminalId).toBe(created.terminalId);
    expect((await retired()).filter((row) => row.terminal_id === created.terminalId).map((row) => row.code_hash)).toEqual([
      hashOf(created.pairingCode),
      hashOf(issued.pairingCode),
    ]);
  });

  it('an unknown code, one a revocation cancelled and one a newer code replaced stay 400 pairing_code_invalid, naming no terminal', async () => {
    const unknown = await pair('AAAAA-BBBBB');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'pairing_code_invalid', detail: expect.stringMatching(/^This pairing code is unknown:/) });
    const unknownDetail = (unknown.json() as { detail: string }).detail;

    const till = await office.pairTerminal({ name: 'Back till' });
    const cancelled = await newCode(till.id);
    expect((await adminPost(office, `/v1/admin/terminals/${till.id}/revoke`, { reason: 'stolen' })).statusCode).toBe(200);
    const replaced = await newCode(till.id);
    await newCode(till.id);
    const before = await retired();
    for (const code of [cancelled.pairingCode, replaced.pairingCode]) {
      const answer = await pair(code);
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'pairing_code_invalid', detail: unknownDetail });
    }
    expect(await retired()).toEqual(before);
  });

  it('two tills pairing with one code at the same instant: one pairs, the other is told the code paired that terminal', async () => {
    const created = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Raced till' });
    const answers = await Promise.all([pair(created.pairingCode), pair(created.pairingCode)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json()).toMatchObject({
      code: 'pairing_code_used',
      detail: expect.stringContaining(`it paired terminal ${created.terminalCode} at`),
    });
    expect((await retired()).filter((row) => row.code_hash === hashOf(created.pairingCode))).toHaveLength(1);
  });

  it('migration 0019 on a back office that paired tills before it: their codes were not kept, so they read as unknown; running it twice changes nothing', async () => {
    const till = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Old till' });
    expect((await pair(till.pairingCode)).statusCode).toBe(201);
    await sql`drop table retired_pairing_codes`.execute(office.store.db);
    await asMigrated(office.store, up);
    await asMigrated(office.store, up);
    expect(await retired()).toEqual([]);
    expect((await pair(till.pairingCode)).json()).toMatchObject({ code: 'pairing_code_invalid' });
  });
});
