import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSale, invoiceSeriesValues, range, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/** Sends a sale over real HTTP, retrying transient answers as a terminal would. */
async function sendSale(baseUrl: string, terminal: PairedTerminal, key: string, body: unknown): Promise<{ status: number; invoiceNumber: string }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${baseUrl}/v1/sales`, {
      method: 'POST',
      headers: { ...terminal.headers(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { invoiceNumber: string };
    if (response.status === 201 || response.status === 200) return { status: response.status, invoiceNumber: json.invoiceNumber };
    if (response.status !== 409 && response.status < 500) throw new Error(`unexpected ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`sale ${key} never went through`);
}

describe.each(databaseKinds)('invoice numbers under concurrency on %s', (kind) => {
  let office: TestBackOffice;
  let baseUrl: string;

  beforeAll(async () => {
    office = await startBackOffice(kind);
    baseUrl = await office.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => office?.close());

  it('two cashiers pay at the same instant -> consecutive invoice numbers', async () => {
    const [ana, ben] = [await office.pairTerminal({ name: 'Ana' }), await office.pairTerminal({ name: 'Ben' })];
    const before = (await invoiceSeriesValues(office.store)).length;
    const [a, b] = await Promise.all([
      sendSale(baseUrl, ana, 'ana-1', aSale({ localNumber: 'ANA-1' })),
      sendSale(baseUrl, ben, 'ben-1', aSale({ localNumber: 'BEN-1' })),
    ]);
    expect(a.invoiceNumber).not.toBe(b.invoiceNumber);
    const suffixes = [a, b].map((s) => Number(s.invoiceNumber.split('-').at(-1))).sort((x, y) => x - y);
    expect(suffixes).toEqual([before + 1, before + 2]);
  });

  it('8 terminals x 25 concurrent sales -> 200 distinct, consecutive numbers (max counter == count)', async () => {
    const terminals = await Promise.all(range(8).map((i) => office.pairTerminal({ name: `Till ${i}` })));
    const before = (await invoiceSeriesValues(office.store)).length;
    const answers = await Promise.all(
      terminals.flatMap((terminal, t) => range(25).map((n) => sendSale(baseUrl, terminal, `t${t}-sale-${n}`, aSale({ localNumber: `T${t}-${n}` })))),
    );
    expect(new Set(answers.map((a) => a.invoiceNumber)).size).toBe(200);
    const values = await invoiceSeriesValues(office.store);
    expect(values).toEqual(range(before + 200));
    const counter = await office.store.db
      .selectFrom('number_counters')
      .select('last_value')
      .where('series', '=', 'invoice')
      .executeTakeFirstOrThrow();
    expect(Number(counter.last_value)).toBe(values.length);
  });
});
