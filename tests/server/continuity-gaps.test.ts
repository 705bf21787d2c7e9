import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstMissing, gapsFrom, withoutValues, type Gap } from '../../server/monitoring/series-continuity';

/** Every value of the gaps, one by one (small ranges only). */
const valuesOf = (gaps: readonly Gap[]) => gaps.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));

/** Gaps as the checker keeps them: in increasing order, apart from each other, within 1..400. */
const someGaps = fc
  .uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 40 })
  .map((edges) => [...edges].sort((a, b) => a - b))
  .map((edges) => {
    const gaps: Gap[] = [];
    for (let i = 0; i + 1 < edges.length; i += 2) gaps.push([edges[i]!, edges[i + 1]! - 1]);
    return gaps;
  });

describe("the continuity checker's gaps (missing numbers kept as ranges)", () => {
  it('less the values found in them: exactly the missing numbers that are still missing', () => {
    fc.assert(
      fc.property(someGaps, fc.array(fc.integer({ min: 0, max: 410 }), { maxLength: 60 }), (gaps, found) => {
        const left = withoutValues(gaps, found);
        expect(valuesOf(left)).toEqual(valuesOf(gaps).filter((v) => !found.includes(v)));
        // Still in increasing order, none empty.
        left.forEach(([from, to], i) => {
          expect(from).toBeLessThanOrEqual(to);
          if (i > 0) expect(from).toBeGreaterThan(left[i - 1]![1]);
        });
      }),
    );
  });

  it('lists the first numbers of a gap of 200 million without walking it', () => {
    expect(firstMissing([[2, 199_999_999]], 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(
      firstMissing(
        [
          [3, 4],
          [9, 9],
          [20, 1e15],
        ],
        5,
      ),
    ).toEqual([3, 4, 9, 20, 21]);
    expect(withoutValues([[2, 199_999_999]], [1000, 5])).toEqual([
      [2, 4],
      [6, 999],
      [1001, 199_999_999],
    ]);
  });

  it('reads a checkpoint saved before gaps were ranges (single missing numbers) as one-number gaps', () => {
    expect(gapsFrom('[3, 7, 8]')).toEqual([
      [3, 3],
      [7, 7],
      [8, 8],
    ]);
    expect(gapsFrom('[[3, 5], [9, 200000000]]')).toEqual([
      [3, 5],
      [9, 200_000_000],
    ]);
  });
});
