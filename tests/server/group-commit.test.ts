import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { FastifyError } from 'fastify';
import { findTerminalByToken, type TerminalCaller } from '../../server/auth/callers';
import { problemOf } from '../../server/http/problems';
import type { WriteResponse } from '../../server/idempotency/idempotent-writes';
import { saleWrite } from '../../server/sales/sale-write';
import { aSale, countRows, invoiceSeriesValues, range, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

/** A settled pipeline answer as a client would see it: status, body, replayed. */
function seen(settled: PromiseSettledResult<WriteResponse>): { status: number; body: Record<string, unknown>; replayed: boolean } {
  if (settled.status === 'fulfilled')
    return { status: settled.value.status, body: JSON.parse(settled.value.body) as Record<string, unknown>, replayed: settled.value.replayed };
  const problem = problemOf(settled.reason as FastifyError);
  return { status: problem.status, body: problem.toBody() as unknown as Record<string, unknown>, replayed: false };
}

describe.each(databaseKinds)('group commit on %s: many sales, one transaction', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;
  let caller: TerminalCaller;

  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
    caller = (await findTerminalByToken(office.store, till.token))!;
  });
  afterAll(async () => office?.close());

  const sell = (key: string, sale = aSale()) => office.services.pipeline.submit(saleWrite(caller, key, '/v1/sales', sale));
  const seriesValueOf = async (key: string) => {
    const row = await office.store.db.selectFrom('sales').select('series_value').where('idempotency_key', '=', key).executeTakeFirst();
    return row ? Number(row.series_value) : undefined;
  };

  it('one refused write rolls back alone in its savepoint; the rest of its group commits with consecutive numbers, in arrival order', async () => {
    const recorded = aSale();
    expect((await sell('group-earlier', recorded)).status).toBe(201);
    const before = await invoiceSeriesValues(office.store);
    const groupsBefore = office.services.pipeline.stats.groups;

    // Submitted in one turn of the event loop: they form one group.
    const keys = range(8).map((n) => `group-${n}`);
    const answers = await Promise.allSettled(
      keys.map((key, i) => {
        if (i === 3) return sell(key, recorded); // the same sale under another key, refused: 409 local_number_conflict
        if (i === 5) return sell('group-earlier', recorded); // a duplicate delivery: the replay
        return sell(key);
      }),
    );
    expect(office.services.pipeline.stats.groups).toBe(groupsBefore + 1);

    const statuses = answers.map((a) => seen(a).status);
    // The replay answers the stored status (201) and says it is a replay.
    expect(statuses).toEqual([201, 201, 201, 409, 201, 201, 201, 201]);
    expect(seen(answers[3]!).body.code).toBe('local_number_conflict');
    expect(seen(answers[5]!).replayed).toBe(true);

    const fresh = keys.filter((_, i) => i !== 3 && i !== 5);
    const values = await Promise.all(fresh.map(seriesValueOf));
    const last = before.length;
    expect(values).toEqual(range(fresh.length).map((n) => last + n));
    expect(await invoiceSeriesValues(office.store)).toEqual(range(last + fresh.length));
    for (const [i, key] of fresh.entries())
      expect(seen(answers[keys.indexOf(key)]!).body.invoiceNumber).toMatch(new RegExp(`-${String(last + i + 1).padStart(4, '0')}$`));
    expect(await office.store.db.selectFrom('sales').selectAll().where('idempotency_key', '=', keys[3]!).execute()).toHaveLength(0);
    expect(await office.store.db.selectFrom('idempotency_responses').selectAll().where('key', '=', keys[3]!).execute()).toHaveLength(0);
    expect(await countRows(office.store, 'idempotency_responses')).toBe(1 + fresh.length);
  });

  it('a write whose own statements fail with a server error gets a 5xx and stores nothing; its group runs again without it and commits, gapless', async () => {
    if (kind === 'sqlite') {
      await sql`create trigger poison before insert on sales when new.cashier = 'poison' begin select raise(abort, 'poisoned sale'); end`.execute(
        office.store.db,
      );
    } else {
      await sql`create function poison() returns trigger language plpgsql as $$ begin if new.cashier = 'poison' then raise exception 'poisoned sale'; end if; return new; end $$`.execute(
        office.store.db,
      );
      await sql`create trigger poison before insert on sales for each row execute function poison()`.execute(office.store.db);
    }
    try {
      const before = await invoiceSeriesValues(office.store);
      const keys = range(6).map((n) => `poison-group-${n}`);
      const answers = await Promise.allSettled(keys.map((key, i) => sell(key, aSale({ cashier: i === 2 ? 'poison' : 'ana' }))));
      expect(answers.map((a) => seen(a).status)).toEqual([201, 201, 500, 201, 201, 201]);
      expect(seen(answers[2]!).body.code).toBe('internal_error');
      expect(await office.store.db.selectFrom('sales').selectAll().where('idempotency_key', '=', keys[2]!).execute()).toHaveLength(0);
      expect(await office.store.db.selectFrom('idempotency_responses').selectAll().where('key', '=', keys[2]!).execute()).toHaveLength(0);
      expect(await invoiceSeriesValues(office.store)).toEqual(range(before.length + 5));
      const movements = await office.store.db
        .selectFrom('stock_movements')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(movements.n)).toBe(await countRows(office.store, 'sale_lines'));
    } finally {
      await sql`drop trigger poison${sql.raw(kind === 'postgres' ? ' on sales' : '')}`.execute(office.store.db);
      if (kind === 'postgres') await sql`drop function poison()`.execute(office.store.db);
    }
  });

  it.runIf(kind === 'postgres')(
    'PostgreSQL: a value the database refuses (data exception) is a 400 for that write alone, in the same group and commit',
    async () => {
      await sql`create function refuse_value() returns trigger language plpgsql as $$ begin if new.cashier = 'unstorable' then raise exception 'value out of range' using errcode = '22003'; end if; return new; end $$`.execute(
        office.store.db,
      );
      await sql`create trigger refuse_value before insert on sales for each row execute function refuse_value()`.execute(office.store.db);
      try {
        const before = await invoiceSeriesValues(office.store);
        const groupsBefore = office.services.pipeline.stats.groups;
        const keys = range(5).map((n) => `unstorable-${n}`);
        const answers = await Promise.allSettled(keys.map((key, i) => sell(key, aSale({ cashier: i === 1 ? 'unstorable' : 'ana' }))));
        expect(answers.map((a) => seen(a).status)).toEqual([201, 400, 201, 201, 201]);
        expect(office.services.pipeline.stats.groups).toBe(groupsBefore + 1);
        expect(await invoiceSeriesValues(office.store)).toEqual(range(before.length + 4));
        expect(await office.store.db.selectFrom('idempotency_responses').selectAll().where('key', '=', keys[1]!).execute()).toHaveLength(0);
      } finally {
        await sql`drop trigger refuse_value on sales`.execute(office.store.db);
        await sql`drop function refuse_value()`.execute(office.store.db);
      }
    },
  );

  it('when the group end fails for every write, each gets a 5xx, nobody is told it succeeded and no number is used', async () => {
    const before = await invoiceSeriesValues(office.store);
    const sales = range(4).map(() => aSale());
    await sql`alter table sale_payments rename to sale_payments_away`.execute(office.store.db);
    let answers: PromiseSettledResult<WriteResponse>[];
    try {
      answers = await Promise.allSettled(range(4).map((n) => sell(`failed-group-${n}`, sales[n - 1])));
    } finally {
      await sql`alter table sale_payments_away rename to sale_payments`.execute(office.store.db);
    }
    expect(answers.map((a) => seen(a).status)).toEqual([500, 500, 500, 500]);
    expect(await invoiceSeriesValues(office.store)).toEqual(before);
    expect(await office.store.db.selectFrom('idempotency_responses').selectAll().where('key', 'like', 'failed-group-%').execute()).toHaveLength(0);
    const retried = await Promise.all(range(4).map((n) => sell(`failed-group-${n}`, sales[n - 1])));
    expect(retried.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(await invoiceSeriesValues(office.store)).toEqual(range(before.length + 4));
  });

  it('a sync batch goes through the pipeline: answers in order, a refund after its sale, a repeated key answered as its replay, few commits', async () => {
    const rung = aSale({ lines: [{ sku: 'SOAP', qty: 2, unitPriceMinor: 4_500 }], payments: [{ method: 'cash', amountMinor: 9_000 }] });
    const single = await office.app.inject({ method: 'POST', url: '/v1/sales', headers: till.headers('batch-rung'), payload: rung });
    const saleId = single.json().id as string;
    const fresh = aSale();
    const later = aSale();
    const groupsBefore = office.services.pipeline.stats.groups;
    const items = [
      { key: 'batch-fresh', method: 'POST', path: '/v1/sales', body: fresh },
      { key: 'batch-rung', method: 'POST', path: '/v1/sales', body: rung },
      {
        key: 'batch-refund',
        method: 'POST',
        path: `/v1/sales/${saleId}/refund`,
        body: { localNumber: 'R-000001', occurredAt: new Date().toISOString(), lines: [{ sku: 'SOAP', qty: 1 }], reason: 'damaged' },
      },
      {
        key: 'batch-refund-2',
        method: 'POST',
        path: `/v1/sales/${saleId}/refund`,
        body: { localNumber: 'R-000002', occurredAt: new Date().toISOString(), lines: [{ sku: 'SOAP', qty: 2 }], reason: 'damaged' },
      },
      { key: 'batch-fresh', method: 'POST', path: '/v1/sales', body: fresh },
      { key: 'batch-later', method: 'POST', path: '/v1/sales', body: later },
    ];
    const batch = await office.app.inject({ method: 'POST', url: '/v1/sync/batch', headers: till.headers(), payload: { items } });
    expect(batch.statusCode).toBe(200);
    const results = batch.json().results as { key: string; status: number; replayed: boolean; body: Record<string, unknown> }[];
    expect(results.map((r) => [r.key, r.status, r.replayed])).toEqual([
      ['batch-fresh', 201, false],
      ['batch-rung', 201, true],
      ['batch-refund', 201, false],
      // The second refund of the same sale checks against the first: only 1 of 2 units is left.
      ['batch-refund-2', 422, false],
      ['batch-fresh', 201, true],
      ['batch-later', 201, false],
    ]);
    expect(results[1]!.body).toEqual(single.json());
    expect(results[4]!.body).toEqual(results[0]!.body);
    expect(results[3]!.body.code).toBe('refund_exceeds_sale');
    const refunds = await office.store.db.selectFrom('refunds').select(['idempotency_key']).where('sale_id', '=', saleId).execute();
    expect(refunds.map((r) => r.idempotency_key)).toEqual(['batch-refund']);
    // Six items, far fewer commits than items (the repeated key and the second refund wait for the items before them).
    expect(office.services.pipeline.stats.groups - groupsBefore).toBeLessThanOrEqual(4);
    expect(await invoiceSeriesValues(office.store)).toEqual(range(await countRows(office.store, 'sales')));
  });

  it('takes a gzip-compressed batch; refuses a corrupt one (400), another encoding (415) and one that inflates past the body limit (413), storing nothing', async () => {
    const sales = range(3).map(() => aSale());
    const items = sales.map((sale, i) => ({ key: `gzip-${i}`, method: 'POST', path: '/v1/sales', body: sale }));
    const send = (payload: Buffer) =>
      office.app.inject({
        method: 'POST',
        url: '/v1/sync/batch',
        headers: { ...till.headers(), 'content-type': 'application/json', 'content-encoding': 'gzip' },
        payload,
      });
    const before = await countRows(office.store, 'sales');
    const corrupt = await send(Buffer.from('not gzip at all'));
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().code).toBe('malformed_json');
    const brotli = await office.app.inject({
      method: 'POST',
      url: '/v1/sync/batch',
      headers: { ...till.headers(), 'content-type': 'application/json', 'content-encoding': 'br' },
      payload: Buffer.from('{}'),
    });
    expect(brotli.statusCode).toBe(415);
    expect(brotli.json().code).toBe('unsupported_media_type');
    const bomb = await send(
      gzipSync(JSON.stringify({ items: [{ key: 'bomb', method: 'POST', path: '/v1/sales', body: { note: 'x'.repeat(2 * 1024 * 1024) } }] })),
    );
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().code).toBe('body_too_large');
    expect(await countRows(office.store, 'sales')).toBe(before);
    const batch = await send(gzipSync(JSON.stringify({ items })));
    expect(batch.statusCode).toBe(200);
    expect(batch.json().results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201]);
    expect(await countRows(office.store, 'sales')).toBe(before + 3);
  });
});
