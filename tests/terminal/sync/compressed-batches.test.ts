import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalCore } from '../../../terminal/terminal-core';
import type { ProblemInjection } from '../../support/fault-proxy';
import { aPairedTill, expectExactlyOnce, fastTuning, ringUpSale, waitUntilQueueEmpty, type Cleanups, type Link } from '../../support/terminal';

const SALES = 25;
/** Rounds of 10: a backlog of 25 goes as three batches (10, 10, 5). */
const tuning = { ...fastTuning, batchSize: 10 };

const refusals: { who: string; problem: ProblemInjection }[] = [
  {
    who: 'a back office from before compressed batches (it reads the bytes as JSON)',
    problem: { status: 400, code: 'malformed_json', detail: 'The request body is not valid JSON.' },
  },
  {
    who: 'a back office that refuses the encoding',
    problem: { status: 415, code: 'unsupported_media_type', detail: 'Send the batch as it is.' },
  },
];

describe('a backlog sent as gzip-compressed batches', () => {
  const cleanups: Cleanups = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A paired till with SALES sales queued while its worker was stopped. */
  async function aTillWithABacklog(): Promise<{ link: Link; core: TerminalCore }> {
    const { link, core } = await aPairedTill(cleanups, { tuning });
    for (let i = 0; i < SALES; i += 1) await ringUpSale(core, 1 + (i % 5));
    return { link, core };
  }

  it('goes out gzip-compressed, and the back office records every sale once, gapless', async () => {
    const till = await aTillWithABacklog();
    till.core.start();
    await waitUntilQueueEmpty(till.core);

    expect(till.link.proxy.stats.batchEncodings).toEqual(['gzip', 'gzip', 'gzip']);
    await expectExactlyOnce(till.link, till.core, SALES);
  });

  for (const { who, problem } of refusals) {
    it(`${who}, answering ${problem.status} ${problem.code}, gets the same batch again uncompressed, and the later ones too; every sale once`, async () => {
      const till = await aTillWithABacklog();
      till.link.proxy.refuseGzipBatches = problem;
      till.core.start();
      await waitUntilQueueEmpty(till.core);

      // One compressed try, then plain batches only (no sale sent on its own, none waiting).
      expect(till.link.proxy.stats.batchEncodings).toEqual(['gzip', 'identity', 'identity', 'identity']);
      await expectExactlyOnce(till.link, till.core, SALES);
      const synced = await till.core.queueItems({ state: 'synced' });
      expect(synced.every((item) => item.attempts === 1)).toBe(true);
    });
  }
});
