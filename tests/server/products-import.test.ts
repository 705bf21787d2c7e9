import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productsImportCommand, productsTaxesCommand } from '../../server/catalog/products-cli';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/**
 * Found by an installer's walk: setting up a real store's catalog took one curl per product,
 * and the tax codes were written nowhere an installer would look. `counter-server products
 * import` saves a catalog file; a bad row saves nothing and is named.
 */
describe.each(databaseKinds)('a catalog file imported from the command line, on %s', (kind) => {
  let bo: TestBackOffice;
  const dir = mkdtempSync(join(tmpdir(), 'counter-products-'));
  beforeAll(async () => {
    bo = await startBackOffice(kind);
  });
  afterAll(async () => {
    await bo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const importFile = async (text: string, ...args: string[]) => {
    const file = join(dir, `catalog-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, text);
    let out = '';
    let err = '';
    const code = await productsImportCommand(
      bo.store,
      [file, ...args],
      (t) => (out += t),
      (t) => (err += t),
    );
    return { code, out, err };
  };
  const products = () =>
    bo.store.db
      .selectFrom('products')
      .select(['sku', 'name', 'price_minor', 'tax_code', 'barcode', 'sold_by', 'sc_pwd_eligible', 'bnpc_eligible'])
      .orderBy('sku')
      .execute();

  it('saves every product of the file, as the catalog API would; the tills see them in the catalog', async () => {
    const answer = await importFile(
      [
        'sku,name,price,tax_code,barcode,sold_by,sc_pwd,bnpc',
        'SARDINES-555,555 Sardines in Tomato Sauce 155 g,24.50,VAT12,4800007001965,piece,no,yes',
        'YELO,Ice tube (yelo) 1 pack,10,VAT12,,piece,,',
        'GALUNGGONG,"Galunggong, fresh (per kg)",180.00,VAT_EXEMPT,,weight,yes,yes',
      ].join('\r\n'),
    );
    expect(answer).toEqual({ code: 0, out: 'Saved 3 products of MAIN: the tills pull them within a minute.\n', err: '' });
    const stored = (await products()).map((p) => ({
      ...p,
      price_minor: Number(p.price_minor),
      sc_pwd_eligible: Number(p.sc_pwd_eligible),
      bnpc_eligible: Number(p.bnpc_eligible),
    }));
    expect(stored).toEqual([
      {
        sku: 'GALUNGGONG',
        name: 'Galunggong, fresh (per kg)',
        price_minor: 18_000,
        tax_code: 'VAT_EXEMPT',
        barcode: null,
        sold_by: 'weight',
        sc_pwd_eligible: 1,
        bnpc_eligible: 1,
      },
      {
        sku: 'SARDINES-555',
        name: '555 Sardines in Tomato Sauce 155 g',
        price_minor: 2_450,
        tax_code: 'VAT12',
        barcode: '4800007001965',
        sold_by: 'piece',
        sc_pwd_eligible: 0,
        bnpc_eligible: 1,
      },
      {
        sku: 'YELO',
        name: 'Ice tube (yelo) 1 pack',
        price_minor: 1_000,
        tax_code: 'VAT12',
        barcode: null,
        sold_by: 'piece',
        sc_pwd_eligible: 0,
        bnpc_eligible: 0,
      },
    ]);
    const catalog = await bo.app.inject({ method: 'GET', url: '/v1/catalog?since=0', headers: (await bo.pairTerminal()).headers() });
    expect((catalog.json() as { products: { sku: string }[] }).products.map((p) => p.sku).sort()).toEqual(['GALUNGGONG', 'SARDINES-555', 'YELO']);
  });

  it('a file with bad rows saves nothing and names every one: a price with commas, an unknown tax code, a blank name, a SKU twice', async () => {
    const before = await products();
    const answer = await importFile(
      [
        'sku,name,price,tax_code',
        'COKE-1_5L,Coca-Cola 1.5 L,"1,250.00",VAT12',
        'SKYFLAKES,SkyFlakes 250 g,45.00,VAT',
        'EGG,  ,9.00,VAT_EXEMPT',
        'pandesal,Pandesal (10 pcs),50,VAT12',
        'PANDESAL,Pandesal (12 pcs),60,VAT12',
      ].join('\n'),
    );
    expect(answer.code).toBe(2);
    expect(answer.err.split('\n').filter((l) => l.startsWith('row '))).toEqual([
      'row 2: price "1,250.00" is not pesos: digits, a point and at most two decimals, no commas (1250.00)',
      // Found by a walk: the unknown tax code was said only once the other rows were fixed.
      "row 3: tax_code VAT is not one of MAIN's: VAT12, VAT_EXEMPT, ZERO_RATED",
      'row 4: name is blank',
      'row 6: SKU PANDESAL is on row 5 too',
    ]);
    expect(answer.err).toContain('Nothing was saved');
    const taxes = await importFile(['sku,name,price,tax_code', 'SKYFLAKES,SkyFlakes 250 g,45.00,VAT'].join('\n'));
    expect(taxes).toMatchObject({ code: 2, err: expect.stringContaining("row 2: tax_code VAT is not one of MAIN's: VAT12, VAT_EXEMPT, ZERO_RATED") });
    expect(await products()).toEqual(before);
  });

  it('found by a walk: a file of sku,name,price changes names and prices only; the tax code, barcode, unit and discounts a product has stay', async () => {
    const full = await importFile(
      ['sku,name,price,tax_code,barcode,sold_by,sc_pwd,bnpc', 'COKE-15,Coca-Cola 1.5 L,75.00,vat12,4801981116034,piece,yes,yes'].join('\n'),
    );
    // A tax code in another case is the business's ("vat12" is VAT12).
    expect(full, full.err).toMatchObject({ code: 0 });
    const raised = await importFile(['sku,name,price', 'COKE-15,Coca-Cola 1.5 L,78.00'].join('\n'));
    expect(raised, raised.err).toMatchObject({ code: 0 });
    expect((await products()).find((p) => p.sku === 'COKE-15')).toMatchObject({
      name: 'Coca-Cola 1.5 L',
      price_minor: 7_800,
      tax_code: 'VAT12',
      barcode: '4801981116034',
      sold_by: 'piece',
    });
    const stored = (await products()).find((p) => p.sku === 'COKE-15')!;
    expect([Number(stored.sc_pwd_eligible), Number(stored.bnpc_eligible)]).toEqual([1, 1]);
    // A column the file has is the file's, an empty cell included: the barcode cleared, the rest kept.
    expect((await importFile(['sku,name,price,barcode', 'COKE-15,Coca-Cola 1.5 L,78.00,'].join('\n'))).code).toBe(0);
    expect((await products()).find((p) => p.sku === 'COKE-15')).toMatchObject({ barcode: null, tax_code: 'VAT12', sold_by: 'piece' });
  });

  it('found by a walk: a file named relative to where the command was typed (npm says where in INIT_CWD) is found there', async () => {
    writeFileSync(join(dir, 'beside-me.csv'), 'sku,name,price\nPANDESAL-10,Pandesal (10 pcs),50.00\n');
    const typedIn = process.env.INIT_CWD;
    process.env.INIT_CWD = dir;
    try {
      let err = '';
      const run = (file: string) =>
        productsImportCommand(
          bo.store,
          [file],
          () => undefined,
          (t) => (err += t),
        );
      expect(await run('beside-me.csv')).toBe(0);
      expect((await products()).map((p) => p.sku)).toContain('PANDESAL-10');
      expect(await run('not-here.csv')).toBe(2);
      expect(err).toContain(`not-here.csv cannot be read (looked for ${join(dir, 'not-here.csv')})`);
    } finally {
      if (typedIn === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = typedIn;
    }
  });

  it('a barcode another product already has stops at its row: the rows before it are saved, and importing again once fixed is harmless', async () => {
    const file = (barcode: string) =>
      [
        'sku,name,price,tax_code,barcode',
        'NESCAFE,Nescafe 3-in-1 28 g,8.00,VAT12,4800361000011',
        `LIGO,Ligo Sardines 155 g,28.50,VAT12,${barcode}`,
      ].join('\n');
    const clash = await importFile(file('4800007001965'));
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/^row 3 \(LIGO\): .*4800007001965/);
    expect((await products()).map((p) => p.sku)).toContain('NESCAFE');
    expect((await products()).map((p) => p.sku)).not.toContain('LIGO');
    expect((await importFile(file('4800249000017'))).code).toBe(0);
    expect((await products()).filter((p) => p.sku === 'NESCAFE' || p.sku === 'LIGO')).toHaveLength(2);
  });

  it('lists the tax codes a file may name', async () => {
    let out = '';
    expect(
      await productsTaxesCommand(
        bo.store,
        [],
        (t) => (out += t),
        () => undefined,
      ),
    ).toBe(0);
    expect(out.split('\n').map((l) => l.split('\t')[0])).toEqual(['VAT12', 'VAT_EXEMPT', 'ZERO_RATED', '']);
  });
});
