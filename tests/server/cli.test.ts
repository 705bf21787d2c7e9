import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'counter-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'server.db')}` };
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { env, cwd: process.cwd() });

describe('the counter-server command line', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('explains every subcommand with --help', async () => {
    for (const command of [['serve'], ['migrate'], ['terminal', 'add'], ['cleanup'], ['backup']]) {
      const { stdout } = await cli(...command, '--help');
      expect(stdout, command.join(' ')).toContain(`counter-server ${command.join(' ')}`);
    }
    expect((await cli('--help')).stdout).toContain('Commands:');
    await expect(cli('frobnicate')).rejects.toMatchObject({ code: 2 });
  });

  it('migrates, adds a terminal with a pairing code, cleans up and backs up', async () => {
    expect((await cli('migrate')).stdout).toMatch(/Applied|up to date/);
    const added = await cli('terminal', 'add', '--name', 'Front till');
    expect(added.stdout).toMatch(/Terminal T01/);
    const code = /Pairing code: (\S+)/.exec(added.stdout)?.[1];
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect((await cli('cleanup')).stdout).toMatch(/Removed \d+ expired/);
    const target = join(dir, 'backup.db');
    expect((await cli('backup', target)).stdout).toContain('Backed up');
    expect(existsSync(target)).toBe(true);
    const copy = openDatabase(`sqlite:${target}`);
    const terminals = await copy.db.selectFrom('terminals').select('name').execute();
    await copy.close();
    expect(terminals).toEqual([{ name: 'Front till' }]);
  });
});
