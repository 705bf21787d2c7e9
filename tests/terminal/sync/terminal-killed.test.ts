import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncTuning } from '../../../terminal/sync/tuning';
import { expectExactlyOnce, openCore, startLink, tempDataDir, waitFor, type Link } from '../../support/terminal';

const fixture = fileURLToPath(new URL('../../support/terminal-process.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SALES = 300;
const tuning: Partial<SyncTuning> = { requestTimeoutMs: 2000, backoffBaseMs: 5, backoffCapMs: 100, batchSize: 10, heartbeatIntervalMs: 500 };

interface TerminalProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function runTerminal(env: Record<string, string>): TerminalProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: repoRoot,
    env: { ...process.env, ...env, TUNING: JSON.stringify(tuning) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let errors = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(errors);
      resolve(code);
    }),
  );
  return { child, lines, exited };
}

/** The last progress line's figures. */
function progress(run: TerminalProcess): { sold: number; pending: number } | null {
  const last = [...run.lines].reverse().find((line) => line.startsWith('progress'));
  const match = last === undefined ? null : /sold=(\d+) pending=(\d+)/.exec(last);
  return match ? { sold: Number(match[1]), pending: Number(match[2]) } : null;
}

describe('a terminal process killed while it syncs', () => {
  let link: Link;
  const data = tempDataDir();

  afterAll(async () => {
    await link?.close();
    data.remove();
  });

  it('SIGKILL mid-sale and mid-drain, restarted twice on the same data: every sale reaches the back office exactly once', async () => {
    // Every request takes a while, so the kills land with requests on the wire.
    link = await startLink({ latencyMs: 15 });
    const env = { DATA_DIR: data.dir, SERVER_URL: link.proxy.url, SALES: String(SALES) };

    const first = runTerminal({ ...env, PAIRING_CODE: await link.newPairingCode() });
    await waitFor(() => (progress(first)?.sold ?? 0) >= 100, 'the first run to sell 100 sales');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = runTerminal(env);
    await waitFor(() => {
      const p = progress(second);
      return p !== null && p.sold === SALES && p.pending > 0 && p.pending < SALES - 50;
    }, 'the second run to be draining its backlog');
    second.child.kill('SIGKILL');
    await second.exited;

    const third = runTerminal(env);
    expect(await third.exited).toBe(0);
    expect(third.lines).toContain('done');

    const core = await openCore(data.dir);
    try {
      await expectExactlyOnce(link, core, SALES);
    } finally {
      await core.close();
    }
  });
});
