import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skusSpelledAlike } from '../../server/catalog/catalog';
import { up } from '../../server/db/migrations/0020-sku-case-index';
import type { TestBackOffice } from '../support/back-office';
import { catalogOffice } from '../support/catalog-office';
import { asMigrated, databaseKinds } from '../support/databases';

/**
 * `rice-5kg` and `RICE-5KG` could both be products of one business: a scanner's or a
 * cashier's code found the wrong one, or both. A SKU that differs from one of the business
 * only in case is now refused (409 sku_case_conflict), nothing stored.
 */
describe.each(databaseKinds)('SKUs that differ only in case, on %s', (kind) => {
  let office: TestBackOffice;
  let putProduct: Awaited<ReturnType<typeof catalogOffice>>['putProduct'];
  let cursor: () => Promise<string>;
  beforeAll(async () => {
    ({ office, putProduct, cursor } = await catalogOffice(kind, (sku) => `Product ${sku}`));
  });
  afterAll(async () => office.close());

  const productsOf = async (businessCode: string) =>
    (
      await office.store.db
        .selectFrom('products as p')
        .innerJoin('businesses as b', 'b.id', 'p.business_id')
        .select(['p.sku', 'p.name', 'p.price_minor'])
        .where('b.code', '=', businessCode)
        .orderBy('p.sku')
        .execute()
    ).map((row) => ({ ...row, price_minor: Number(row.price_minor) }));

  it('RICE-5KG beside rice-5kg: 409 sku_case_conflict naming rice-5kg, nothing stored and no catalog number taken; rice-5kg itself is still updated', async () => {
    expect((await putProduct('rice-5kg', { name: 'Rice 5 kg', priceMinor: 29500 })).statusCode).toBe(200);
    const before = await productsOf('MAIN');
    const at = await cursor();

    const refused = await putProduct('RICE-5KG', { name: 'Rice 5 kg (new)', priceMinor: 31000 });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'sku_case_conflict',
      status: 409,
      detail:
        'SKU RICE-5KG differs only in case from rice-5kg, a product of business MAIN already: a scan or a typed code could not tell the two apart. Put rice-5kg to change that product, or give this one another SKU.',
    });
    expect(await productsOf('MAIN')).toEqual(before);
    expect(await cursor()).toBe(at);

    expect((await putProduct('rice-5kg', { name: 'Rice 5 kg', priceMinor: 31000 })).statusCode).toBe(200);
    expect(await productsOf('MAIN')).toEqual([{ sku: 'rice-5kg', name: 'Rice 5 kg', price_minor: 31000 }]);
    // Another business's catalog is its own.
    expect((await putProduct('RICE-5KG', {}, 'NORTH')).statusCode).toBe(200);
    expect((await productsOf('NORTH')).map((row) => row.sku)).toEqual(['RICE-5KG']);
  });

  it('two spellings put at the same instant: one product', async () => {
    const answers = await Promise.all(['oil-1l', 'OIL-1L', 'Oil-1L'].map((sku) => putProduct(sku)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409]);
    expect((await productsOf('MAIN')).filter((row) => row.sku.toLowerCase() === 'oil-1l')).toHaveLength(1);
  });

  it('a pair stored before the check: each is still put by its own spelling, a third spelling is refused naming the first; migration 0020 keeps the pair', async () => {
    const business = await office.store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    const old = { business_id: business.id, name: 'Sugar 1 kg', price_minor: 7500, change_seq: 0, updated_at: '2026-11-01T00:00:00.000Z' };
    await sql`drop index products_business_lower_sku`.execute(office.store.db);
    await office.store.db
      .insertInto('products')
      .values([
        { ...old, sku: 'SUGAR-1KG' },
        { ...old, sku: 'Sugar-1kg' },
      ])
      .execute();
    await asMigrated(office.store, up);
    await asMigrated(office.store, up);

    expect((await putProduct('SUGAR-1KG', { priceMinor: 7800 })).statusCode).toBe(200);
    expect((await putProduct('Sugar-1kg', { priceMinor: 7900 })).statusCode).toBe(200);
    expect((await putProduct('sugar-1kg')).json()).toMatchObject({
      code: 'sku_case_conflict',
      detail: expect.stringMatching(/^SKU sugar-1kg differs only in case from SUGAR-1KG,/),
    });
    expect((await productsOf('MAIN')).filter((row) => row.sku.toLowerCase() === 'sugar-1kg')).toEqual([
      { sku: 'SUGAR-1KG', name: 'Product SUGAR-1KG', price_minor: 7800 },
      { sku: 'Sugar-1kg', name: 'Product Sugar-1kg', price_minor: 7900 },
    ]);
  });

  it("the check reads migration 0020's index (business, lower(sku)), not the whole catalog of 3,000 products", async () => {
    const business = await office.store.db.selectFrom('businesses').select('id').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    const shelf = Array.from({ length: 3000 }, (_, i) => ({
      business_id: business.id,
      sku: `SHELF-${String(i).padStart(5, '0')}`,
      name: `Shelf item ${i}`,
      price_minor: 100,
      change_seq: 0,
      updated_at: '2026-11-01T00:00:00.000Z',
    }));
    for (let i = 0; i < shelf.length; i += 500)
      await office.store.db
        .insertInto('products')
        .values(shelf.slice(i, i + 500))
        .execute();
    await sql`analyze`.execute(office.store.db);
    const query = skusSpelledAlike(office.store.db, business.id, 'shelf-01234').compile();
    const plan = await office.store.db.connection().execute(async (db) => {
      const explain = CompiledQuery.raw(`explain ${kind === 'sqlite' ? 'query plan ' : ''}${query.sql}`, [...query.parameters]);
      return JSON.stringify((await db.executeQuery(explain)).rows);
    });
    expect(plan).toContain('products_business_lower_sku');
  });
});
