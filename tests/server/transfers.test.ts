import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { startBackOffice, type TestBackOffice, range } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { addStore, adminPost, footprint, ledgerMilli, post, seriesValues } from '../support/stock-documents';

interface TransferBody {
  id: string;
  transferNumber: string;
  status: string;
  lines: { sku: string; qty: number; qtyReceived: number | null; discrepancy: number | null }[];
}

describe.each(databaseKinds)('stock transfers on %s', (kind) => {
  let bo: TestBackOffice;
  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await addStore(bo, 'NORTH');
  });
  afterAll(async () => bo.close());

  const aTransfer = (lines: { sku: string; qty: number }[]) => ({ businessCode: 'MAIN', fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines });
  async function draft(lines: { sku: string; qty: number }[]): Promise<TransferBody> {
    const response = await adminPost(bo, '/v1/transfers', aTransfer(lines));
    expect(response.statusCode).toBe(201);
    return response.json() as TransferBody;
  }

  it('is numbered TRF-… when drafted; stock leaves on send and arrives on receive, once each', async () => {
    const transfer = await draft([{ sku: 'COFFEE', qty: 5 }]);
    expect(transfer.transferNumber).toMatch(/^TRF-\d{6}-\d{4}$/);
    expect(transfer.status).toBe('draft');
    expect(await ledgerMilli(bo.store, 'MAIN', 'COFFEE')).toBe(0);
    const sent = await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {});
    expect(sent.statusCode).toBe(200);
    expect((sent.json() as TransferBody).status).toBe('sent');
    expect(await ledgerMilli(bo.store, 'MAIN', 'COFFEE')).toBe(-5_000);
    expect(await ledgerMilli(bo.store, 'NORTH', 'COFFEE')).toBe(0);
    const received = await adminPost(bo, `/v1/transfers/${transfer.id}/receive`, {});
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({
      status: 'received',
      transferNumber: transfer.transferNumber,
      lines: [{ sku: 'COFFEE', qty: 5, qtyReceived: 5, discrepancy: 0 }],
    });
    expect(await ledgerMilli(bo.store, 'NORTH', 'COFFEE')).toBe(5_000);
  });

  it('receiving before sending is 409 transfer_not_sent and moves nothing', async () => {
    const transfer = await draft([{ sku: 'TEA', qty: 2 }]);
    const before = await footprint(bo.store);
    const early = await adminPost(bo, `/v1/transfers/${transfer.id}/receive`, {});
    expect(early.statusCode).toBe(409);
    expect((early.json() as { code: string }).code).toBe('transfer_not_sent');
    expect(await footprint(bo.store)).toEqual(before);
  });

  it('a double send (another key) is 409 and takes stock once; a double receive is 409 and adds it once', async () => {
    const transfer = await draft([{ sku: 'MILK', qty: 3 }]);
    const sendKey = uuidv7();
    const sent = await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {}, sendKey);
    const replay = await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {}, sendKey);
    expect(replay.body).toBe(sent.body);
    expect(replay.headers['x-idempotent-replay']).toBe('true');
    const again = await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {});
    expect((again.json() as { code: string }).code).toBe('transfer_already_sent');
    expect(await adminPost(bo, `/v1/transfers/${transfer.id}/receive`, {}).then((r) => r.statusCode)).toBe(200);
    const twice = await adminPost(bo, `/v1/transfers/${transfer.id}/receive`, {});
    expect((twice.json() as { code: string }).code).toBe('transfer_already_received');
    const sendAfterReceive = await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {});
    expect(sendAfterReceive.statusCode).toBe(409);
    expect(await ledgerMilli(bo.store, 'MAIN', 'MILK')).toBe(-3_000);
    expect(await ledgerMilli(bo.store, 'NORTH', 'MILK')).toBe(3_000);
  });

  it('a partial receipt records the discrepancy and adds only what arrived', async () => {
    const transfer = await draft([
      { sku: 'EGGS', qty: 30 },
      { sku: 'BREAD', qty: 10 },
    ]);
    await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {});
    const received = await adminPost(bo, `/v1/transfers/${transfer.id}/receive`, { lines: [{ sku: 'EGGS', qtyReceived: 27 }] });
    expect(received.statusCode).toBe(200);
    expect((received.json() as TransferBody).lines).toEqual([
      { sku: 'EGGS', qty: 30, qtyReceived: 27, discrepancy: 3 },
      { sku: 'BREAD', qty: 10, qtyReceived: 10, discrepancy: 0 },
    ]);
    expect(await ledgerMilli(bo.store, 'NORTH', 'EGGS')).toBe(27_000);
    expect(await ledgerMilli(bo.store, 'MAIN', 'EGGS')).toBe(-30_000);
  });

  it('racing sends and racing receives of one transfer, under different keys: each applied once', async () => {
    for (let round = 0; round < 3; round++) {
      const transfer = await draft([{ sku: 'FLOUR', qty: 1 }]);
      const sends = await Promise.all([1, 2, 3].map(() => adminPost(bo, `/v1/transfers/${transfer.id}/send`, {})));
      expect(sends.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
      const receives = await Promise.all([1, 2, 3].map(() => adminPost(bo, `/v1/transfers/${transfer.id}/receive`, {})));
      expect(receives.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    }
    expect(await ledgerMilli(bo.store, 'MAIN', 'FLOUR')).toBe(-3_000);
    expect(await ledgerMilli(bo.store, 'NORTH', 'FLOUR')).toBe(3_000);
  });

  it('transfer numbers are gapless and unique when drafted concurrently', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => adminPost(bo, '/v1/transfers', aTransfer([{ sku: 'OIL', qty: 1 }]))));
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 201));
    const values = await seriesValues(bo.store, 'transfer');
    expect(values).toEqual(range(values.length));
  });

  it('bad input is a 4xx problem and changes nothing', async () => {
    const transfer = await draft([{ sku: 'RICE', qty: 1 }]);
    await adminPost(bo, `/v1/transfers/${transfer.id}/send`, {});
    const before = await footprint(bo.store);
    const cases: [string, unknown, number][] = [
      ['/v1/transfers', { ...aTransfer([{ sku: 'A', qty: 1 }]), toStoreCode: 'MAIN' }, 400],
      [
        '/v1/transfers',
        aTransfer([
          { sku: 'A', qty: 1 },
          { sku: 'A', qty: 2 },
        ]),
        400,
      ],
      ['/v1/transfers', { ...aTransfer([{ sku: 'A', qty: 1 }]), toStoreCode: 'SOUTH' }, 404],
      ['/v1/transfers', aTransfer([]), 400],
      ['/v1/transfers', aTransfer([{ sku: 'A', qty: 0 }]), 400],
      ['/v1/transfers', { lines: [{ sku: 'A', qty: 1 }] }, 400],
      [`/v1/transfers/${transfer.id}/receive`, { lines: [{ sku: 'NOT-ON-IT', qtyReceived: 1 }] }, 400],
      [`/v1/transfers/${transfer.id}/receive`, { lines: [{ sku: 'RICE', qtyReceived: -1 }] }, 400],
      [
        `/v1/transfers/${transfer.id}/receive`,
        {
          lines: [
            { sku: 'RICE', qtyReceived: 1 },
            { sku: 'RICE', qtyReceived: 2 },
          ],
        },
        400,
      ],
      [`/v1/transfers/${transfer.id}/receive`, { extra: 1 }, 400],
      [`/v1/transfers/${transfer.id}/send`, { extra: 1 }, 400],
      [`/v1/transfers/${uuidv7()}/send`, {}, 404],
    ];
    for (const [url, body, status] of cases) {
      const response = await adminPost(bo, url, body);
      expect(response.statusCode, `${url} ${JSON.stringify(body)}`).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await post(bo, `/v1/transfers/${transfer.id}/receive`, bo.adminHeaders(), {})).statusCode).toBe(400);
    expect(await footprint(bo.store)).toEqual(before);
  });
});
