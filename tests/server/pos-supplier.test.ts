import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessProfileCommand } from '../../server/invoicing/invoice-cli';
import { ADMIN_TOKEN, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { COMPLETE_BUSINESS_PROFILE } from '../support/invoice-profile';

const SUPPLIER = COMPLETE_BUSINESS_PROFILE.posSupplier!;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(databaseKinds)('the POS supplier on the business profile, on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;
  const putProfile = (body: object) =>
    bo.app.inject({ method: 'PUT', url: '/v1/admin/businesses/MAIN/profile', headers: bo.adminHeaders(), payload: body });
  const stored = () =>
    bo.store.db
      .selectFrom('business_profiles')
      .select([
        'pos_supplier_name',
        'pos_supplier_address',
        'pos_supplier_tin',
        'pos_accreditation_number',
        'pos_accreditation_date',
        'pos_accreditation_valid_until',
      ])
      .executeTakeFirst();
  const pulled = async () =>
    (await bo.app.inject({ method: 'GET', url: '/v1/terminals/profile', headers: till.headers() })).json<{
      business: { posSupplier?: unknown } | null;
    }>();

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo.close());

  it('migration 0021 runs after 0019 and 0020', async () => {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(bo.store.db);
    const names = rows.map((r) => r.name);
    expect(names.slice(names.indexOf('0019-retired-pairing-codes'), names.indexOf('0021-pos-supplier') + 1)).toEqual([
      '0019-retired-pairing-codes',
      '0020-sku-case-index',
      '0021-pos-supplier',
    ]);
  });

  it('set by the admin route with the rest of the profile, stored, and served to the till with it', async () => {
    const answer = await putProfile(COMPLETE_BUSINESS_PROFILE);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ registeredName: 'Dela Cruz Trading Corp.', posSupplier: SUPPLIER });
    expect(await stored()).toEqual({
      pos_supplier_name: 'Counter Software Solutions Inc.',
      pos_supplier_address: '8F Tektite Tower, Ortigas Center, Pasig City',
      pos_supplier_tin: '008-123-456-00000',
      pos_accreditation_number: '0412023000000123456',
      pos_accreditation_date: '2023-05-10',
      pos_accreditation_valid_until: '2028-05-09',
    });
    expect((await pulled()).business?.posSupplier).toEqual(SUPPLIER);
  });

  it('a supplier TIN without its branch code, a field missing, a date that is no date, or valid until before its date issued: 400 naming it, nothing changed', async () => {
    const before = await stored();
    const { accreditationNumber: _missing, ...withoutNumber } = SUPPLIER;
    for (const [supplier, said] of [
      [{ ...SUPPLIER, tin: '008123456' }, '/posSupplier/tin '],
      [withoutNumber, "/posSupplier must have required property 'accreditationNumber'"],
      [{ ...SUPPLIER, accreditationDate: '10/05/2023' }, '/posSupplier/accreditationDate '],
      [{ ...SUPPLIER, accreditationValidUntil: '2023-05-09' }, '/posSupplier/accreditationValidUntil must not be before accreditationDate'],
      // Found by a walk: year 0000 was saved and printed as the date issued.
      [{ ...SUPPLIER, accreditationDate: '0000-01-01' }, '/posSupplier/accreditationDate must be a date from 1900 on, as yyyy-mm-dd'],
      // A misspelt field of the supplier is named, not dropped.
      [{ ...SUPPLIER, accreditationNo: 'X' }, '/posSupplier/accreditationNo '],
    ] as const) {
      const refused = await putProfile({ ...COMPLETE_BUSINESS_PROFILE, registeredName: 'Changed Corp.', posSupplier: supplier });
      expect(refused.statusCode, said).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed' });
      expect((refused.json() as { errors: { path: string; message: string }[] }).errors.map((e) => `${e.path} ${e.message}`).join('\n')).toContain(
        said,
      );
    }
    expect(await stored()).toEqual(before);
    expect((await bo.store.db.selectFrom('business_profiles').select('registered_name').executeTakeFirstOrThrow()).registered_name).toBe(
      'Dela Cruz Trading Corp.',
    );
  });

  it('found by a walk: a misspelt field ("posSuplier", "tradename") is a 400 naming it, not a profile saved without the supplier and the trade name', async () => {
    expect((await putProfile(COMPLETE_BUSINESS_PROFILE)).statusCode).toBe(200);
    const before = await stored();
    const { posSupplier, ...rest } = COMPLETE_BUSINESS_PROFILE;
    const refused = await putProfile({ ...rest, posSuplier: posSupplier, tradename: 'Nena Store' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed' });
    const paths = (refused.json() as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/posSuplier', '/tradename']));
    expect(await stored()).toEqual(before);
    expect((await pulled()).business?.posSupplier).toEqual(SUPPLIER);
  });

  it('a profile put without it has none (PUT replaces the profile whole): the till is served null', async () => {
    const { posSupplier: _supplier, ...withoutSupplier } = COMPLETE_BUSINESS_PROFILE;
    expect((await putProfile(withoutSupplier)).statusCode).toBe(200);
    expect(await stored()).toMatchObject({ pos_supplier_name: null, pos_accreditation_valid_until: null });
    expect((await pulled()).business?.posSupplier).toBeNull();
  });

  it('counter-server business profile takes it as --supplier-* and --accreditation-* options; one missing or backwards is exit 2, nothing changed', async () => {
    const output: string[] = [];
    const errors: string[] = [];
    const run = (args: string[]) =>
      businessProfileCommand(
        bo.store,
        args,
        (text) => output.push(text),
        (text) => errors.push(text),
      );
    const profile = ['--registered-name', 'Dela Cruz Trading Corp.', '--address', 'Marikina City', '--tin', '123-456-789-00000', '--vat'];
    const supplier = [
      '--supplier-name',
      SUPPLIER.name,
      '--supplier-address',
      SUPPLIER.address,
      '--supplier-tin',
      SUPPLIER.tin,
      '--accreditation-no',
      SUPPLIER.accreditationNumber,
      '--accreditation-date',
      SUPPLIER.accreditationDate,
      '--accreditation-valid-until',
      SUPPLIER.accreditationValidUntil,
    ];
    expect(await run([...profile, ...supplier])).toBe(0);
    expect(output.join('')).toContain(
      'POS supplier Counter Software Solutions Inc., TIN 008-123-456-00000, Accreditation No. 0412023000000123456 (date issued 2023-05-10, valid until 2028-05-09)',
    );
    expect((await pulled()).business?.posSupplier).toEqual(SUPPLIER);

    const before = await stored();
    expect(await run([...profile, ...supplier.slice(0, -2)])).toBe(2);
    expect(errors.join('')).toMatch(/accreditationValidUntil/);
    expect(await run([...profile, ...supplier.slice(0, -1), '2020-01-01'])).toBe(2);
    expect(errors.join('')).toMatch(/valid until 2020-01-01, before its date issued 2023-05-10/);
    expect(await run([...profile, ...supplier.slice(0, 5), '008-123-456', ...supplier.slice(6)])).toBe(2);
    expect(errors.join('')).toMatch(/posSupplier\/tin/);
    expect(await stored()).toEqual(before);
  });

  it('the fleet page form sets it too; a backwards accreditation is refused in words, nothing saved; one past its validity is said on the page', async () => {
    const login = await bo.app.inject({ method: 'POST', url: '/fleet/login', headers: FORM, payload: `token=${ADMIN_TOKEN}` });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const form = {
      businessCode: 'MAIN',
      registeredName: 'Dela Cruz Trading Corp.',
      address: '12 Mabini St., Marikina City',
      tin: '123-456-789-00000',
      vatRegistered: 'yes',
      bnpcWeeklyPurchaseCap: '2500.00',
      bnpcWeeklyDiscountCap: '125.00',
      supplierName: 'Another POS Vendor Inc.',
      supplierAddress: 'Makati City',
      supplierTin: '111-222-333-00000',
      accreditationNumber: 'ACC-2',
      accreditationDate: '2024-01-02',
      accreditationValidUntil: '2029-01-01',
    };
    const shown = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile', headers: { cookie } });
    // Each sent from a page just opened: with the version of the profile it shows.
    const post = async (fields: Record<string, string>) => {
      const page = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile', headers: { cookie } });
      const profileVersion = /name="profileVersion" value="([^"]*)"/.exec(page.body)![1]!;
      return bo.app.inject({
        method: 'POST',
        url: '/fleet/invoice-profile',
        headers: { ...FORM, cookie },
        payload: new URLSearchParams({ profileVersion, ...fields }).toString(),
      });
    };
    expect(shown.body).toContain('value="Counter Software Solutions Inc."');
    expect((await post(form)).statusCode).toBe(303);
    expect(await stored()).toMatchObject({ pos_supplier_name: 'Another POS Vendor Inc.', pos_accreditation_valid_until: '2029-01-01' });

    const before = await stored();
    const backwards = await post({ ...form, supplierName: 'Third Vendor', accreditationValidUntil: '2023-12-31' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('Not saved: The POS supplier&#39;s accreditation is valid until 2023-12-31, before its date issued 2024-01-02.');
    const half = await post({ ...form, supplierTin: '' });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('Not saved: check POS supplier TIN, like 123-456-789-00000.');
    expect(await stored()).toEqual(before);

    // Valid until a day already past: saved as typed (it is what the paper says), and the page says so.
    expect(shown.body).not.toContain('accreditation-expired');
    expect((await post({ ...form, accreditationDate: '2018-01-02', accreditationValidUntil: '2021-06-30' })).statusCode).toBe(303);
    const warned = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile', headers: { cookie } });
    expect(warned.body).toContain(
      'id="accreditation-expired" class="error">The POS supplier\'s accreditation was valid until 2021-06-30: every invoice prints it as saved.',
    );
  });
});
