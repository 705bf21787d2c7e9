import fc from 'fast-check';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReadableTimestamp, SaleRequestSchema, Timestamp } from '../../protocol';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { unreadableTimestamps } from '../support/hostile-input';

/** Strings near a timestamp: each part sometimes out of range, separators and offsets varied. */
const nearlyTimestamps = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.constantFrom('T', 't', ' ', ''),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('', '.5', '.123456789', '.1234567891', '.'),
    fc.constantFrom('Z', 'z', '+00:00', '-23:59', '+24:00', '+05:60', '+0100', '', '[Europe/Paris]', 'Z[UTC]'),
  )
  .map(([y, mo, d, sep, h, mi, s, frac, zone]) => {
    const two = (n: number) => String(n).padStart(2, '0');
    return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}${sep}${two(h)}:${two(mi)}:${two(s)}${frac}${zone}`;
  });

describe('one rule for a readable time, on the server and at the terminal', () => {
  let office: TestBackOffice;
  let till: PairedTerminal;
  beforeAll(async () => {
    office = await startBackOffice('sqlite');
    till = await office.pairTerminal();
  });
  afterAll(async () => office?.close());

  it('every accepted time is one Date.parse reads, to the same instant', () => {
    fc.assert(
      fc.property(nearlyTimestamps, (text) => {
        if (!isReadableTimestamp(text)) return;
        expect(Number.isFinite(Date.parse(text))).toBe(true);
        // Stored and compared as its UTC text: always a four-digit year, so text order is time order.
        expect(new Date(text).toISOString()).toMatch(/^\d{4}-/);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z') }), (d) =>
        isReadableTimestamp(d.toISOString()),
      ),
    );
    for (const text of unreadableTimestamps) expect(isReadableTimestamp(text), text).toBe(false);
  });

  it('the terminal (TypeBox) and the server (ajv, through a real route) accept exactly the same times', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearlyTimestamps, fc.constantFrom(...unreadableTimestamps)), async (text) => {
        const terminal = Value.Check(Timestamp(), text);
        expect(terminal).toBe(isReadableTimestamp(text));
        expect(Value.Check(SaleRequestSchema, aSale({ occurredAt: text }))).toBe(terminal);
        const response = await office.app.inject({
          method: 'POST',
          url: '/v1/terminals/heartbeat',
          headers: till.headers(),
          payload: { queueDepth: 0, oldestPendingAt: text, needsAttention: 0, appVersion: 't' },
        });
        expect(response.statusCode, `${text}: ${response.body}`).toBe(terminal ? 204 : 400);
      }),
      { numRuns: 300 },
    );
  });
});
