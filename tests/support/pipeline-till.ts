import { afterAll, beforeAll } from 'vitest';
import { findTerminalByToken, type TerminalCaller } from '../../server/auth/callers';
import type { DatabaseKind } from '../../server/db/database';
import { saleWrite } from '../../server/sales/sale-write';
import { aSale, startBackOffice, type TestBackOffice } from './back-office';

/**
 * A back office of its own for the describe block that calls this (started before its
 * tests, closed after), and one paired till whose sales go straight into the write
 * pipeline: `sell(key)` sends the same sale for the same key every time (a retry is the
 * same request); `stored(keys)` counts the sales recorded under those keys.
 */
export function aPipelineTill(kind: DatabaseKind) {
  let office: TestBackOffice | undefined;
  let caller: TerminalCaller;
  beforeAll(async () => {
    office = await startBackOffice(kind);
    caller = (await findTerminalByToken(office.store, (await office.pairTerminal()).token))!;
  });
  afterAll(async () => office?.close());
  const theOffice = () => {
    if (!office) throw new Error('the back office starts before the tests');
    return office;
  };
  const sales = new Map<string, ReturnType<typeof aSale>>();
  return {
    get office() {
      return theOffice();
    },
    sell(key: string) {
      if (!sales.has(key)) sales.set(key, aSale());
      return theOffice().services.pipeline.submit(saleWrite(caller, key, '/v1/sales', sales.get(key)!));
    },
    stored: async (keys: string[]) =>
      (await theOffice().store.db.selectFrom('sales').select('idempotency_key').where('idempotency_key', 'in', keys).execute()).length,
  };
}
