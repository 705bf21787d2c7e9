import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTerminalCore } from '../../terminal/terminal-core';
import type { SyncTuning } from '../../terminal/sync/tuning';
import { seedBacklog, startBackOfficeProcess } from './support';

export interface DrainFigures {
  sales: number;
  seconds: number;
  /** Requests the back office's proxy received (the pairing, a heartbeat and a catalog pull included). */
  requests: number;
  serverSales: number;
  rssBeforeMb: number;
  peakRssMb: number;
  pendingAfter: number;
  needsAttention: number;
}

/**
 * Queues `sales` unsynced sales (in a child process), then times this process draining
 * them to a back office (another process) behind a proxy adding `latencyMs` per request.
 */
export async function measureDrain(sales: number, latencyMs: number, tuning: Partial<SyncTuning> = {}, stub = false): Promise<DrainFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-drain-'));
  const backOffice = await startBackOfficeProcess(latencyMs, stub);
  try {
    seedBacklog(dir, sales, backOffice);
    global.gc?.();
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    let peak = rssBeforeMb;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50);
    const core = await openTerminalCore({
      dataDir: dir,
      appVersion: 'bench',
      sync: { heartbeatIntervalMs: 3_600_000, catalogIntervalMs: 3_600_000, requestTimeoutMs: 30_000, ...tuning },
    });
    const start = performance.now();
    core.start();
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      const status = await core.getStatus();
      if (status.pending === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
    const status = await core.getStatus();
    await core.close();
    const server = await backOffice.stop();
    return {
      sales,
      seconds,
      requests: server.requests,
      serverSales: server.sales,
      rssBeforeMb,
      peakRssMb: peak,
      pendingAfter: status.pending,
      needsAttention: status.needsAttention,
    };
  } finally {
    await backOffice.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
