import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/**
 * Found by a black-box review: `PUT /v1/admin/series/transfer` took a format with a line feed
 * ("T\n{seq}"), a text-reversing control ("T-\u202E{seq}") or spaces around it, and `{seq:99}`,
 * whose numbers ran to 101 characters (a till's journal takes a document number of 64). Such a
 * format is refused, 400 validation_failed on /format, and the series keeps its settings.
 */
describe.each(databaseKinds)('series formats that would not read as they print, on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;
  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
  });
  afterAll(async () => office.close());

  const put = (series: string, format: string, reset = 'never') =>
    office.app.inject({
      method: 'PUT',
      url: `/v1/admin/series/${series}`,
      headers: office.adminHeaders(),
      payload: { businessCode: 'MAIN', format, reset },
    });
  const settings = () => office.store.db.selectFrom('series_settings').select(['series', 'format', 'reset']).orderBy('series').execute();

  it('a control, invisible or text-reversing character, a space around it, a padding past 12 digits or numbers past 64 characters: 400 on /format, nothing saved', async () => {
    expect((await put('transfer', 'TRF-{seq:6}')).statusCode).toBe(200);
    const before = await settings();
    for (const [format, says] of [
      ['T\n{seq}', 'control character'],
      ['T\t{seq}', 'control character'],
      ['T-\u202E{seq}', 'text-reversing'],
      ['T-{seq}\u200B', 'invisible'],
      ['T-\u2800{seq}', 'invisible'],
      ['  {seq}  ', 'space'],
      [' T-{seq}', 'space'],
      ['T-{seq} ', 'space'],
      ['T-{seq:99}', 'at most 12 digits'],
      ['T-{seq:13}', 'at most 12 digits'],
      // 58 and 64 characters of format; their counters counted at 12 digits.
      [`${'T'.repeat(53)}{seq}`, 'up to 65 characters'],
      [`${'T'.repeat(57)}{seq:4}`, 'up to 69 characters'],
    ] as const) {
      const refused = await put('transfer', format);
      expect(refused.statusCode, JSON.stringify(format)).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: '/format', message: expect.stringContaining(says) }],
      });
    }
    expect(await settings()).toEqual(before);
  });

  it('a format at the limits is taken: {seq:12}, numbers of 64 characters; an invoice issued under it is 64 characters at most', async () => {
    const longest = `${'S'.repeat(52)}{seq:12}`;
    const set = await put('invoice', longest);
    expect(set.statusCode, set.body).toBe(200);
    expect(await settings()).toContainEqual({ series: 'invoice', format: longest, reset: 'never' });
    const sale = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('at-the-limit'), payload: aSale() });
    expect(sale.statusCode, sale.body).toBe(201);
    const stored = await office.store.db.selectFrom('sales').select('invoice_number').executeTakeFirstOrThrow();
    expect(stored.invoice_number).toBe(`${'S'.repeat(52)}000000000001`);
    expect(stored.invoice_number).toHaveLength(64);
  });
});
