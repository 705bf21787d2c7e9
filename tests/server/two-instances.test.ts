import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSale, countRows, invoiceSeriesValues, range, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { createTestDatabase, type TestDatabase } from '../support/databases';

/** Posts until the answer is final (a 409 in progress means: the other instance has it). */
async function settle(baseUrl: string, terminal: PairedTerminal, key: string, body: unknown) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await fetch(`${baseUrl}/v1/sales`, {
      method: 'POST',
      headers: { ...terminal.headers(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 409) return { status: response.status, text, replayed: response.headers.get('x-idempotent-replay') === 'true' };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${key} stayed in progress`);
}

describe('two server instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let left: TestBackOffice;
  let right: TestBackOffice;
  let urls: [string, string];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Both start at once: migrations and the default business must not trip over each other.
    [left, right] = await Promise.all([startBackOffice('postgres', {}, database), startBackOffice('postgres', {}, database)]);
    urls = [await left.app.listen({ port: 0, host: '127.0.0.1' }), await right.app.listen({ port: 0, host: '127.0.0.1' })];
  });
  afterAll(async () => {
    await left?.close();
    await right?.close();
    await database?.drop();
  });

  it('the same keys raced across both instances: every sale exactly once, numbers gapless', async () => {
    expect(await countRows(left.store, 'businesses')).toBe(1);
    const tills = await Promise.all(range(4).map((i) => left.pairTerminal({ name: `Till ${i}` })));
    const sales = tills.flatMap((till, t) => range(30).map((n) => ({ till, key: `race-${t}-${n}`, body: aSale({ localNumber: `R${t}-${n}` }) })));
    const answers = await Promise.all(sales.map(async ({ till, key, body }) => Promise.all(urls.map((url) => settle(url, till, key, body)))));
    for (const [a, b] of answers) {
      expect([a?.status, b?.status]).toEqual([201, 201]);
      expect(a?.text).toBe(b?.text);
      expect([a?.replayed, b?.replayed].filter(Boolean)).toHaveLength(1);
    }
    expect(await countRows(right.store, 'sales')).toBe(sales.length);
    expect(await invoiceSeriesValues(right.store)).toEqual(range(sales.length));
  });
});
