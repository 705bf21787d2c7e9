import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TillProfile } from '../../protocol';
import { storeBranchCommand } from '../../server/stores-cli';
import { issuerOf } from '../../terminal/invoicing/sales-invoice';
import { ADMIN_TOKEN, startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { putBusinessProfile } from '../support/invoice-profile';
import { addStore } from '../support/stock-documents';

/**
 * Found by a walk: a branch's tills printed the head office's address and TIN branch code
 * ("VAT REG TIN 234-567-890-00000") on every invoice, return slip and reading. A store may now
 * have its own address and TIN branch code (`counter-server store branch`); its tills pull them
 * with the invoice profile and print the branch's name, address and TIN.
 */
describe.each(databaseKinds)("a branch's own address and TIN branch code, on %s", (kind) => {
  let bo: TestBackOffice;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await putBusinessProfile(bo, { tin: '234-567-890-00000', address: '45 Rizal Ave., Marikina City' });
    await addStore(bo, 'MALANDAY');
  });
  afterAll(async () => bo.close());

  const branch = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await storeBranchCommand(
      bo.store,
      args,
      (t) => (out += t),
      (t) => (err += t),
    );
    return { code, out, err };
  };
  const profileOf = async (till: { headers: () => Record<string, string> }) =>
    (await bo.app.inject({ method: 'GET', url: '/v1/terminals/profile', headers: till.headers() })).json() as TillProfile;

  it("set from the command line, it reaches the branch's tills: their documents print its name, address and TIN; the head office's do not change", async () => {
    expect(await branch('--store', 'malanday', '--address', '12 J.P. Rizal St., Malanday, Marikina City', '--branch-code', '00001')).toMatchObject({
      code: 0,
    });
    const branchTill = await bo.pairTerminal({ storeCode: 'MALANDAY', name: 'Malanday 1' });
    const headTill = await bo.pairTerminal({ name: 'Main 1' });

    const atBranch = await profileOf(branchTill);
    expect(atBranch.store).toEqual({
      storeCode: 'MALANDAY',
      name: 'Store MALANDAY',
      address: '12 J.P. Rizal St., Malanday, Marikina City',
      branchCode: '00001',
    });
    expect(issuerOf(atBranch, 'MAIN').slice(-3)).toEqual([
      'Store MALANDAY',
      '12 J.P. Rizal St., Malanday, Marikina City',
      'VAT REG TIN 234-567-890-00001',
    ]);

    const atHead = await profileOf(headTill);
    expect(atHead.store).toBeUndefined();
    expect(issuerOf(atHead, 'MAIN').slice(-2)).toEqual(['45 Rizal Ave., Marikina City', 'VAT REG TIN 234-567-890-00000']);

    // Cleared: the business's address and TIN again.
    expect(await branch('--store', 'MALANDAY', '--address', '', '--branch-code', '')).toMatchObject({ code: 0 });
    expect((await profileOf(branchTill)).store).toBeUndefined();
  });

  it('refuses a branch code that is not 3 to 5 digits, an address without a code, and an unknown store; nothing changes', async () => {
    const before = await bo.store.db.selectFrom('stores').select(['code', 'address', 'tin_branch_code']).orderBy('code').execute();
    for (const args of [
      ['--store', 'MALANDAY', '--address', 'Somewhere', '--branch-code', '1'],
      ['--store', 'MALANDAY', '--address', 'Somewhere', '--branch-code', '0000A'],
      ['--store', 'MALANDAY', '--address', 'Somewhere', '--branch-code', ''],
      ['--store', 'MALANDAY', '--address', 'Line one\nline two', '--branch-code', '00002'],
      ['--store', 'NOPE', '--address', 'Somewhere', '--branch-code', '00002'],
      ['--store', 'MALANDAY', '--address', 'Somewhere'],
    ])
      expect(await branch(...args), args.join(' ')).toMatchObject({ code: 2, out: '' });
    expect(await bo.store.db.selectFrom('stores').select(['code', 'address', 'tin_branch_code']).orderBy('code').execute()).toEqual(before);
  });

  const storeRows = () => bo.store.db.selectFrom('stores').select(['code', 'address', 'tin_branch_code']).orderBy('code').execute();

  it('set over the admin API (PUT …/stores/{storeCode}/branch, any case of the codes), read back by GET, cleared by nulls', async () => {
    await addStore(bo, 'CONCEPCION');
    const till = await bo.pairTerminal({ storeCode: 'CONCEPCION', name: 'Concepcion 1' });
    const url = '/v1/admin/businesses/main/stores/concepcion/branch';
    const put = await bo.app.inject({
      method: 'PUT',
      url,
      headers: bo.adminHeaders(),
      payload: { address: '8 Bayan-Bayanan Ave., Concepcion Uno, Marikina City', branchCode: '00002' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const saved = {
      businessCode: 'MAIN',
      storeCode: 'CONCEPCION',
      name: 'Store CONCEPCION',
      address: '8 Bayan-Bayanan Ave., Concepcion Uno, Marikina City',
      branchCode: '00002',
    };
    expect(put.json()).toEqual(saved);
    expect((await bo.app.inject({ method: 'GET', url, headers: bo.adminHeaders() })).json()).toEqual(saved);
    expect(issuerOf(await profileOf(till), 'MAIN').slice(-2)).toEqual([
      '8 Bayan-Bayanan Ave., Concepcion Uno, Marikina City',
      'VAT REG TIN 234-567-890-00002',
    ]);

    const cleared = await bo.app.inject({ method: 'PUT', url, headers: bo.adminHeaders(), payload: { address: null, branchCode: null } });
    expect(cleared.json()).toEqual({ ...saved, address: null, branchCode: null });
    expect((await profileOf(till)).store).toBeUndefined();
  });

  it('over the API, refuses an address without its code, a code of letters, a line break, a field it does not know and an unknown store: nothing changes', async () => {
    const before = await storeRows();
    const put = (url: string, payload: unknown) => bo.app.inject({ method: 'PUT', url, headers: bo.adminHeaders(), payload: payload as object });
    const url = '/v1/admin/businesses/MAIN/stores/MALANDAY/branch';
    const alone = await put(url, { address: 'Somewhere', branchCode: null });
    expect(alone.statusCode).toBe(400);
    expect(alone.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/branchCode' }] });
    for (const payload of [
      { address: 'Somewhere', branchCode: '0000A' },
      { address: 'Line one\nline two', branchCode: '00002' },
      { address: 'Somewhere', branchCode: '00002', branch: '00002' },
      { address: 'Somewhere' },
    ]) {
      const refused = await put(url, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed' });
    }
    const unknown = await put('/v1/admin/businesses/MAIN/stores/NOPE/branch', { address: 'Somewhere', branchCode: '00002' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', detail: 'Store NOPE of business MAIN was not found.' });
    expect((await bo.app.inject({ method: 'PUT', url, payload: { address: 'Somewhere', branchCode: '00002' } })).statusCode).toBe(401);
    expect(await storeRows()).toEqual(before);
  });

  it('found by a review: two branches cannot print one TIN branch code; an address is stored trimmed, as the CLI and the form store it', async () => {
    await addStore(bo, 'NANGKA');
    await addStore(bo, 'PARANG');
    const put = (store: string, payload: object) =>
      bo.app.inject({ method: 'PUT', url: `/v1/admin/businesses/MAIN/stores/${store}/branch`, headers: bo.adminHeaders(), payload });
    const first = await put('NANGKA', { address: '  3 Nangka Rd., Marikina City ', branchCode: '00007' });
    expect(first.json()).toMatchObject({ address: '3 Nangka Rd., Marikina City', branchCode: '00007' });
    const before = await storeRows();
    const same = await put('parang', { address: '5 Parang Rd., Marikina City', branchCode: '00007' });
    expect(same.statusCode).toBe(409);
    expect(same.json()).toMatchObject({
      code: 'conflict',
      detail: 'Store NANGKA of business MAIN prints TIN branch code 00007 already: each branch has its own.',
    });
    expect(await storeRows()).toEqual(before);
    // The store itself may save its own code again (a new address).
    expect((await put('NANGKA', { address: '3A Nangka Rd., Marikina City', branchCode: '00007' })).statusCode).toBe(200);
    // Saved at once with one code by two stores: one wins, the other is refused.
    const [a, b] = await Promise.all([
      put('PARANG', { address: '5 Parang Rd.', branchCode: '00008' }),
      put('MALANDAY', { address: '12 J.P. Rizal St.', branchCode: '00008' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await storeRows()).filter((s) => s.tin_branch_code === '00008')).toHaveLength(1);
    for (const store of ['NANGKA', 'PARANG', 'MALANDAY']) await put(store, { address: null, branchCode: null });
  });

  it("on the fleet pages: a manager signed in sees each store and what it prints, saves a branch's address and code, and a refused one comes back as typed", async () => {
    const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
    const login = await bo.app.inject({ method: 'POST', url: '/fleet/login', headers: FORM, payload: `token=${ADMIN_TOKEN}` });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect((await bo.app.inject({ method: 'GET', url: '/fleet/branches' })).headers.location).toBe('/fleet/login');

    const listed = await bo.app.inject({ method: 'GET', url: '/fleet/branches?business=MAIN', headers: { cookie } });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).toContain("The business's: 45 Rizal Ave., Marikina City, TIN 234-567-890-00000");
    expect(listed.body).toContain('id="branch-MALANDAY"');
    expect((await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile?business=MAIN', headers: { cookie } })).body).toContain(
      'href="/fleet/branches?business=MAIN"',
    );

    const post = (fields: Record<string, string>) =>
      bo.app.inject({ method: 'POST', url: '/fleet/branches', headers: { ...FORM, cookie }, payload: new URLSearchParams(fields).toString() });
    const saved = await post({ businessCode: 'MAIN', storeCode: 'MALANDAY', address: ' 12 J.P. Rizal St., Malanday ', branchCode: '00001' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/fleet/branches?business=MAIN&saved=MALANDAY');
    expect((await storeRows()).find((s) => s.code === 'MALANDAY')).toEqual({
      code: 'MALANDAY',
      address: '12 J.P. Rizal St., Malanday',
      tin_branch_code: '00001',
    });
    const after = await bo.app.inject({ method: 'GET', url: saved.headers.location as string, headers: { cookie } });
    expect(after.body).toContain('Saved: the tills of store MALANDAY print it from their next pull');
    expect(after.body).toContain('12 J.P. Rizal St., Malanday, TIN 234-567-890-00001');

    const before = await storeRows();
    const badCode = await post({ businessCode: 'MAIN', storeCode: 'MALANDAY', address: '99 Other St.', branchCode: '1A' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.body).toContain('Not saved (store MALANDAY): check TIN branch code (the last group of the TIN, 3 to 5 digits, like 00001).');
    expect(badCode.body).toContain('value="99 Other St."');
    expect(badCode.body).toContain('value="1A"');
    const alone = await post({ businessCode: 'MAIN', storeCode: 'MALANDAY', address: '99 Other St.', branchCode: '' });
    expect(alone.statusCode).toBe(400);
    expect(alone.body).toContain('give both the address and the TIN branch code, or leave both blank.');
    expect((await post({ businessCode: 'NOPE', storeCode: 'MALANDAY', address: '', branchCode: '' })).statusCode).toBe(404);
    expect(await storeRows()).toEqual(before);

    // What a manager typed is shown as text, never as markup.
    expect((await post({ businessCode: 'MAIN', storeCode: 'MALANDAY', address: `<b>Lot "5" & Sons' St.</b>`, branchCode: '00003' })).statusCode).toBe(
      303,
    );
    const escaped = (await bo.app.inject({ method: 'GET', url: '/fleet/branches?business=MAIN', headers: { cookie } })).body;
    expect(escaped).not.toContain('<b>Lot');
    expect(escaped).toContain('&lt;b&gt;Lot &quot;5&quot; &amp; Sons&#39; St.&lt;/b&gt;, TIN 234-567-890-00003');
    expect(escaped).toContain('value="&lt;b&gt;Lot &quot;5&quot; &amp; Sons&#39; St.&lt;/b&gt;"');

    // Both blank: the business's address and TIN again.
    expect((await post({ businessCode: 'MAIN', storeCode: 'MALANDAY', address: '', branchCode: '' })).statusCode).toBe(303);
    expect((await storeRows()).find((s) => s.code === 'MALANDAY')).toEqual({ code: 'MALANDAY', address: null, tin_branch_code: null });
  });
});
