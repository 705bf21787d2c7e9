import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

/** A server run as user nobody (the tests run as root, whom file permissions do not stop). */
const NOBODY = { uid: 65534, gid: 65534 };

/** `counter-server <command>` as user nobody on DATABASE_URL `sqlite:<file>`: its exit code and stderr. */
async function asNobody(file: string, command: string, timeout = 30_000): Promise<{ code: number | null; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'server/main.ts', command], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'error', HOME: '/tmp' },
    cwd: process.cwd(),
    timeout,
    killSignal: 'SIGKILL',
    ...NOBODY,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number | null; stderr: string; killed?: boolean }) => {
      if (error.killed)
        throw new Error(`${command} as nobody was still running after ${timeout} ms (it served a database it cannot write)`, { cause: error });
      return { code: typeof error.code === 'number' ? error.code : null, stderr: error.stderr };
    },
  );
}

describe('a SQLite database the server cannot write (owned by root, mode 0644; the server run as another user)', () => {
  /** A migrated database owned by root, mode 0644, in a folder of `folderOwner`'s (mode 0755). */
  const aRootsDatabase = async (folderOwner: 'root' | 'nobody') => {
    const folder = mkdtempSync(join(dir, `ro-${folderOwner}-`));
    chmodSync(dir, 0o755);
    chmodSync(folder, 0o755);
    const file = join(folder, 'server.db');
    await run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'migrate'], {
      env: { ...process.env, DATABASE_URL: `sqlite:${file}` },
      cwd: process.cwd(),
    });
    chmodSync(file, 0o644);
    if (folderOwner === 'nobody') chownSync(folder, NOBODY.uid, NOBODY.gid);
    return file;
  };

  it('is refused at start, naming the file and what to check (exit 2): it served, /health ok, and every write was a 500', async () => {
    for (const folderOwner of ['nobody', 'root'] as const) {
      const file = await aRootsDatabase(folderOwner);
      for (const command of ['serve', 'migrate']) {
        const { code, stderr } = await asNobody(file, command);
        expect(code, `${command}, folder of ${folderOwner}: ${stderr}`).toBe(2);
        expect(stderr).toContain(`The database ${file} (DATABASE_URL) cannot be written`);
        expect(stderr).toContain('check the owner and permissions of the file');
        expect(stderr.trim().split('\n')).toHaveLength(1);
      }
    }
  }, 180_000);
});

/** `counter-server <command>` with these settings: its exit code and stderr. */
async function command(name: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'server/main.ts', name], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    cwd: process.cwd(),
    timeout: 30_000,
    killSignal: 'SIGKILL',
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number | null; stderr: string }) => ({ code: typeof error.code === 'number' ? error.code : null, stderr: error.stderr }),
  );
}

describe('failures at start are said with what to check, and their exit code says retry (1) or fix the setting (2)', () => {
  it('a new SQLite file in a folder the server may not write: the path and the likely cause (exit 2)', async () => {
    const folder = mkdtempSync(join(dir, 'no-write-'));
    chmodSync(dir, 0o755);
    chmodSync(folder, 0o755);
    const file = join(folder, 'server.db');
    const { code, stderr } = await asNobody(file, 'serve');
    expect(code, stderr).toBe(2);
    expect(stderr.trim()).toMatch(
      new RegExp(
        `^The database ${file} \\(DATABASE_URL\\) cannot be opened or created \\(SQLite: unable to open database file.*check that its folder exists and that this server \\(user nobody\\) may write in it`,
      ),
    );
    const beneath = join(folder, 'data', 'server.db');
    const made = await asNobody(beneath, 'migrate');
    expect(made.code, made.stderr).toBe(2);
    expect(made.stderr.trim()).toBe(
      `The folder of the database ${beneath} (DATABASE_URL) cannot be made (EACCES): make it, writable by the user this server runs as, or fix the path. Nothing was done.`,
    );
  }, 90_000);

  it('PostgreSQL not listening: where it was looked for, the password masked (exit 1: it may be starting); an unknown host (exit 2)', async () => {
    const refused = await command('migrate', { DATABASE_URL: 'postgres://postgres:s3cret@127.0.0.1:5499/counter' });
    expect(refused).toEqual({
      code: 1,
      stderr:
        'PostgreSQL at 127.0.0.1:5499 refused the connection (DATABASE_URL postgres://postgres:***@127.0.0.1:5499/counter): check the host and port in DATABASE_URL, and that PostgreSQL runs and listens there.\n',
    });
    const unknown = await command('serve', { PORT: '0', DATABASE_URL: 'postgres://postgres@counter-no-such-host.invalid:5432/counter' });
    expect(unknown).toEqual({
      code: 2,
      stderr:
        'The host "counter-no-such-host.invalid" of DATABASE_URL (postgres://postgres@counter-no-such-host.invalid:5432/counter) is not known (getaddrinfo ENOTFOUND): check the host name in DATABASE_URL.\n',
    });
  }, 90_000);

  it('a port in use: said with the setting that changes it, before a new database is made (exit 2)', async () => {
    const busy = createServer();
    await new Promise<void>((ready) => busy.listen(0, '127.0.0.1', ready));
    const port = (busy.address() as AddressInfo).port;
    try {
      const file = join(dir, 'port-in-use', 'server.db');
      const { code, stderr } = await command('serve', { PORT: String(port), DATABASE_URL: `sqlite:${file}` });
      expect({ code, stderr }).toEqual({
        code: 2,
        stderr: `Port ${port} on 127.0.0.1 is already in use (another counter-server, or another program): stop it, or set PORT to a free port. Nothing was done.\n`,
      });
      expect(existsSync(file)).toBe(false);
    } finally {
      await new Promise((closed) => busy.close(closed));
    }
  }, 60_000);
});
