import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../../../terminal/sync/answer-json';

const bytesOf = (text: string) => Buffer.from(text, 'utf8');

/** A batch answer as the back office writes it, with a few awkward receipts. */
function batchAnswer(items: number): string {
  const results = Array.from({ length: items }, (_, i) => ({
    key: `0190a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`,
    status: i % 7 === 0 ? 422 : 201,
    body:
      i % 7 === 0
        ? { type: '/docs/problems#refund_exceeds_sale', title: 'Refused', status: 422, detail: `Line ${i}: "qty" \\ over\u2028the sale`, code: 'x' }
        : {
            id: `s-${i}`,
            invoiceNumber: `INV-${i}`,
            localNumber: `T01-${i}`,
            totalMinor: i * 1001,
            status: 'recorded',
            flags: i % 3 ? [] : ['ñ', '收据', '🧾'],
          },
    replayed: i % 5 === 0,
  }));
  return JSON.stringify({ results });
}

describe('reading a back office answer from its bytes', () => {
  const answers: [string, string][] = [
    ['a small answer', '{"id":"s-1","flags":[]}'],
    ['a batch answer of 500 sales, compact', batchAnswer(500)],
    ['the same answer, indented', JSON.stringify(JSON.parse(batchAnswer(300)) as unknown, null, 2)],
    [
      'a big array of arrays and plain values',
      JSON.stringify(Array.from({ length: 5000 }, (_, i) => [i, -i / 3, 1e21 * i, true, false, null, `n${i}`, {}, []])),
    ],
    ['a big string alone', JSON.stringify('é"\\'.repeat(40_000))],
    [
      'a big object with a "__proto__" key and a repeated key',
      `{"__proto__":{"polluted":true},"a":1,"pad":${JSON.stringify('x'.repeat(70_000))},"a":2}`,
    ],
    [
      'white space around and between everything',
      ` \n\t{ "results" :\r\n [ ${Array.from({ length: 4000 }, (_, i) => ` { "k" : ${i} } `).join(' , ')} ] } \n`,
    ],
  ];

  for (const [what, text] of answers) {
    it(`${what}: the same value as JSON.parse`, () => {
      const parsed = parseJsonBytes(bytesOf(text));
      expect(parsed).toStrictEqual(JSON.parse(text));
    });
  }

  it('a "__proto__" member stays an own property, as JSON.parse leaves it: nothing is polluted', () => {
    const text = `{"__proto__":{"polluted":true},"pad":${JSON.stringify('x'.repeat(70_000))}}`;
    const parsed = parseJsonBytes(bytesOf(text)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'pad']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads bytes that are a view into a larger buffer', () => {
    const text = batchAnswer(400);
    const framed = Buffer.concat([bytesOf('garbage before'), bytesOf(text), bytesOf('garbage after')]);
    const view = framed.subarray('garbage before'.length, 'garbage before'.length + Buffer.byteLength(text));
    expect(parseJsonBytes(view)).toStrictEqual(JSON.parse(text));
  });

  const big = batchAnswer(500);
  const broken: [string, string][] = [
    ['cut short', big.slice(0, big.length - 40)],
    ['a trailing comma', big.replace(/\]\}$/, ',]}')],
    ['a bracket that does not match', big.replace(/\]\}$/, '}}')],
    ['text after the value', `${big} {}`],
    ['an HTML page', `<html><body>${'<p>Request blocked</p>'.repeat(3000)}</body></html>`],
    ['a member without its value', big.replace('"results":', '"results":,')],
    ['a string left open', `{"pad":"${'x'.repeat(70_000)}`],
  ];
  for (const [what, text] of broken) {
    it(`${what}: refused with a SyntaxError, as JSON.parse refuses it`, () => {
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
      expect(() => parseJsonBytes(bytesOf(text))).toThrow(SyntaxError);
    });
  }
});
