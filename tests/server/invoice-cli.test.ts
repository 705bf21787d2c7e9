import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessProfileCommand, terminalMachineCommand } from '../../server/invoicing/invoice-cli';
import { tillProfileOf } from '../../server/invoicing/invoice-profile';
import { startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

describe.each(databaseKinds)('the invoice profile from the command line on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  const output: string[] = [];
  const errors: string[] = [];
  const run = (command: typeof businessProfileCommand, args: string[]) =>
    command(
      bo.store,
      args,
      (text) => output.push(text),
      (text) => errors.push(text),
    );

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo.close());

  it('business profile and terminal machine set what the till pulls', async () => {
    const profileArgs = ['--registered-name', 'Dela Cruz Trading Corp.', '--address', 'Marikina City', '--tin', '123-456-789-00000', '--non-vat'];
    expect(await run(businessProfileCommand, [...profileArgs, '--trade-name', "Aling Nena's", '--bnpc-discount-cap', '10000'])).toBe(0);
    expect(
      await run(terminalMachineCommand, [
        '--terminal',
        till.code,
        '--min',
        'M-1',
        '--serial',
        'S-1',
        '--permit',
        'P-1',
        '--permit-date',
        '2024-03-15',
      ]),
    ).toBe(0);
    expect(output.join('')).toContain('NON-VAT REG TIN 123-456-789-00000');
    const business = await bo.store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    expect(await tillProfileOf(bo.store, { terminalId: till.id, businessId: business.id })).toMatchObject({
      business: {
        registeredName: 'Dela Cruz Trading Corp.',
        tradeName: "Aling Nena's",
        vatRegistered: false,
        bnpcWeeklyDiscountCapMinor: 10_000,
        bnpcWeeklyPurchaseCapMinor: 250_000,
      },
      machine: { min: 'M-1', serialNumber: 'S-1', permitNumber: 'P-1', permitDate: '2024-03-15' },
    });
  });

  it('a TIN without its branch code, neither --vat nor --non-vat, or a permit date that is no date: exit 2, the reason, nothing changed', async () => {
    const before = await bo.store.db.selectFrom('business_profiles').selectAll().execute();
    const machineBefore = await bo.store.db.selectFrom('terminals').selectAll().where('id', '=', till.id).executeTakeFirstOrThrow();
    expect(await run(businessProfileCommand, ['--registered-name', 'X', '--address', 'Y', '--tin', '123456789', '--vat'])).toBe(2);
    expect(await run(businessProfileCommand, ['--registered-name', 'X', '--address', 'Y', '--tin', '123-456-789-000'])).toBe(2);
    expect(await run(terminalMachineCommand, ['--id', till.id, '--min', 'M', '--serial', 'S', '--permit', 'P', '--permit-date', '15/03/2024'])).toBe(
      2,
    );
    expect(errors.join('')).toMatch(/tin/);
    expect(errors.join('')).toMatch(/--vat or --non-vat/);
    expect(errors.join('')).toMatch(/permitDate/);
    expect(await bo.store.db.selectFrom('business_profiles').selectAll().execute()).toEqual(before);
    expect(await bo.store.db.selectFrom('terminals').selectAll().where('id', '=', till.id).executeTakeFirstOrThrow()).toEqual(machineBefore);
  });
});
