import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBackOffice, type TestBackOffice } from '../support/back-office';

let backOffice: TestBackOffice | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await backOffice?.close();
  backOffice = null;
});

describe('the back office’s schemas', () => {
  it('know every format they use, answers included: no "unknown format … ignored" at start or on an answer', async () => {
    const warned: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warned.push(args.map(String).join(' ')));
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void warned.push(args.map(String).join(' ')));
    backOffice = await startBackOffice('sqlite');
    const till = await backOffice.pairTerminal();
    // The invoice profile's answer: its POS supplier's dates are calendar dates, inside an anyOf.
    const answer = await backOffice.app.inject({ method: 'GET', url: '/v1/terminals/profile', headers: { authorization: `Bearer ${till.token}` } });
    expect(answer.statusCode).toBe(200);
    expect(warned.filter((line) => /unknown format/.test(line))).toEqual([]);
  });
});
