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
    for (const command of [
      ['serve'],
      ['migrate'],
      ['terminal', 'add'],
      ['terminal', 'revoke'],
      ['terminal', 'pairing-code'],
      ['cleanup'],
      ['backup'],
    ]) {
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

  it('revokes a till by its codes and issues a new pairing code for the same terminal by its id', async () => {
    const added = await cli('terminal', 'add', '--name', 'Lost till');
    const terminalCode = /Terminal (T\d+) \(([^)]+)\)/.exec(added.stdout);
    expect(terminalCode).not.toBeNull();
    const [, code = '', id = ''] = terminalCode ?? [];
    await expect(cli('terminal', 'revoke', '--terminal', code)).rejects.toMatchObject({ code: 2 });
    await expect(cli('terminal', 'revoke', '--terminal', 'T99', '--reason', 'lost')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not found'),
    });
    const revoked = await cli('terminal', 'revoke', '--terminal', code, '--business', 'MAIN', '--store', 'MAIN', '--reason', 'left on the bus');
    expect(revoked.stdout).toMatch(new RegExp(`Terminal ${code} \\(${id}\\) revoked at \\d{4}-`));
    const issued = await cli('terminal', 'pairing-code', '--id', id);
    expect(issued.stdout).toMatch(/Pairing code: [A-Z2-9]{5}-[A-Z2-9]{5}/);
    const store = openDatabase(env.DATABASE_URL);
    const row = await store.db.selectFrom('terminals').select(['revoked_reason', 'pairing_code_hash']).where('id', '=', id).executeTakeFirstOrThrow();
    await store.close();
    expect(row.revoked_reason).toBe('left on the bus');
    expect(row.pairing_code_hash).not.toBeNull();
  });
});
