import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../server/fleet-page/html';
import { SALE_FLAG_WORDS } from '../../server/fleet-page/sale-flag-words';
import { fleetSessionCookie, aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { post } from '../support/stock-documents';

describe.each(databaseKinds)('the fleet page says why a sale needs review, on %s', (kind) => {
  let bo: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    till = await bo.pairTerminal();
  });
  afterAll(async () => bo?.close());

  const fleetPage = async () => {
    const cookie = await fleetSessionCookie(bo);
    return (await bo.app.inject({ method: 'GET', url: '/fleet', headers: { cookie } })).body;
  };

  it("a sale of rice with none in stock, at another price than the catalog's: its row says both, in words", async () => {
    const product = await bo.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/RICE-5KG',
      headers: bo.adminHeaders(),
      payload: { businessCode: 'MAIN', name: 'Rice 5 kg', priceMinor: 33_000 },
    });
    expect(product.statusCode).toBe(200);
    const sold = await post(bo, '/v1/sales', till.headers(uuidv7()), aSale({ localNumber: 'T01-000777' }));
    expect(sold.statusCode).toBe(201);

    const stored = await bo.store.db
      .selectFrom('sales')
      .select(['invoice_number', 'status', 'flags'])
      .where('local_number', '=', 'T01-000777')
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('needs_review');
    expect(JSON.parse(stored.flags)).toEqual(expect.arrayContaining(['price_differs', 'negative_stock']));

    const html = await fleetPage();
    const row = html.slice(html.indexOf(`<td>${stored.invoice_number}</td>`));
    const cells = row.slice(0, row.indexOf('</tr>'));
    expect(cells).toContain('needs review');
    for (const flag of JSON.parse(stored.flags) as (keyof typeof SALE_FLAG_WORDS)[]) expect(cells).toContain(escapeHtml(SALE_FLAG_WORDS[flag]));
    expect(cells).toContain(escapeHtml('sold more than the store had in stock'));
    expect(cells).toContain(escapeHtml("sold at another price than the catalog's"));
  });
});
