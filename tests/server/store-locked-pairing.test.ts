import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { PairingCodeIssued, PairResponse } from '../../protocol';
import { addTerminalNow } from '../../server/terminals/pairing';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, post } from '../support/stock-documents';

/**
 * A till the installer locked to a store names that store when it pairs. A code of another
 * store's terminal used to be spent before the till found out (the terminal left holding a
 * token no till had, a till in use as it cut off); now the back office refuses it first.
 */
describe.each(databaseKinds)('a till locked to a store pairing on %s', (kind) => {
  let office: TestBackOffice;
  beforeAll(async () => {
    office = await startBackOffice(kind);
    await addStore(office, 'MAKATI');
    await addStore(office, 'QC');
  });
  afterAll(async () => office.close());

  const pair = (payload: object) => office.app.inject({ method: 'POST', url: '/v1/terminals/pair', payload });
  const terminalRow = (id: string) =>
    office.store.db
      .selectFrom('terminals')
      .select(['token_hash', 'pairing_code_hash', 'pairing_expires_at', 'paired_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('a Makati till given a QC code: 409 store_locked naming both stores, the code not spent; the same code then pairs a QC till (any case)', async () => {
    const qc = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'QC', name: 'QC till' });
    const before = await terminalRow(qc.terminalId);

    const refused = await pair({ pairingCode: qc.pairingCode, storeCode: 'makati' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'store_locked',
      status: 409,
      detail: `This pairing code is for store QC (terminal ${qc.terminalCode}), but this till takes only codes of store makati: the code was not used, and terminal ${qc.terminalCode} is as it was. For this till, get a code of a makati terminal (counter-server terminal add --store makati).`,
    });
    expect(await terminalRow(qc.terminalId)).toEqual(before);
    expect(before).toMatchObject({ token_hash: null, paired_at: null });

    const paired = await pair({ pairingCode: qc.pairingCode, storeCode: 'qc' });
    expect(paired.statusCode).toBe(201);
    expect(paired.json()).toMatchObject({ terminalId: qc.terminalId, storeCode: 'QC', terminalCode: qc.terminalCode });
    expect(await terminalRow(qc.terminalId)).toMatchObject({ pairing_code_hash: null, paired_at: expect.any(String) });
  });

  it('a new code for a QC till in use, tried by a Makati till: the till in use keeps working and the code still pairs it again', async () => {
    const inUse = await office.pairTerminal({ storeCode: 'QC', name: 'QC front' });
    const beat = (token: string) =>
      post(
        office,
        '/v1/terminals/heartbeat',
        { authorization: `Bearer ${token}` },
        { queueDepth: 0, oldestPendingAt: null, needsAttention: 0, appVersion: '1.0.0' },
      );
    const issued = (await post(office, `/v1/admin/terminals/${inUse.id}/pairing-code`, office.adminHeaders(uuidv7()))).json() as PairingCodeIssued;
    const before = await terminalRow(inUse.id);

    expect((await pair({ pairingCode: issued.pairingCode, storeCode: 'MAKATI' })).json()).toMatchObject({ code: 'store_locked' });
    expect(await terminalRow(inUse.id)).toEqual(before);
    expect((await beat(inUse.token)).statusCode).toBe(204);

    // A till that names no store (not locked, or older) takes any store's code, as before.
    const again = await pair({ pairingCode: issued.pairingCode });
    expect(again.statusCode).toBe(201);
    expect((again.json() as PairResponse).terminalId).toBe(inUse.id);
    expect((await beat(inUse.token)).statusCode).toBe(401);
  });

  it('a code of the locked store pairs, whatever case the till names it in; a store name that is no text is refused as any bad body', async () => {
    const makati = await addTerminalNow(office.store, { businessCode: 'MAIN', storeCode: 'MAKATI', name: 'Makati till' });
    expect((await pair({ pairingCode: makati.pairingCode, storeCode: '' })).json()).toMatchObject({ code: 'validation_failed' });
    expect((await terminalRow(makati.terminalId)).paired_at).toBeNull();
    const paired = await pair({ pairingCode: makati.pairingCode, storeCode: 'Makati' });
    expect(paired.statusCode).toBe(201);
    expect(paired.json()).toMatchObject({ storeCode: 'MAKATI', terminalCode: makati.terminalCode });
  });
});
