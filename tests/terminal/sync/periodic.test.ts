import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Periodic } from '../../../terminal/sync/periodic';
import { waitFor } from '../../support/terminal';

const quiet = pino({ enabled: false });
const running: Periodic[] = [];
afterEach(async () => {
  for (const loop of running.splice(0)) await loop.stop();
});

/** A task that records each run and waits until the test lets it finish. */
function heldTask() {
  const runs: (() => void)[] = [];
  return {
    runs,
    task: () => new Promise<void>((resolve) => runs.push(resolve)),
  };
}

describe('a periodic task', () => {
  it('triggered while it runs, runs again as soon as that run ends, not an interval later', async () => {
    const { runs, task } = heldTask();
    const loop = new Periodic('catalog', 3_600_000, task, quiet);
    running.push(loop);
    loop.start();
    expect(runs).toHaveLength(1);
    // Paired with another back office while the old one's catalog is being pulled.
    loop.trigger();
    loop.trigger();
    expect(runs).toHaveLength(1);
    runs[0]!();
    await waitFor(() => runs.length === 2, 'the run asked for during the first one', 5_000);
    runs[1]!();
    // Nothing more was asked for: the next run waits for the interval (an hour here).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toHaveLength(2);
  });

  it('never overlaps itself and stops with the run in progress', async () => {
    const { runs, task } = heldTask();
    const loop = new Periodic('heartbeat', 3_600_000, task, quiet);
    loop.start();
    loop.trigger();
    expect(runs).toHaveLength(1);
    const stopped = loop.stop();
    runs[0]!();
    await stopped;
    loop.trigger();
    expect(runs).toHaveLength(1);
  });
});
