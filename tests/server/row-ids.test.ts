import { describe, expect, it } from 'vitest';
import { rowId } from '../../server/db/row-ids';

describe('row ids', () => {
  it('are UUIDv7, all different and in the order they were made, across many refills of their random bits', () => {
    // 1,024 random words a refill; an id takes one or more: 10,000 ids cross many refills.
    const ids = Array.from({ length: 10_000 }, () => rowId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carry random bits: two ids made in the same millisecond differ in more than their counter', () => {
    const tails = Array.from({ length: 200 }, () => rowId().slice(-12));
    // The last 48 bits are random words from the buffer: 200 of them are not all alike.
    expect(new Set(tails).size).toBeGreaterThan(190);
  });
});
