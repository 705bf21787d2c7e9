import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { BackOfficeDb } from '../../server/db/database';
import { orderDedupKeys, up } from '../../server/db/migrations/0014-key-first-dedup';
import { aSale, countRows, expectGaplessWithOneAnswerPerSale, startBackOffice } from '../support/back-office';
import { asMigrated, databaseKinds } from '../support/databases';

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
 * their lines, their triggers and their indexes. The sales are recorded by today's code
 * (whose tables have every later column), then the two keys are put back terminal first as
 * 0001 made them, and the migration runs over that.
 */
describe.each(databaseKinds)('the dedup keys lead with the idempotency key on %s (migration 0014)', (kind) => {
  it('sales recorded before the upgrade are kept whole, replayed by their keys after it, and the series goes on without a gap', async () => {
    const office = await startBackOffice(kind);
    try {
      const { store } = office;
      const till = await office.pairTerminal();
      const inject = (key: string, payload: object) => office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers(key), payload });
      const recorded = [];
      for (let i = 0; i < 3; i++) {
        const key = uuidv7();
        const sale = aSale({ lines: [{ sku: `SKU-${i}`, qty: 2, unitPriceMinor: 1_000 }], payments: [{ method: 'cash', amountMinor: 2_000 }] });
        const res = await inject(key, sale);
        expect(res.statusCode).toBe(201);
        recorded.push({ key, sale, body: res.json<{ invoiceNumber: string }>() });
      }
      // The shape before: terminal first.
      await asMigrated(store, (db) => orderDedupKeys(db, 'terminal-first'));
      expect(await dedupColumns(store)).toEqual({ sales: 'terminal_id, idempotency_key', answers: 'scope, key' });

      // The upgrade.
      await asMigrated(store, up);
      expect(await dedupColumns(store)).toEqual({ sales: 'idempotency_key, terminal_id', answers: 'key, scope' });
      // Run again (on SQLite, a crash between its commit and the record that it ran): nothing changes.
      await asMigrated(store, up);
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
    }
  });
});

/**
 * Found by a review: during a rolling upgrade on PostgreSQL, a group of a server still
 * running the version before reads the stored answers, then the sales. The migration took
 * `sales` first: each then waited for the other, and PostgreSQL broke the deadlock by
 * failing the migration (the upgraded server would not start). It now locks both tables in
 * the writes' order before it changes them.
 */
describe('migration 0014 beside a server of the version before, on postgres', () => {
  it('a write between its read of the stored answers and its read of the sales finishes, then the migration does: no deadlock', async () => {
    const office = await startBackOffice('postgres');
    try {
      const { store } = office;
      await asMigrated(store, (db) => orderDedupKeys(db, 'terminal-first'));
      await store.db.connection().execute(async (write) => {
        await sql`begin`.execute(write);
        await sql`select count(*) from idempotency_responses`.execute(write);
        const migration = asMigrated(store, up);
        // Until the migration waits for a lock (bounded: 10 s).
        for (let i = 0; i < 200; i++) {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(store.db);
          if (rows[0]!.n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await sql`select count(*) from sales`.execute(write);
        await sql`commit`.execute(write);
        await migration;
      });
      expect(await dedupColumns(store)).toEqual({ sales: 'idempotency_key, terminal_id', answers: 'key, scope' });
    } finally {
      await office.close();
    }
  });
});
