import { describe, expect, it } from 'vitest';
import { arrivedBySku } from '../../server/inventory/arrivals';
import { Problem } from '../../server/problem';

const candles = [
  { sku: 'CANDLE', qtyMilli: 5_000 },
  { sku: 'CANDLE', qtyMilli: 7_000 },
  { sku: 'MATCHES', qtyMilli: 10_000 },
];

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof Problem ? { status: error.status, code: error.code, detail: error.detail } : error;
  }
  return null;
};

describe('what arrived, by SKU, on a receipt drafted before a SKU had to be on one line', () => {
  it('leaving the repeated SKU out: both of its lines arrived in full; another SKU as reported', () => {
    expect([...arrivedBySku(candles, [{ sku: 'MATCHES', qtyReceived: 8 }], 'Invalid receipt', 'this purchase receipt')]).toEqual([
      ['MATCHES', 8_000],
    ]);
  });

  it('reporting the repeated SKU is refused: which of its lines would it be?', () => {
    expect(refusal(() => arrivedBySku(candles, [{ sku: 'CANDLE', qtyReceived: 7 }], 'Invalid receipt', 'this purchase receipt'))).toEqual({
      status: 400,
      code: 'validation_failed',
      detail: 'CANDLE is on 2 lines of this purchase receipt; what arrived cannot be told line by line',
    });
  });

  it('a report naming a SKU twice, or one not on the document, is refused', () => {
    const twice = [
      { sku: 'MATCHES', qtyReceived: 1 },
      { sku: 'MATCHES', qtyReceived: 2 },
    ];
    expect(refusal(() => arrivedBySku(candles, twice, 'Invalid receipt', 'this purchase receipt'))).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
    expect(refusal(() => arrivedBySku(candles, [{ sku: 'SOAP', qtyReceived: 1 }], 'Invalid transfer', 'transfer TRF-1'))).toMatchObject({
      detail: 'SOAP is not on transfer TRF-1',
    });
  });
});
