import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { VOIDED_DOCUMENTS_PATH, type MonitoringReport, type VoidedDocument } from '../../protocol';
import { formatReturnNumber } from '../../terminal/refunds/local-refunds';
import { formatReceiptNumber } from '../../terminal/sales/receipt-numbers';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { footprint, post } from '../support/stock-documents';

/**
 * Found by a black-box probe: `POST /v1/sales` took `localNumber` "T01-99999999999999999999"
 * (20 digits), which then stood as the till's `lastLocalNumber` in every later 409
 * local_number_reused, though monitoring counts no number past 2^53 - 1 (and the till cannot
 * number after it); and numbers holding a U+202E or a C1 control, shown as series of junk. The
 * protocol takes any number unique per terminal: one past 2^53 - 1 or without trailing digits
 * is recorded but never named the last; one with a character a screen does not show as stored
 * is refused on a sale, a refund and in a batch (400 validation_failed naming /localNumber,
 * said in words), nothing stored.
 */
const UNREADABLE = [
  // Text-reversing (U+202E), a C1 control (U+0085, next line), a zero-width space, a line feed: each around digits.
  '\u202ET01-000001',
  'T01-\u0085000001',
  'T01-0000\u200B01',
  'T01-000001\n',
];

describe.each(databaseKinds)("a till's receipt and return numbers (localNumber) on %s", (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;
  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
  });
  afterAll(async () => office.close());

  const refusedLocalNumber = (body: unknown) =>
    expect(body).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/localNumber', message: expect.stringContaining('without a control character') }],
    });

  it('a sale, a refund or a batch item whose localNumber holds a character a screen does not show as stored: 400 naming /localNumber, nothing stored', async () => {
    const sold = await post(office, '/v1/sales', till.headers(uuidv7()), aSale());
    expect(sold.statusCode, sold.body).toBe(201);
    const saleId = (sold.json() as { id: string }).id;
    const before = await footprint(office.store);

    for (const localNumber of UNREADABLE) {
      const sale = await post(office, '/v1/sales', till.headers(uuidv7()), aSale({ localNumber }));
      expect(sale.statusCode, JSON.stringify(localNumber)).toBe(400);
      expect(sale.headers['content-type']).toContain('application/problem+json');
      refusedLocalNumber(sale.json());

      const refund = await post(office, `/v1/sales/${saleId}/refund`, till.headers(uuidv7()), {
        localNumber,
        occurredAt: new Date().toISOString(),
        lines: [{ sku: 'RICE-5KG', qty: 1 }],
        reason: 'bag torn',
      });
      expect(refund.statusCode, JSON.stringify(localNumber)).toBe(400);
      refusedLocalNumber(refund.json());

      const batch = await post(office, '/v1/sync/batch', till.headers(), {
        items: [{ key: uuidv7(), method: 'POST', path: '/v1/sales', body: aSale({ localNumber }) }],
      });
      expect(batch.statusCode).toBe(200);
      const [result] = (batch.json() as { results: { status: number; body: unknown }[] }).results;
      expect(result?.status, JSON.stringify(localNumber)).toBe(400);
      refusedLocalNumber(result?.body);
    }
    expect(await footprint(office.store)).toEqual(before);
  });

  it('every number a till gives is taken: receipts and return slips, past six digits too, up to 2^53 - 1; and numbers it never gives, unique per terminal', async () => {
    const other = await office.pairTerminal({ name: 'Till 2' });
    for (const localNumber of [
      formatReceiptNumber(other.code, 1),
      formatReceiptNumber(other.code, 1_234_567),
      `${other.code}-${Number.MAX_SAFE_INTEGER}`,
      `${other.code}-`,
      "'; DROP TABLE sales;--",
      'lone',
    ]) {
      const sale = await post(office, '/v1/sales', other.headers(uuidv7()), aSale({ localNumber }));
      expect(sale.statusCode, sale.body).toBe(201);
      expect(sale.json()).toMatchObject({ localNumber });
    }
    const saleId = (
      await office.store.db.selectFrom('sales').select('id').where('local_number', '=', formatReceiptNumber(other.code, 1)).executeTakeFirstOrThrow()
    ).id;
    const localNumber = formatReturnNumber(other.code, 1);
    const refund = await post(office, `/v1/sales/${saleId}/refund`, other.headers(uuidv7()), {
      localNumber,
      occurredAt: new Date().toISOString(),
      lines: [{ sku: 'RICE-5KG', qty: 1 }],
      reason: 'bag torn',
    });
    expect(refund.statusCode, refund.body).toBe(201);
    const row = await office.store.db
      .selectFrom('refunds')
      .select('local_number')
      .where('id', '=', (refund.json() as { id: string }).id)
      .executeTakeFirstOrThrow();
    expect(row.local_number).toBe(localNumber);
  });

  it('a number past 2^53 - 1 is not named lastLocalNumber in local_number_reused', async () => {
    const third = await office.pairTerminal({ name: 'Till 3' });
    const sell = (localNumber: string, cashier = 'ana') => post(office, '/v1/sales', third.headers(uuidv7()), aSale({ localNumber, cashier }));
    for (const n of [1, 2]) expect((await sell(formatReceiptNumber(third.code, n))).statusCode).toBe(201);
    // A sale under a number no till's counter reaches: recorded, as the protocol takes any number unique per terminal.
    expect((await sell(`${third.code}-99999999999999999999`)).statusCode).toBe(201);
    const before = await footprint(office.store);

    const reused = await sell(formatReceiptNumber(third.code, 1), 'ben');
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ code: 'local_number_reused', lastLocalNumber: formatReceiptNumber(third.code, 2) });
    expect(await footprint(office.store)).toEqual(before);
  });

  /**
   * Found by the same probe: `POST /v1/terminals/voided-documents` kept "'; DROP TABLE sales;--"
   * and numbers holding a U+202E or a C1 control as voided numbers, shown as series of junk in
   * the monitoring report's terminalReceipts. The same rule holds there.
   */
  it('a voided document whose localNumber holds a character a screen does not show as stored: 400 naming /localNumber, no void stored, no series in monitoring', async () => {
    const voidingTill = await office.pairTerminal({ name: 'Till 4' });
    const voided = (localNumber: string, kind: 'sale' | 'refund' = 'sale'): VoidedDocument => ({
      kind,
      localNumber,
      key: uuidv7(),
      occurredAt: new Date().toISOString(),
      valueMinor: 4500,
      voidedAt: new Date().toISOString(),
      voidedBy: 'Mario Reyes',
      reason: 'customer walked out',
    });
    const send = (body: VoidedDocument) => post(office, VOIDED_DOCUMENTS_PATH, voidingTill.headers(), body);
    const voids = () => office.store.db.selectFrom('voided_documents').select(['local_number', 'kind']).orderBy('local_number').execute();
    const before = await voids();

    for (const localNumber of UNREADABLE) {
      const refused = await send(voided(localNumber));
      expect(refused.statusCode, JSON.stringify(localNumber)).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      refusedLocalNumber(refused.json());
    }
    expect(await voids()).toEqual(before);

    // What a till gives is taken: a receipt and a return slip.
    const receipt = formatReceiptNumber(voidingTill.code, 7);
    const slip = formatReturnNumber(voidingTill.code, 2);
    expect((await send(voided(receipt))).statusCode).toBe(201);
    expect((await send(voided(slip, 'refund'))).statusCode).toBe(201);
    expect(await voids()).toEqual(
      [...before, { local_number: receipt, kind: 'sale' }, { local_number: slip, kind: 'refund' }].sort((a, b) =>
        a.local_number < b.local_number ? -1 : 1,
      ),
    );

    const report = (
      await office.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: office.adminHeaders() })
    ).json() as MonitoringReport;
    expect(report.terminalReceipts.filter((r) => r.voided > 0).map((r) => r.prefix)).toEqual([`${voidingTill.code}-`]);
  });
});
