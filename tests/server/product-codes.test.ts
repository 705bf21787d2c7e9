import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { aSale, countRows, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { post } from '../support/stock-documents';

/**
 * Found by a black-box review: `PUT /v1/admin/products/%20RICE` added a product " RICE" beside
 * "RICE", listed alike. A SKU (or a barcode) with a space before or after it, a control or an
 * invisible or text-reversing character is refused on the product routes (400
 * validation_failed, said in words), nothing stored. A sale naming such a SKU is still
 * recorded: a sale that happened is never refused.
 */
describe.each(databaseKinds)('SKUs, barcodes and names as the product routes take them, on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;
  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
  });
  afterAll(async () => office.close());

  const putProduct = (encodedSku: string, body: object = {}) =>
    office.app.inject({
      method: 'PUT',
      url: `/v1/admin/products/${encodedSku}`,
      headers: office.adminHeaders(),
      payload: { businessCode: 'MAIN', name: 'Rice', priceMinor: 1000, ...body },
    });
  const skus = async () =>
    (await office.store.db.selectFrom('products').select(['sku', 'barcode']).orderBy('sku').execute()).map((p) => [p.sku, p.barcode]);

  it('a SKU with a space around it, a control, an invisible or a text-reversing character: 400, no product added', async () => {
    expect((await putProduct('RICE')).statusCode).toBe(200);
    expect((await putProduct('RICE%205KG')).statusCode).toBe(200);
    const before = await skus();
    for (const encoded of [
      '%20RICE',
      'RICE%20',
      '%C2%A0RICE',
      'RICE%E2%80%8B',
      'RI%E2%80%8DCE',
      '%E2%80%AERICE',
      'RICE%09',
      'RI%0ACE',
      '%EF%BB%BFRICE',
      '%20',
      // A variation selector of the supplement (U+E0100) and the Braille blank (U+2800): drawn as nothing, or as a space.
      'RICE%F3%A0%84%80',
      'RICE%E2%A0%80',
    ]) {
      const refused = await putProduct(encoded);
      expect(refused.statusCode, encoded).toBe(400);
      expect(refused.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: '/sku', message: expect.stringContaining('no space before or after it') }],
      });
    }
    for (const barcode of [
      ' 4800024000029',
      '4800024000029 ',
      '48000\u200B24000029',
      '\u202E4800024000029',
      '4800024000029\u{E0100}',
      '\u28004800024000029',
    ]) {
      const refused = await putProduct('RICE', { barcode });
      expect(refused.statusCode, barcode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/barcode' }] });
    }
    expect(await skus()).toEqual(before);
    expect(before).toEqual([
      ['RICE', null],
      ['RICE 5KG', null],
    ]);
  });

  it('found by a black-box review: a product named blank or with a text-reversing control is refused 400 validation_failed, as a store or a till is; its stored name stays', async () => {
    expect((await putProduct('SOAP', { name: 'Bath soap' })).statusCode).toBe(200);
    const named = async () =>
      (await office.store.db.selectFrom('products').select(['sku', 'name']).orderBy('sku').execute()).map((p) => [p.sku, p.name]);
    const before = await named();
    for (const [sku, name] of [
      ['SOAP', '   '],
      ['SOAP', '\u202Eevil'],
      ['SOAP', 'Bath \u2067soap'],
      ['SOAP', '\u200B'],
      ['NEWSOAP', '   '],
      ['NEWSOAP', '\u202Eevil'],
    ] as const) {
      const refused = await putProduct(sku, { name });
      expect(refused.statusCode, JSON.stringify(name)).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/name' }] });
    }
    expect(await named()).toEqual(before);
    expect(before).toContainEqual(['SOAP', 'Bath soap']);

    // A name with letters of any script, and spaces inside, is still a name.
    expect((await putProduct('SOAP', { name: 'Sabon panligo Ñ 5 × 90 g' })).statusCode).toBe(200);
    expect(await named()).toContainEqual(['SOAP', 'Sabon panligo Ñ 5 × 90 g']);
  });

  it('a sale naming a SKU with a space around it is still recorded, as it was sold', async () => {
    const sales = await countRows(office.store, 'sales');
    const sale = aSale({ lines: [{ sku: ' RICE', name: 'Rice', qty: 1, unitPriceMinor: 1000 }], payments: [{ method: 'cash', amountMinor: 1000 }] });
    const answer = await post(office, '/v1/sales', till.headers(uuidv7()), sale);
    expect(answer.statusCode, answer.body).toBe(201);
    expect(await countRows(office.store, 'sales')).toBe(sales + 1);
    const line = await office.store.db.selectFrom('sale_lines').select('sku').where('sku', '=', ' RICE').executeTakeFirst();
    expect(line).toEqual({ sku: ' RICE' });
  });
});
