import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { findTerminalByToken } from '../../server/auth/callers';
import { cleanupExpiredResponses } from '../../server/idempotency/idempotent-writes';
import { priceSale } from '../../server/sales/priced-sale';
import { recordSale } from '../../server/sales/record-sale';
import { aSale, countRows, invoiceSeriesValues, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

describe.each(databaseKinds)('POST /v1/sales keeps the idempotency contract on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
  });
  afterAll(async () => office?.close());

  const post = (key: string | undefined, body: unknown, terminal = till) =>
    office.app.inject({ method: 'POST', url: '/v1/sales', headers: terminal.headers(key), payload: body as object });
  const salesWithKey = (key: string) => office.store.db.selectFrom('sales').selectAll().where('idempotency_key', '=', key).execute();

  it('records a sale once, with its lines, payments, stock movements and stored response, in one go', async () => {
    const sale = aSale({
      lines: [
        { sku: 'A', qty: 2, unitPriceMinor: 1050 },
        { sku: 'B', qty: 0.5, unitPriceMinor: 333, discountMinor: 10 },
      ],
    });
    const response = await post('first-sale', sale);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    // 2 x 10.50 + round_half_up(0.5 x 3.33 = 1.665 -> 1.67) - 0.10
    expect(body.totalMinor).toBe(2100 + 167 - 10);
    expect(body.invoiceNumber).toMatch(/^INV-\d{6}-\d{4}$/);
    const [row] = await salesWithKey('first-sale');
    expect(row?.invoice_number).toBe(body.invoiceNumber);
    const lines = await office.store.db.selectFrom('sale_lines').selectAll().where('sale_id', '=', body.id).orderBy('line_no').execute();
    expect(lines.map((l) => [l.sku, Number(l.qty_milli), Number(l.total_minor)])).toEqual([
      ['A', 2000, 2100],
      ['B', 500, 157],
    ]);
    const movements = await office.store.db.selectFrom('stock_movements').selectAll().where('document_id', '=', body.id).execute();
    expect(movements.map((m) => Number(m.qty_milli)).sort()).toEqual([-2000, -500]);
    const stored = await office.store.db.selectFrom('idempotency_responses').selectAll().where('key', '=', 'first-sale').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.body).toBe(response.body);
  });

  it('answers a replay byte for byte with X-Idempotent-Replay and creates nothing', async () => {
    const sale = aSale();
    const first = await post('replayed', sale);
    const before = await countRows(office.store, 'sales');
    const replay = await post('"replayed"', sale);
    expect(replay.statusCode).toBe(first.statusCode);
    expect(replay.body).toBe(first.body);
    expect(replay.headers['x-idempotent-replay']).toBe('true');
    expect(first.headers['x-idempotent-replay']).toBeUndefined();
    expect(await countRows(office.store, 'sales')).toBe(before);
    expect(await salesWithKey('replayed')).toHaveLength(1);
  });

  it('refuses the same key with another payload (422) and changes nothing', async () => {
    const sale = aSale();
    const first = await post('reused', sale);
    const before = await countRows(office.store, 'sales');
    const reuse = await post('reused', { ...sale, cashier: 'someone-else' });
    expect(reuse.statusCode).toBe(422);
    expect(reuse.headers['content-type']).toContain('application/problem+json');
    expect(reuse.json().code).toBe('idempotency_key_reused');
    expect(await countRows(office.store, 'sales')).toBe(before);
    const [stored] = await office.store.db.selectFrom('idempotency_responses').select('body').where('key', '=', 'reused').execute();
    expect(stored?.body).toBe(first.body);
  });

  it('answers a second delivery while the first is still running with 409 + Retry-After, and its retry with the replay', async () => {
    // The till's token is known already (cached: callers.ts), so the second delivery reaches
    // the write path while the first still holds its key, on either database.
    const sale = aSale();
    const caller = await findTerminalByToken(office.store, till.token);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = office.services.writes.run(
      { scope: `terminal:${till.id}`, key: 'slow-key', method: 'POST', path: '/v1/sales', body: sale, endpoint: 'POST /v1/sales' },
      async (trx, context) => {
        entered();
        await held;
        return recordSale(trx, caller!, 'slow-key', sale, priceSale(sale), context);
      },
    );
    await inside;
    const answer = await post('slow-key', sale);
    expect(answer.statusCode).toBe(409);
    expect(answer.json().code).toBe('request_in_progress');
    expect(answer.headers['retry-after']).toBe('1');
    release();
    const original = await first;
    const retried = await post('slow-key', sale);
    expect(retried.headers['x-idempotent-replay']).toBe('true');
    expect(retried.body).toBe(original.body);
    expect(await salesWithKey('slow-key')).toHaveLength(1);
  });

  it('lets two racing deliveries of one sale make exactly one sale', async () => {
    const sale = aSale();
    const answers = await Promise.all([post('raced', sale), post('raced', sale), post('raced', sale)]);
    const fresh = answers.filter((a) => a.statusCode === 201 && a.headers['x-idempotent-replay'] !== 'true');
    const replays = answers.filter((a) => a.headers['x-idempotent-replay'] === 'true');
    const inProgress = answers.filter((a) => a.statusCode === 409 && a.json().code === 'request_in_progress');
    expect(fresh).toHaveLength(1);
    expect(replays.length + inProgress.length).toBe(2);
    for (const replay of replays) expect(replay.body).toBe(fresh[0]?.body);
    expect(await salesWithKey('raced')).toHaveLength(1);
  });

  it('refuses a write without a usable Idempotency-Key, linking to the docs, and stores nothing', async () => {
    const before = await countRows(office.store, 'sales');
    const missing = await post(undefined, aSale());
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'idempotency_key_missing', type: '/docs/problems#idempotency_key_missing' });
    for (const bad of ['has space', 'x'.repeat(256), '"unterminated', 'ünïcode', '']) {
      const response = await post(bad, aSale());
      expect(response.statusCode, bad).toBe(400);
      expect(['idempotency_key_malformed', 'idempotency_key_missing']).toContain(response.json().code);
    }
    expect(await countRows(office.store, 'sales')).toBe(before);
  });

  it('stores nothing for a refused request, so the key works once the request is fixed', async () => {
    const broken = await post('fix-me', { ...aSale(), lines: [{ sku: 'A', qty: 1.0001, unitPriceMinor: 100 }] });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors[0].path).toBe('/lines/0/qty');
    expect(await office.store.db.selectFrom('idempotency_responses').selectAll().where('key', '=', 'fix-me').execute()).toHaveLength(0);
    const fixed = await post('fix-me', aSale());
    expect(fixed.statusCode).toBe(201);
  });

  it('rolls everything back when the database fails mid-transaction: no sale, no stored answer, no number used', async () => {
    const sale = aSale();
    const valuesBefore = await invoiceSeriesValues(office.store);
    await sql`alter table stock_movements rename to stock_movements_away`.execute(office.store.db);
    const failed = await post('crash-mid-sale', sale);
    await sql`alter table stock_movements_away rename to stock_movements`.execute(office.store.db);
    expect(failed.statusCode).toBe(500);
    expect(failed.json().code).toBe('internal_error');
    expect(failed.body).not.toContain('stack');
    expect(await salesWithKey('crash-mid-sale')).toHaveLength(0);
    expect(await office.store.db.selectFrom('idempotency_responses').selectAll().where('key', '=', 'crash-mid-sale').execute()).toHaveLength(0);
    const retried = await post('crash-mid-sale', sale);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['x-idempotent-replay']).toBeUndefined();
    expect(await invoiceSeriesValues(office.store)).toEqual([...valuesBefore, valuesBefore.length + 1]);
  });

  it('still returns the original sale after the stored response expired, and creates nothing', async () => {
    const sale = aSale();
    const first = await post('old-sale', sale);
    await office.store.db
      .updateTable('idempotency_responses')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('key', '=', 'old-sale')
      .execute();
    expect(await cleanupExpiredResponses(office.store)).toBeGreaterThanOrEqual(1);
    const before = await countRows(office.store, 'sales');
    const late = await post('old-sale', sale);
    expect(late.statusCode).toBe(200);
    expect(late.headers['x-idempotent-replay']).toBe('true');
    expect(late.json()).toEqual(first.json());
    expect(await countRows(office.store, 'sales')).toBe(before);
    const rejectedBefore = office.metrics.counts.keyReused;
    const reused = await post('old-sale', { ...sale, note: 'different' });
    expect(reused.statusCode).toBe(422);
    expect(office.metrics.counts.keyReused).toBe(rejectedBefore + 1);
    expect(await countRows(office.store, 'sales')).toBe(before);
  });

  it('refuses the same sale under another key (409 local_number_conflict): a duplicate a person must look at', async () => {
    const sale = aSale();
    await post('receipt-a', sale);
    const before = await countRows(office.store, 'sales');
    const clash = await post('receipt-b', sale);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('local_number_conflict');
    expect(await countRows(office.store, 'sales')).toBe(before);
  });

  it('refuses another sale under a receipt number it holds (409 local_number_reused), naming the last number of that series, and stores nothing', async () => {
    const sale = aSale();
    await post('reused-a', sale);
    await post('reused-c', { ...sale, localNumber: 'T01-900009' });
    await post('reused-d', { ...sale, localNumber: 'T01-900010' });
    const before = await countRows(office.store, 'sales');
    const reused = await post('reused-b', { ...sale, cashier: 'ben' });
    expect(reused.statusCode).toBe(409);
    // T01-900010 after T01-900009 (by length, then as text), whatever the first number was.
    expect(reused.json()).toMatchObject({ code: 'local_number_reused', lastLocalNumber: 'T01-900010' });
    expect(await countRows(office.store, 'sales')).toBe(before);
    // Numbered again after it, with the number it printed, it is recorded and flagged.
    const again = await post('reused-b', { ...sale, cashier: 'ben', localNumber: 'T01-900011', printedAs: sale.localNumber });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ localNumber: 'T01-900011', status: 'needs_review', flags: expect.arrayContaining(['receipt_renumbered']) });
    const row = await office.store.db.selectFrom('sales').select(['printed_as']).where('local_number', '=', 'T01-900011').executeTakeFirstOrThrow();
    expect(row.printed_as).toBe(sale.localNumber);
  });

  it('scopes keys to the terminal: another terminal using the same key records its own sale', async () => {
    const other = await office.pairTerminal({ name: 'Till 2' });
    const sale = aSale();
    expect((await post('shared-key', sale)).statusCode).toBe(201);
    const second = await post('shared-key', sale, other);
    expect(second.statusCode).toBe(201);
    expect(second.headers['x-idempotent-replay']).toBeUndefined();
    expect(await salesWithKey('shared-key')).toHaveLength(2);
  });

  it('never refuses a sale for a business reason: unknown SKU, changed price, negative stock are flagged', async () => {
    await office.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/SOAP',
      headers: office.adminHeaders(),
      payload: { businessCode: 'MAIN', name: 'Soap', priceMinor: 4500 },
    });
    const response = await post(
      'flagged',
      aSale({
        lines: [
          { sku: 'SOAP', qty: 3, unitPriceMinor: 4000 },
          { sku: 'NOT-IN-CATALOG', qty: 1, unitPriceMinor: 100 },
        ],
        payments: [{ method: 'cash', amountMinor: 100 }],
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().flags.sort()).toEqual(['negative_stock', 'payment_short', 'price_differs', 'unknown_sku']);
    const [row] = await salesWithKey('flagged');
    expect(row?.status).toBe('needs_review');
  });

  it('found by a probe: a card charged more than the sale (no change is given on a card) is recorded and flagged non_cash_over_due; cash over is change', async () => {
    const lines = [{ sku: 'NOT-IN-CATALOG-2', qty: 1, unitPriceMinor: 900 }];
    const overCard = await post(
      'card-over',
      aSale({ localNumber: 'CO-1', lines, payments: [{ method: 'card', amountMinor: 5_000_000, reference: 'S1' }] }),
    );
    expect(overCard.statusCode).toBe(201);
    expect(overCard.json().flags).toContain('non_cash_over_due');
    expect((await salesWithKey('card-over'))[0]?.status).toBe('needs_review');
    // Card for the whole sale and cash beyond it: change from the cash, nothing wrong with the card.
    const cashOver = await post(
      'cash-over',
      aSale({
        localNumber: 'CO-2',
        lines,
        payments: [
          { method: 'card', amountMinor: 900, reference: 'S2' },
          { method: 'cash', amountMinor: 1_000 },
        ],
      }),
    );
    expect(cashOver.statusCode).toBe(201);
    expect(cashOver.json().flags).not.toContain('non_cash_over_due');
  });
});
