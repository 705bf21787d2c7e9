import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackOffice } from '../support/back-office';
import { catalogOffice } from '../support/catalog-office';
import { databaseKinds } from '../support/databases';

/**
 * Found by a black-box review: BREAD could be given the barcode "RICE", another product's
 * SKU. A count file's row or a scan is "a SKU or a barcode": it could not tell the two apart.
 * A barcode that is another product's SKU, or a new SKU that is another product's barcode
 * (whatever the case, as SKUs are compared), is refused (409 barcode_sku_conflict), nothing
 * stored and no catalog number taken.
 */
describe.each(databaseKinds)('a barcode that reads as another SKU, on %s', (kind) => {
  let office: TestBackOffice;
  let putProduct: Awaited<ReturnType<typeof catalogOffice>>['putProduct'];
  let cursor: () => Promise<string>;
  beforeAll(async () => {
    ({ office, putProduct, cursor } = await catalogOffice(kind));
  });
  afterAll(async () => office.close());

  const productsOf = async (businessCode: string) =>
    office.store.db
      .selectFrom('products as p')
      .innerJoin('businesses as b', 'b.id', 'p.business_id')
      .select(['p.sku', 'p.barcode'])
      .where('b.code', '=', businessCode)
      .orderBy('p.sku')
      .execute();

  it("BREAD given RICE's SKU as its barcode, in any case: 409 barcode_sku_conflict naming RICE, nothing stored, no catalog number", async () => {
    expect((await putProduct('RICE')).statusCode).toBe(200);
    const before = await productsOf('MAIN');
    const at = await cursor();
    const refused = await putProduct('BREAD', { barcode: 'RICE' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'barcode_sku_conflict',
      status: 409,
      detail:
        "Barcode RICE of product BREAD is the SKU of product RICE of business MAIN: a scan or a count file's row could not tell the two apart. Give BREAD another barcode.",
    });
    expect(await productsOf('MAIN')).toEqual(before);
    expect(await cursor()).toBe(at);

    // BREAD there already, without a barcode: given "rice", refused the same; its row unchanged.
    expect((await putProduct('BREAD')).statusCode).toBe(200);
    const withBread = await productsOf('MAIN');
    const refusedAgain = await putProduct('BREAD', { barcode: 'rice', priceMinor: 2000 });
    expect(refusedAgain.statusCode).toBe(409);
    expect(refusedAgain.json()).toMatchObject({ code: 'barcode_sku_conflict' });
    expect(await productsOf('MAIN')).toEqual(withBread);

    // A product's own SKU as its barcode names it either way; another business's SKUs are its own.
    expect((await putProduct('BREAD', { barcode: 'BREAD' })).statusCode).toBe(200);
    expect((await putProduct('CAKE', { barcode: 'RICE' }, 'NORTH')).statusCode).toBe(200);
    expect(await productsOf('MAIN')).toEqual([
      { sku: 'BREAD', barcode: 'BREAD' },
      { sku: 'RICE', barcode: null },
    ]);
  });

  it("a new SKU that is another product's barcode, in any case: 409 barcode_sku_conflict naming it, nothing stored; the product holding it is still updated", async () => {
    expect((await putProduct('SARDINES', { barcode: '4800024000029' })).statusCode).toBe(200);
    expect((await putProduct('OIL-1L', { barcode: 'oil-bottle' })).statusCode).toBe(200);
    const before = await productsOf('MAIN');
    const at = await cursor();
    for (const sku of ['4800024000029', 'OIL-BOTTLE']) {
      const refused = await putProduct(sku);
      expect(refused.statusCode, sku).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'barcode_sku_conflict' });
    }
    expect((await putProduct('4800024000029')).json().detail).toBe(
      "SKU 4800024000029 is the barcode of product SARDINES of business MAIN: a scan or a count file's row could not tell the two apart. Give this product another SKU, or take the barcode off SARDINES first.",
    );
    expect(await productsOf('MAIN')).toEqual(before);
    expect(await cursor()).toBe(at);

    expect((await putProduct('SARDINES', { barcode: '4800024000029', priceMinor: 3500 })).statusCode).toBe(200);
    // The barcode taken off SARDINES: the SKU is free.
    expect((await putProduct('SARDINES')).statusCode).toBe(200);
    expect((await putProduct('4800024000029')).statusCode).toBe(200);
    expect((await productsOf('MAIN')).filter((p) => p.sku === '4800024000029' || p.sku === 'SARDINES')).toEqual([
      { sku: '4800024000029', barcode: null },
      { sku: 'SARDINES', barcode: null },
    ]);
  });
});
