import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelayMs, parseRetryAfter } from '../../../terminal/sync/backoff';
import { classifyAnswer } from '../../../terminal/sync/delivery';
import { offlineCauseOf } from '../../../terminal/sync/back-office-client';
import { formatReceiptNumber } from '../../../terminal/sales/receipt-numbers';

const problem = (status: number, code: string) => ({ type: `/docs/problems#${code}`, title: code, status, detail: `${code} detail`, code });
const receipt = { id: 's1', invoiceNumber: 'INV-202510-0001', localNumber: 'T01-000001', totalMinor: 100, status: 'recorded', flags: [] };

describe('Retry-After', () => {
  it('reads delay-seconds', () => expect(parseRetryAfter('120')).toBe(120_000));
  it('reads an HTTP date as the time left until it', () => {
    const now = Date.parse('2025-10-01T10:00:00Z');
    expect(parseRetryAfter('Wed, 01 Oct 2025 10:00:30 GMT', now)).toBe(30_000);
  });
  it('a date in the past means now', () => expect(parseRetryAfter('Wed, 01 Oct 2025 09:00:00 GMT', Date.parse('2025-10-01T10:00:00Z'))).toBe(0));
  it('absent or unreadable means "use your own backoff"', () => {
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter('-5')).toBeNull();
  });
});

describe('backoff with full jitter', () => {
  it('never waits longer than the cap, nor less than zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (failures, r) => {
        const delay = backoffDelayMs(failures, 500, 60_000, () => r);
        return delay >= 0 && delay <= 60_000;
      }),
    );
  });
  it('its ceiling doubles with each failure until the cap', () => {
    const top = (failures: number) => backoffDelayMs(failures, 100, 1000, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([99, 199, 399, 799, 999, 999]);
  });
  it('no failure, no wait', () => expect(backoffDelayMs(0, 100, 1000)).toBe(0));
});

describe('which answers are worth sending again', () => {
  const PROBLEM = 'application/problem+json';
  /** An answer as the back office gives it: problem+json for every error. */
  const answer = (status: number, body: unknown, retryAfterMs: number | null = null, contentType: string | null = PROBLEM) => ({
    status,
    body,
    retryAfterMs,
    contentType,
  });
  it('201 and 200 with a receipt are synced', () => {
    expect(classifyAnswer(answer(201, receipt, null, 'application/json')).kind).toBe('synced');
    expect(classifyAnswer(answer(200, receipt, null, 'application/json')).kind).toBe('synced');
  });
  it('a 2xx body that is not a receipt is retried, never trusted', () =>
    expect(classifyAnswer(answer(201, { id: 1 }, null, 'application/json')).kind).toBe('retry'));
  it.each([
    [409, 'request_in_progress'],
    [429, 'too_many_requests'],
    [500, 'internal_error'],
    [503, 'service_unavailable'],
  ])('%i %s is transient', (status, code) =>
    expect(classifyAnswer(answer(status, problem(status, code), 1000))).toMatchObject({ kind: 'retry', code, retryAfterMs: 1000 }),
  );
  it.each([
    [400, 'validation_failed'],
    [422, 'idempotency_key_reused'],
    [409, 'local_number_conflict'],
    [404, 'not_found'],
    [413, 'body_too_large'],
  ])('%i %s problem+json from the back office needs a person', (status, code) =>
    expect(classifyAnswer(answer(status, problem(status, code)))).toMatchObject({ kind: 'refused', code, detail: `${code} detail` }),
  );
  it("a refund's 404 for its acknowledged sale is the back office having lost the sale (restored): retried, never voidable, never needs a person", () =>
    expect(classifyAnswer(answer(404, problem(404, 'not_found')), () => null, 'refund', true)).toMatchObject({
      kind: 'retry',
      status: 404,
      code: 'sale_not_at_back_office',
      neverSent: false,
    }));
  it("a refund's 404 for a sale acknowledged under an earlier pairing (another store's now, perhaps) needs a person", () =>
    expect(classifyAnswer(answer(404, problem(404, 'not_found')), () => null, 'refund', false)).toMatchObject({
      kind: 'refused',
      code: 'not_found',
    }));
  it("a refund's other refusals still need a person", () =>
    expect(classifyAnswer(answer(422, problem(422, 'refund_exceeds_sale')), () => null, 'refund', true)).toMatchObject({ kind: 'refused' }));
  it('401 problem+json stops the queue', () => expect(classifyAnswer(answer(401, problem(401, 'unauthorized'))).kind).toBe('unauthorized'));
  it.each([
    ["a proxy's HTML error page", 403, '<html><body>Forbidden</body></html>', 'text/html'],
    ['an HTML 404 from a misrouted proxy', 404, '<h1>Not Found</h1>', 'text/html'],
    ['an empty 400', 400, null, null],
    ['other JSON', 400, { error: 'bad' }, 'application/json'],
    ['a problem body under another media type', 400, problem(400, 'validation_failed'), 'application/json'],
    ["problem+json that is not the contract's shape", 422, { title: 'nope' }, PROBLEM],
    ["a captive portal's 401 page", 401, '<html>log in to the Wi-Fi</html>', 'text/html'],
    ['a redirect', 302, '', 'text/html'],
  ])('%s (%i) is transient: retried, never "needs attention"', (_what, status, body, contentType) =>
    expect(classifyAnswer(answer(status, body, null, contentType))).toMatchObject({
      kind: 'retry',
      code: `http_${status}`,
      cause: 'server_unreachable',
    }),
  );
  it('5xx counts as the server being unreachable', () =>
    expect(classifyAnswer(answer(502, null, null, 'text/html'))).toMatchObject({ kind: 'retry', cause: 'server_unreachable' }));
});

describe('offline causes', () => {
  it.each(['ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])('%s is no network', (code) => expect(offlineCauseOf(code)).toBe('no_network'));
  it.each(['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', undefined])('%s is the server unreachable', (code) =>
    expect(offlineCauseOf(code)).toBe('server_unreachable'),
  );
});

describe('terminal receipt numbers', () => {
  it('are the terminal code and six digits, widening rather than wrapping', () => {
    expect(formatReceiptNumber('T01', 123)).toBe('T01-000123');
    expect(formatReceiptNumber('T01', 1_234_567)).toBe('T01-1234567');
  });
});
