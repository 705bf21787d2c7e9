import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface BackOfficeProcess {
  proxyUrl: string;
  pairingCode: string;
  /** Stops it (once; later calls answer the same) and reports what it received. */
  stop(): Promise<{ sales: number; requests: number }>;
}

/** Starts bench/terminal/back-office-process.ts and waits for its address and pairing code. */
export async function startBackOfficeProcess(latencyMs: number, stub = false): Promise<BackOfficeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', here('./back-office-process.ts')], {
    cwd: repoRoot,
    env: { ...process.env, LATENCY_MS: String(latencyMs), STUB_BACK_OFFICE: stub ? '1' : '0' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`back office exited with ${code}`)));
  });
  const { proxyUrl, pairingCode } = JSON.parse(firstLine) as { proxyUrl: string; pairingCode: string };
  let stopped: Promise<{ sales: number; requests: number }> | null = null;
  return {
    proxyUrl,
    pairingCode,
    stop: () =>
      (stopped ??= new Promise((resolve) => {
        const lines = createInterface({ input: child.stdout });
        lines.once('line', (line) => resolve(JSON.parse(line) as { sales: number; requests: number }));
        child.stdin.end();
      })),
  };
}

/** Pairs a terminal on dataDir and queues `sales` unsynced sales (in a child process). */
export function seedBacklog(dataDir: string, sales: number, backOffice: BackOfficeProcess): void {
  execFileSync(
    process.execPath,
    ['--import', 'tsx', here('./seed-backlog.ts'), dataDir, String(sales), backOffice.proxyUrl, backOffice.pairingCode],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const ms = (n: number) => `${n.toFixed(3)} ms`;
