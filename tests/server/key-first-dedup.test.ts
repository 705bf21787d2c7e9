import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { build } from '../../server/app';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { migrateTo } from '../../server/db/migrate';
import { readSettings } from '../../server/settings';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { ADMIN_TOKEN, aSale, countRows, expectGaplessWithOneAnswerPerSale, startBackOffice } from '../support/back-office';
import { createTestDatabase, databaseKinds } from '../support/databases';

/** The columns of the sales' dedup constraint and of the stored answers' key, in their order. */
async function dedupColumns(store: BackOfficeDb): Promise<{ sales: string; answers: string }> {
  if (store.kind === 'sqlite') {
    const columnsOf = async (table: string, unique: string) => {
      const { rows: indexes } = await sql<{ name: string }>`select name from pragma_index_list(${table}) where origin in ('u', 'pk')`.execute(
        store.db,
      );
      for (const { name } of indexes) {
        const { rows } = await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(store.db);
        const columns = rows.map((r) => r.name).join(', ');
        if (columns.includes(unique)) return columns;
      }
      return '';
    };
    return { sales: await columnsOf('sales', 'idempotency_key'), answers: await columnsOf('idempotency_responses', 'scope') };
  }
  const definition = async (name: string) =>
    (await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conname = ${name}`.execute(store.db)).rows[0]?.def ??
    '';
  const columns = (def: string) => /\(([^)]*)\)/.exec(def)?.[1] ?? '';
  return { sales: columns(await definition('sales_terminal_key_unique')), answers: columns(await definition('idempotency_responses_pk')) };
}

/**
 * Migration 0014: the sales' dedup constraint and the stored answers' key lead with the
 * idempotency key (a till's keys are UUIDv7, time first: the sales of many tills that
 * arrive together share the last leaf of each). SQLite rebuilds both tables; the sales and
 * answers recorded before the upgrade must all be there after it, still deduplicated, with
 * their lines, their triggers and their indexes.
 */
describe.each(databaseKinds)('the dedup keys lead with the idempotency key on %s (migration 0014)', (kind) => {
  it('sales recorded before the upgrade are kept whole, replayed by their keys after it, and the series goes on without a gap', async () => {
    const database = await createTestDatabase(kind);
    // Before: a back office of this build on a database migrated up to 0013 only.
    const before = openDatabase(database.url);
    await migrateTo(before, '0013-ledger-write-indexes');
    await ensureDefaultBusiness(before);
    expect(await dedupColumns(before)).toEqual({ sales: 'terminal_id, idempotency_key', answers: 'scope, key' });
    const { app } = await build({
      store: before,
      settings: { ...readSettings({}), databaseUrl: database.url, adminToken: ADMIN_TOKEN },
      logger: false,
    });
    const created = await addTerminalNow(before, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till 1' });
    const { token } = await pairTerminal(before, created.pairingCode);
    const headers = (key: string) => ({ authorization: `Bearer ${token}`, 'idempotency-key': key });
    const recorded = [];
    for (let i = 0; i < 3; i++) {
      const key = uuidv7();
      const sale = aSale({ lines: [{ sku: `SKU-${i}`, qty: 2, unitPriceMinor: 1_000 }], payments: [{ method: 'cash', amountMinor: 2_000 }] });
      const res = await app.inject({ method: 'POST', url: '/v1/sales', headers: headers(key), payload: sale });
      expect(res.statusCode).toBe(201);
      recorded.push({ key, sale, body: res.json<{ invoiceNumber: string }>() });
    }
    await app.close();
    await before.close();

    // The upgrade: the next start migrates.
    const office = await startBackOffice(kind, {}, database);
    try {
      const { store } = office;
      expect(await dedupColumns(store)).toEqual({ sales: 'idempotency_key, terminal_id', answers: 'key, scope' });
      expect(await countRows(store, 'sales')).toBe(3);
      expect(await countRows(store, 'sale_lines')).toBe(3);
      expect(await countRows(store, 'idempotency_responses')).toBe(3);
      if (kind === 'sqlite') {
        expect((await sql`pragma foreign_key_check`.execute(store.db)).rows).toEqual([]);
        expect((await sql<{ ok: string }>`pragma integrity_check`.execute(store.db)).rows).toEqual([{ integrity_check: 'ok' }]);
      }
      // Every index and trigger of the two tables is there again.
      const named = await sql<{ name: string }>`${sql.raw(
        kind === 'sqlite'
          ? "select name from sqlite_master where tbl_name in ('sales', 'idempotency_responses') and sql is not null and type <> 'table'"
          : "select indexname as name from pg_indexes where tablename in ('sales', 'idempotency_responses') union all select tgname from pg_trigger where not tgisinternal and tgrelid = 'sales'::regclass",
      )}`.execute(store.db);
      expect(named.rows.map((r) => r.name)).toEqual(
        expect.arrayContaining([
          'sales_received',
          'sales_series_values',
          'sales_receipt_numbers',
          'sales_beneficiary_key',
          'idempotency_responses_window',
          'sales_forget_continuity_on_delete',
          'sales_forget_continuity_on_update',
        ]),
      );

      const inject = (key: string, payload: object) => office.app.inject({ method: 'POST', url: '/v1/sales', headers: headers(key), payload });
      // A till that never heard its answers sends them again: replays, nothing recorded twice.
      for (const { key, sale, body } of recorded) {
        const again = await inject(key, sale);
        expect(again.statusCode).toBe(201);
        expect(again.headers['x-idempotent-replay']).toBe('true');
        expect(again.json<{ invoiceNumber: string }>().invoiceNumber).toBe(body.invoiceNumber);
      }
      // The same key with another sale is refused as before; the same receipt number under a new key too.
      expect((await inject(recorded[0]!.key, aSale())).json<{ code: string }>().code).toBe('idempotency_key_reused');
      expect((await inject(uuidv7(), { ...aSale(), localNumber: recorded[1]!.sale.localNumber })).statusCode).toBe(409);
      // A new sale takes the next number.
      expect((await inject(uuidv7(), aSale())).statusCode).toBe(201);
      expect(await countRows(store, 'sales')).toBe(4);
      await expectGaplessWithOneAnswerPerSale(store);
    } finally {
      await office.close();
      await database.drop();
    }
  });
});
