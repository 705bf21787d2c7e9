import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TillProfile } from '../../protocol';
import { storeBranchCommand } from '../../server/stores-cli';
import { issuerOf } from '../../terminal/invoicing/sales-invoice';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
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
});
