import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTerminalByToken, type TerminalCaller } from '../../server/auth/callers';
import { Problem } from '../../server/problem';
import { saleWrite } from '../../server/sales/sale-write';
import type { SaleRequest } from '../../protocol';
import { aSale, countRows, invoiceSeriesValues, range, startBackOffice, type TestBackOffice } from '../support/back-office';
import { createTestDatabase, type TestDatabase } from '../support/databases';

describe('two instances on one PostgreSQL, each grouping writes for the same invoice series', () => {
  let database: TestDatabase;
  let instances: [TestBackOffice, TestBackOffice];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    instances = [await startBackOffice('postgres', {}, database), await startBackOffice('postgres', {}, database)];
  });
  afterAll(async () => {
    for (const instance of instances ?? []) await instance?.close();
    await database?.drop();
  });

  /** Submits until final: a 409 request_in_progress means the other instance holds the key's lock. */
  async function settle(office: TestBackOffice, caller: TerminalCaller, key: string, sale: SaleRequest) {
    for (let attempt = 0; attempt < 500; attempt++) {
      try {
        return await office.services.pipeline.submit(saleWrite(caller, key, '/v1/sales', sale));
      } catch (error) {
        if (!(error instanceof Problem && error.code === 'request_in_progress')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    throw new Error(`${key} stayed in progress`);
  }

  it('groups on both at once, the same keys raced across them: every sale once, one gapless series, no deadlock', async () => {
    const [left, right] = instances;
    const tills = await Promise.all(range(4).map((n) => left.pairTerminal({ name: `Till ${n}` })));
    const callers = await Promise.all(tills.map(async (till) => (await findTerminalByToken(left.store, till.token))!));
    const sales = callers.flatMap((caller, t) =>
      range(20).map((n) => ({
        caller,
        key: `both-${t}-${n}`,
        sale: aSale({
          localNumber: `B${t}-${n}`,
          lines: [
            { sku: `SKU-${n % 3}`, qty: 1, unitPriceMinor: 100 },
            { sku: `SKU-${(n + 1) % 3}`, qty: 2, unitPriceMinor: 100 },
          ],
        }),
      })),
    );
    const groupsBefore = instances.map((i) => ({ ...i.services.pipeline.stats }));
    // Every third sale is sent to both instances; the rest alternate.
    const answers = await Promise.all(
      sales.map(async ({ caller, key, sale }, i) => {
        const targets = i % 3 === 0 ? instances : [instances[i % 2]!];
        return Promise.all(targets.map((office) => settle(office, caller, key, sale)));
      }),
    );
    for (const both of answers) {
      expect(both.map((a) => a.status).every((s) => s === 201)).toBe(true);
      expect(new Set(both.map((a) => a.body)).size).toBe(1);
      expect(both.filter((a) => !a.replayed)).toHaveLength(1);
    }
    for (const [i, office] of instances.entries()) {
      const groups = office.services.pipeline.stats.groups - groupsBefore[i]!.groups;
      const writes = office.services.pipeline.stats.writes - groupsBefore[i]!.writes;
      expect(groups).toBeGreaterThan(0);
      expect(groups).toBeLessThan(writes);
    }
    expect(await countRows(right.store, 'sales')).toBe(sales.length);
    expect(await invoiceSeriesValues(right.store)).toEqual(range(sales.length));
    const mismatches = await right.store.db
      .selectFrom('stock_levels as l')
      .select(['l.sku', 'l.on_hand_milli'])
      .where((eb) =>
        eb(
          'l.on_hand_milli',
          '<>',
          eb
            .selectFrom('stock_movements as m')
            .select((m) => m.fn.sum<number>('m.qty_milli').as('q'))
            .whereRef('m.sku', '=', 'l.sku')
            .whereRef('m.store_id', '=', 'l.store_id'),
        ),
      )
      .execute();
    expect(mismatches).toEqual([]);
  });
});
