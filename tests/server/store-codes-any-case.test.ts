import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAddCommand } from '../../server/stores-cli';
import { findTerminalId } from '../../server/terminals/revocation';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

describe.each(databaseKinds)("a store's code is one whatever its case, on %s", (kind) => {
  let office: TestBackOffice;

  beforeAll(async () => {
    office = await startBackOffice(kind);
  });
  afterAll(async () => office?.close());

  const post = (url: string, key: string, payload: object) => office.app.inject({ method: 'POST', url, headers: office.adminHeaders(key), payload });
  const storeCodes = async () => (await office.store.db.selectFrom('stores').select('code').orderBy('code').execute()).map((s) => s.code);
  const storeIdOf = async (code: string) =>
    (await office.store.db.selectFrom('stores').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  it('a new branch added as CAINTA: "cainta" is refused as already there (API and command line), and its till added as --store cainta is a till of CAINTA', async () => {
    expect((await post('/v1/admin/stores', 'cainta-1', { businessCode: 'MAIN', code: 'CAINTA', name: 'Cainta branch' })).statusCode).toBe(201);

    const again = await post('/v1/admin/stores', 'cainta-2', { businessCode: 'main', code: 'cainta', name: 'Cainta again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('already has a store cainta (as CAINTA');
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await storeAddCommand(
        office.store,
        ['--code', 'Cainta', '--name', 'Cainta'],
        (t) => out.push(t),
        (t) => err.push(t),
      ),
    ).toBe(2);
    expect(err.join('')).toContain('Business MAIN already has a store Cainta (as CAINTA');
    expect(await storeCodes()).toEqual(['CAINTA', 'MAIN']);

    const till = await post('/v1/admin/terminals', 'cainta-till', { storeCode: 'cainta', name: 'Till 1' });
    expect(till.statusCode).toBe(201);
    const stored = await office.store.db
      .selectFrom('terminals')
      .select(['store_id', 'code'])
      .where('id', '=', till.json().terminalId)
      .executeTakeFirstOrThrow();
    expect(stored.store_id).toBe(await storeIdOf('CAINTA'));
    // The command line names it the same way to revoke it or give it a new code.
    expect(await findTerminalId(office.store, { storeCode: 'cainta', terminalCode: stored.code.toLowerCase(), businessCode: 'main' })).toBe(
      till.json().terminalId,
    );
  });

  it('a delivery drafted for store "cainta" is CAINTA\'s delivery', async () => {
    const draft = await post('/v1/purchase-receipts', 'cainta-rcv', {
      storeCode: 'cainta',
      supplier: 'Mega Foods',
      lines: [{ sku: 'RICE-5KG', qty: 4, unitCostMinor: 100 }],
    });
    expect(draft.statusCode).toBe(201);
    expect(draft.json().storeCode).toBe('CAINTA');
    const doc = await office.store.db.selectFrom('stock_documents').select('store_id').where('id', '=', draft.json().id).executeTakeFirstOrThrow();
    expect(doc.store_id).toBe(await storeIdOf('CAINTA'));
  });

  it('a business code is one whatever its case too', async () => {
    const again = await post('/v1/admin/businesses', 'main-again', { code: 'main', name: 'Main again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('as MAIN');
    expect(await office.store.db.selectFrom('businesses').select('code').execute()).toEqual([{ code: 'MAIN' }]);
  });

  it('a database that already holds MAKATI and makati: the exact spelling is that store, another spelling is refused naming both', async () => {
    const business = await office.store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    for (const code of ['MAKATI', 'makati'])
      await office.store.db
        .insertInto('stores')
        .values({ id: crypto.randomUUID(), business_id: business.id, code, name: code, created_at: new Date().toISOString() })
        .execute();

    const guessed = await post('/v1/admin/terminals', 'makati-guess', { storeCode: 'Makati', name: 'Till' });
    expect(guessed.statusCode).toBe(409);
    expect(guessed.json().detail).toContain('Stores MAKATI and makati differ only in case');
    const exact = await post('/v1/admin/terminals', 'makati-exact', { storeCode: 'makati', name: 'Till' });
    expect(exact.statusCode).toBe(201);
    const stored = await office.store.db
      .selectFrom('terminals')
      .select('store_id')
      .where('id', '=', exact.json().terminalId)
      .executeTakeFirstOrThrow();
    expect(stored.store_id).toBe(await storeIdOf('makati'));
  });
});
