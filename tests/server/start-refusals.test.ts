import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'counter-start-'));

/** `counter-server serve` with these settings on a database of its own; what it printed and its exit code. */
async function serve(env: Record<string, string>, timeout = 60_000): Promise<{ code: number | null; stderr: string; stdout: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'serve'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'server.db')}`, LOG_LEVEL: 'error', ...env },
      cwd: process.cwd(),
      timeout,
      killSignal: 'SIGKILL',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | null; stdout: string; stderr: string; killed?: boolean };
    if (failed.killed) throw new Error(`serve was still running after ${timeout} ms (it should have refused to start)`, { cause: error });
    return { code: typeof failed.code === 'number' ? failed.code : null, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('counter-server serve refuses a setting it cannot use, at start', () => {
  it('POS_STALE_TERMINAL_MINUTES and POS_OLD_PENDING_HOURS: named with what they got and take, exit 2 (not a silent exit 0)', async () => {
    for (const [name, value] of [
      ['POS_STALE_TERMINAL_MINUTES', 'abc'],
      ['POS_OLD_PENDING_HOURS', '0'],
      ['POS_STALE_TERMINAL_MINUTES', '1.5'],
    ] as const) {
      const { code, stderr } = await serve({ [name]: value });
      expect({ code, stderr: stderr.trim() }, `${name}=${value}`).toEqual({
        code: 2,
        stderr: `${name} must be a whole number from 1 to 525600 (got "${value}")`,
      });
    }
  }, 120_000);
});

describe('a back office that fails to build after its writer thread started', () => {
  it('says why and is not left with nothing to wait for (it exited 0, silently, when the writer thread got ready after the failure)', async () => {
    const script = join(dir, 'failed-build.mts');
    const root = resolve('.');
    writeFileSync(
      script,
      `import { build } from '${root}/server/app';
import { openDatabase } from '${root}/server/db/database';
import { migrateToLatest } from '${root}/server/db/migrate';
import { readSettings } from '${root}/server/settings';
const databaseUrl = 'sqlite:${join(dir, 'build.db')}';
const store = openDatabase(databaseUrl);
await migrateToLatest(store);
const failing = async () => { throw new Error('a plugin failed'); };
try {
  await build({ store, settings: { ...readSettings({}), databaseUrl }, extraRoutes: [failing] });
  console.log('built');
} catch (error) {
  console.log('refused:', (error as Error).message);
} finally {
  await store.close();
}
`,
    );
    // Before: the top-level await never settled (node exits 13 for that), nothing printed.
    const outcome = await run(process.execPath, ['--import', 'tsx', script], { cwd: root, timeout: 60_000 }).then(
      ({ stdout }) => ({ code: 0, stdout: stdout.trim() }),
      (error: { code?: number; stdout: string }) => ({ code: error.code, stdout: error.stdout.trim() }),
    );
    expect(outcome).toEqual({ code: 0, stdout: 'refused: a plugin failed' });
  }, 90_000);
});
