import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asSent, mayHoldUnpairedSurrogates, mendUnpairedSurrogates } from '../../server/http/unpaired-surrogates';

/** Text that may hold halves of pairs, whole pairs and plain characters, in any order. */
const brokenText = fc
  .array(fc.oneof(fc.constantFrom('\ud83d', '\ude00', '\ud83d\ude00', '\ud800', '\udfff', 'a', 'é', '\ufffd', '"', '\\')), { maxLength: 8 })
  .map((parts) => parts.join(''));

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, brokenText, fc.integer(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(brokenText, tie('value'), { maxKeys: 4 }),
})).value;

/** The oracle: the engine's own String.prototype.toWellFormed (ES2024, in Node 20), over every text and key. */
const toWellFormed = (text: string) => (text as unknown as { toWellFormed(): string }).toWellFormed();
function wellFormedCopy(value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedCopy);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [toWellFormed(key), wellFormedCopy(item)]));
  return value;
}

describe('half of a surrogate pair in a body: stored as U+FFFD, fingerprinted as sent', () => {
  it('leaves no half pair in any text or key, changes nothing else, and gives back the body as sent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(json, { maxLength: 4 }), fc.dictionary(brokenText, json, { maxKeys: 4 })), (body) => {
        const text = JSON.stringify(body);
        const mended = mayHoldUnpairedSurrogates(text) ? mendUnpairedSurrogates(JSON.parse(text), JSON.parse(text)) : JSON.parse(text);
        expect(mended).toEqual(wellFormedCopy(JSON.parse(text)));
        // The body as sent, for the fingerprint: the same value as a plain parse of the text.
        expect(asSent(mended)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('a body with only whole pairs is not looked at twice, and is left as it is', () => {
    const text = JSON.stringify({ note: 'thanks \ud83d\ude00', lines: [{ name: 'é' }] });
    expect(mayHoldUnpairedSurrogates(text)).toBe(false);
    const escaped = '{"note":"thanks \\ud83d\\ude00"}';
    expect(mayHoldUnpairedSurrogates(escaped)).toBe(true);
    const mended = mendUnpairedSurrogates(JSON.parse(escaped), JSON.parse(escaped));
    expect(mended).toEqual({ note: 'thanks 😀' });
    expect(asSent(mended)).toBe(mended);
  });

  it('a key with half a pair is mended too, and the object as sent keeps it', () => {
    const text = '{"a\\ud800":{"b":"\\udc00"},"c":["x","\\ud83d"]}';
    const mended = mendUnpairedSurrogates(JSON.parse(text), JSON.parse(text)) as Record<string, unknown>;
    expect(mended).toEqual({ 'a\ufffd': { b: '\ufffd' }, c: ['x', '\ufffd'] });
    expect(asSent(mended)).toEqual(JSON.parse(text));
    expect(asSent(mended['c'])).toEqual(['x', '\ud83d']);
  });
});
