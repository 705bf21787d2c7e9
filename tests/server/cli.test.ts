import { execFile } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { insertBusiness } from '../../server/businesses';
import { openDatabase } from '../../server/db/database';
import { LATEST_MIGRATION, migrateTo } from '../../server/db/migrate';
import { hashSecret, normalizePairingCode } from '../../server/auth/tokens';
import { inUseWarning } from '../../server/terminals/in-use-warning';
import { pairTerminal } from '../../server/terminals/pairing';
import { createTestDatabase, databaseKinds } from '../support/databases';

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
      ['restore'],
      ['store', 'add'],
      ['store', 'branch'],
      ['business', 'profile'],
      ['terminal', 'machine'],
      ['products', 'import'],
      ['products', 'taxes'],
    ]) {
      const { stdout } = await cli(...command, '--help');
      expect(stdout, command.join(' ')).toContain(`counter-server ${command.join(' ')}`);
    }
    expect((await cli('--help')).stdout).toContain('Commands:');
    await expect(cli('frobnicate')).rejects.toMatchObject({ code: 2 });
    // A subcommand that does not exist is named, with what does.
    for (const wrong of [
      ['terminal', 'list'],
      ['store', 'remove'],
      ['business', 'show'],
    ])
      await expect(cli(...wrong)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining(`Unknown command "${wrong.join(' ')}"`) });
    expect((await cli('terminal', '--help')).stdout).toContain('counter-server terminal machine');
    expect((await cli('serve', '--help')).stdout).toContain('POS_REQUEST_TIMEOUT_MS');
    // 17 processes, each loading the server's code: on a slow shared machine under the whole suite, past the default 120 s.
  }, 300_000);

  it('restores a backup over a database that stopped uncleanly (its -wal left behind): the backup as it was, sound; a bad backup is refused and changes nothing', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'counter-restore-'));
    const db = join(fresh, 'data', 'server.db');
    const at = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
        env: { ...process.env, DATABASE_URL: `sqlite:${db}` },
        cwd: process.cwd(),
      });
    const storeCodes = () => {
      const store = new Database(db, { readonly: true });
      try {
        return store.prepare('select code from stores order by code').pluck().all();
      } finally {
        store.close();
      }
    };
    try {
      await at('migrate');
      await at('store', 'add', '--code', 'MAKATI', '--name', 'Makati branch');
      const backup = join(fresh, 'backups', 'server.db');
      await at('backup', backup);
      // After the backup, a store is added and the server dies with it in its WAL only (kill -9).
      await expect(
        run(
          process.execPath,
          [
            '-e',
            `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(db)}); d.pragma('wal_autocheckpoint = 0');
             d.prepare("insert into stores (id, business_id, code, name, created_at) select 'after', id, 'AFTER', 'After the backup', '2026-11-30' from businesses").run();
             process.kill(process.pid, 'SIGKILL');`,
          ],
          { cwd: process.cwd() },
        ),
      ).rejects.toMatchObject({ signal: 'SIGKILL' });
      expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);
      expect(storeCodes()).toEqual(['AFTER', 'MAIN', 'MAKATI']);

      // A backup that is not one is refused, and the database is left as it was.
      const notADatabase = join(fresh, 'notes.txt');
      writeFileSync(notADatabase, 'not a database at all, but long enough to look like a file header.......................................');
      await expect(at('restore', notADatabase)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('nothing was restored') });
      await expect(at('restore', join(fresh, 'missing.db'))).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('No backup at') });
      expect(storeCodes()).toEqual(['AFTER', 'MAIN', 'MAKATI']);

      // Not while anything has the database open (a server, even idle): refused, nothing restored.
      const server = new Database(db);
      server.prepare('select count(*) from stores').get();
      try {
        await expect(at('restore', backup)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('is in use (is the server running?)') });
      } finally {
        server.close();
      }
      expect(storeCodes()).toEqual(['AFTER', 'MAIN', 'MAKATI']);

      const told = (await at('restore', backup)).stdout;
      expect(told).toMatch(/^Restored .* \(0 sales\)/);
      expect(told).toContain('revoke again any till revoked since');
      expect(storeCodes()).toEqual(['MAIN', 'MAKATI']);
      const restored = new Database(db, { readonly: true });
      try {
        expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        restored.close();
      }
      // The server starts on it as on any database: migrations and all.
      expect((await at('migrate')).stdout).toMatch(/Already up to date/);

      // A database file the disk damaged: the installer is told to move it aside, then the restore goes into a fresh file.
      writeFileSync(db, Buffer.alloc(8192, 7));
      await expect(at('restore', backup)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('is damaged (SQLITE_NOTADB): move it aside'),
      });
      renameSync(db, `${db}.damaged`);
      expect((await at('restore', backup)).stdout).toMatch(/^Restored /);
      expect(storeCodes()).toEqual(['MAIN', 'MAKATI']);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('found by a black-box probe: backup and the admin commands never migrate a database (an older server may run on it) nor create one at a mistyped path; restore takes only a back office database of this version or older', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'counter-schema-'));
    const at = (file: string, ...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
        env: { ...process.env, DATABASE_URL: `sqlite:${file}` },
        cwd: process.cwd(),
      });
    const migrationsOf = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('select name from kysely_migration order by name').pluck().all() as string[];
      } finally {
        db.close();
      }
    };
    try {
      // A typo in the path: said, nothing created, for a backup (a nightly job) as for a till added.
      const typo = join(fresh, 'sever.db');
      await expect(at(typo, 'backup', join(fresh, 'nightly.db'))).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`There is no database at ${typo} (DATABASE_URL): nothing was backed up.`),
      });
      await expect(at(typo, 'terminal', 'add', '--name', 'Till')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`There is no database at ${typo} (DATABASE_URL)`),
      });
      expect(existsSync(typo)).toBe(false);
      expect(existsSync(join(fresh, 'nightly.db'))).toBe(false);

      // A database of the version before (0013), as an older server still running on it keeps it.
      const old = join(fresh, 'old.db');
      const store = openDatabase(`sqlite:${old}`);
      await migrateTo(store, '0013-ledger-write-indexes');
      await store.close();
      const before = migrationsOf(old);
      expect(before.at(-1)).toBe('0013-ledger-write-indexes');
      const copy = join(fresh, 'pre-upgrade.db');
      expect((await at(old, 'backup', copy)).stdout).toContain('Backed up');
      expect(migrationsOf(copy)).toEqual(before);
      for (const command of [['terminal', 'add', '--name', 'Till'], ['store', 'add', '--code', 'MAKATI', '--name', 'Makati'], ['cleanup']]) {
        await expect(at(old, ...command), command.join(' ')).rejects.toMatchObject({
          code: 2,
          stderr: expect.stringContaining(`The database is at migration 0013-ledger-write-indexes; this counter-server needs ${LATEST_MIGRATION}`),
        });
      }
      expect(migrationsOf(old)).toEqual(before);

      // A database a newer version upgraded: this version neither migrates it nor restores a backup of it.
      const newer = join(fresh, 'newer.db');
      expect((await at(newer, 'migrate')).stdout).toMatch(/^Applied: /);
      const marked = new Database(newer);
      marked.prepare("insert into kysely_migration (name, timestamp) values ('0099-from-the-future', '2027-01-01T00:00:00.000Z')").run();
      marked.close();
      await expect(at(newer, 'migrate')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          'The database was upgraded by a newer version of Counter (migration 0099-from-the-future is unknown to this one)',
        ),
      });
      await expect(at(old, 'restore', newer)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('was written by a newer version of Counter'),
      });

      // A till's database (it has sales too) is not a back office backup.
      const till = join(fresh, 'terminal.db');
      const tillDb = new Database(till);
      tillDb.exec('create table sales (seq integer primary key, total_minor integer); create table outbox (seq integer primary key)');
      tillDb.close();
      await expect(at(old, 'restore', till)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('is not a Counter back office database (it has no kysely_migration, businesses, terminals tables)'),
      });
      expect(migrationsOf(old)).toEqual(before);

      // Found by a black-box probe: a refused start of the server said nothing and exited 0 (a clean stop to a service manager).
      await expect(
        run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'serve'], {
          env: { ...process.env, DATABASE_URL: `sqlite:${newer}`, PORT: '0' },
          cwd: process.cwd(),
        }),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('The database was upgraded by a newer version of Counter (migration 0099-from-the-future'),
      });

      // DATABASE_URL at a till's database: neither migrated nor served into half of each, and not sent to migrate.
      const tillTables = () => {
        const db = new Database(till, { readonly: true });
        try {
          return db.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
        } finally {
          db.close();
        }
      };
      const tablesBefore = tillTables();
      for (const command of [['migrate'], ['serve'], ['store', 'add', '--code', 'MAKATI', '--name', 'Makati']]) {
        await expect(
          run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...command], {
            env: { ...process.env, DATABASE_URL: `sqlite:${till}`, PORT: '0' },
            cwd: process.cwd(),
          }),
          command.join(' '),
        ).rejects.toMatchObject({
          code: 2,
          stderr: expect.stringContaining(
            "The database is not a Counter back office database: it has tables of its own (outbox, sales), as a till's terminal.db has,",
          ),
        });
      }
      expect(tillTables()).toEqual(tablesBefore);

      // Arguments to a command that takes none: refused before anything runs (a "dry run" that migrated, a port not listened on).
      const dry = join(fresh, 'dry.db');
      await expect(at(dry, 'migrate', '--dry-run')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('counter-server migrate takes no arguments (got "--dry-run")'),
      });
      expect(existsSync(dry)).toBe(false);
      await expect(at(dry, 'serve', '--port', '9300')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('Settings are environment variables: PORT=… counter-server serve.'),
      });
      await expect(at(old, 'cleanup', '--all')).rejects.toMatchObject({ code: 2 });

      // A LOG_LEVEL that is not one: named.
      await expect(
        run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'migrate'], {
          env: { ...process.env, DATABASE_URL: `sqlite:${old}`, LOG_LEVEL: 'loud' },
          cwd: process.cwd(),
        }),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'),
      });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('a PostgreSQL database or role that does not exist is a setting to fix (exit 2, with what to do), not a failure to retry', async () => {
    const atPostgres = (url: string) =>
      run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'migrate'], { env: { ...process.env, DATABASE_URL: url }, cwd: process.cwd() });
    await expect(atPostgres('postgres://postgres@127.0.0.1:5432/counter_no_such_database')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('PostgreSQL: database "counter_no_such_database" does not exist (DATABASE_URL): create it first (createdb)'),
    });
    await expect(atPostgres('postgres://counter_no_such_role@127.0.0.1:5432/test')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('PostgreSQL: role "counter_no_such_role" does not exist (DATABASE_URL): create that role'),
    });
  });

  it("an installer's first steps on a fresh machine: migrate into a folder that does not exist yet, a branch store, its till, a backup into a new folder", async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'counter-install-'));
    const at = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
        env: { ...process.env, DATABASE_URL: `sqlite:${join(fresh, 'data', 'server.db')}` },
        cwd: process.cwd(),
      });
    try {
      expect((await at('migrate')).stdout).toMatch(/^Applied: /);
      // A till for a store that is not there yet: said so, with how to add it; then it is added.
      await expect(at('terminal', 'add', '--name', 'Makati till', '--store', 'MAKATI')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('Business MAIN has no store MAKATI: add it first (counter-server store add'),
      });
      // A business added through the admin API has no store at first: its till asks for one, not for a "store MAIN" never named.
      const direct = openDatabase(`sqlite:${join(fresh, 'data', 'server.db')}`);
      await direct.db.transaction().execute((trx) => insertBusiness(trx, 'sqlite', { code: 'CHAIN2', name: 'Second chain' }));
      await direct.close();
      await expect(at('terminal', 'add', '--name', 'C2 till', '--business', 'CHAIN2')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          'Business CHAIN2 has no store yet: add one first (counter-server store add --code <code> --name <name> --business CHAIN2)',
        ),
      });
      await expect(at('terminal', 'add', '--name', 'Till', '--business', 'NOPE')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('Business NOPE was not found'),
      });
      expect((await at('store', 'add', '--code', 'MAKATI', '--name', 'Makati branch')).stdout).toMatch(/^Store MAKATI \(Makati branch\) of MAIN/);
      await expect(at('store', 'add', '--code', 'MAKATI', '--name', 'Again')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('already has a store MAKATI'),
      });
      await expect(at('store', 'add', '--code', 'has space', '--name', 'X')).rejects.toMatchObject({ code: 2 });
      expect((await at('terminal', 'add', '--name', 'Makati till', '--store', 'MAKATI')).stdout).toMatch(/Terminal T01/);
      // Two stores now: a till without --store is not put in MAIN by default (probe finding 2:
      // a Makati till sold for MAIN), it is refused naming the stores; nothing is added.
      await expect(at('terminal', 'add', '--name', 'Makati till 2')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('Business MAIN has 2 stores (MAIN, MAKATI): say which with --store'),
      });
      const terminalsAt = () => {
        const db = new Database(join(fresh, 'data', 'server.db'), { readonly: true });
        try {
          return db.prepare('select t.code, s.code as store from terminals t join stores s on s.id = t.store_id order by t.code').all();
        } finally {
          db.close();
        }
      };
      expect(terminalsAt()).toEqual([{ code: 'T01', store: 'MAKATI' }]);
      expect((await at('terminal', 'add', '--name', 'Makati till 2', '--store', 'makati')).stdout).toMatch(/Terminal T02/);
      expect(terminalsAt()).toEqual([
        { code: 'T01', store: 'MAKATI' },
        { code: 'T02', store: 'MAKATI' },
      ]);
      const target = join(fresh, 'backups', 'nightly', 'server.db');
      expect((await at('backup', target)).stdout).toContain('Backed up');
      expect(existsSync(target)).toBe(true);
      // An empty SQLite path would serve a database that vanishes with the process: refused.
      await expect(
        run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'migrate'], {
          env: { ...process.env, DATABASE_URL: 'sqlite:' },
          cwd: process.cwd(),
        }),
      ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('DATABASE_URL sqlite: needs a file') });
      // An option the command does not know: refused as given, as a missing one is.
      await expect(at('store', 'add', '--code', 'CEBU', '--name', 'Cebu', '--colour', 'red')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining("Unknown option '--colour'"),
      });
      // A database that cannot be reached is a failure, not a refusal (1: try again; 2: fix the command).
      await expect(
        run(process.execPath, ['--import', 'tsx', 'server/main.ts', 'migrate'], {
          env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' },
          cwd: process.cwd(),
        }),
      ).rejects.toMatchObject({ code: 1 });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('migrates, adds a terminal with a pairing code, cleans up and backs up', async () => {
    expect((await cli('migrate')).stdout).toMatch(/Applied|up to date/);
    // One store (MAIN): --store may be left out.
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
      code: 2,
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

  it.each(databaseKinds)(
    'on %s, a new pairing code for a terminal in contact within 10 minutes (maybe a till at the counter) is issued with a warning on stderr saying what using it does; none for a quiet or revoked one',
    async (kind) => {
      const database = await createTestDatabase(kind);
      const at = (...args: string[]) =>
        run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
          env: { ...process.env, DATABASE_URL: database.url },
          cwd: process.cwd(),
        });
      const store = openDatabase(database.url);
      try {
        await at('migrate');
        const added = await at('terminal', 'add', '--name', 'Front till');
        const [, code = '', id = ''] = /Terminal (T\d+) \(([^)]+)\)/.exec(added.stdout) ?? [];
        const firstCode = /Pairing code: (\S+)/.exec(added.stdout)?.[1] ?? '';
        const row = () =>
          store.db
            .selectFrom('terminals')
            .select(['token_hash', 'pairing_code_hash', 'last_contact_at'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
        const issuedCode = (stdout: string) => hashSecret(normalizePairingCode(/Pairing code: (\S+)/.exec(stdout)?.[1] ?? ''));

        // Never paired, never heard from: no warning.
        const quiet = await at('terminal', 'pairing-code', '--terminal', code);
        expect(quiet.stderr).toBe('');
        expect((await row()).pairing_code_hash).toBe(issuedCode(quiet.stdout));

        // A till paired with it and heard from 3 minutes ago.
        await pairTerminal(store, /Pairing code: (\S+)/.exec(quiet.stdout)?.[1] ?? firstCode);
        const threeMinutesAgo = new Date(Date.now() - 3 * 60_000 - 1_000).toISOString();
        await store.db.updateTable('terminals').set({ last_contact_at: threeMinutesAgo }).where('id', '=', id).execute();
        const tokenInUse = (await row()).token_hash;
        const warned = await at('terminal', 'pairing-code', '--terminal', code.toLowerCase());
        expect(warned.stderr).toBe(
          `Warning: terminal ${code} was in contact with the back office 3 minutes ago (${threeMinutesAgo}): it may be a till in use right now. ` +
            `The code is issued all the same, and that till works as before until the code is used. Once the code pairs a till, ` +
            `${code}'s current token is refused: the till now using it sells offline, its sales queued, until it is paired again with another new code for ${code}. ` +
            'If you meant another terminal, do not use this code (unused, it expires in 24 h).\n',
        );
        expect(warned.stdout).toMatch(/Pairing code: [A-Z2-9]{5}-[A-Z2-9]{5}/);
        // Issued, and the till in use keeps its token until the code is used.
        expect(await row()).toMatchObject({ token_hash: tokenInUse, pairing_code_hash: issuedCode(warned.stdout) });

        // Heard from 11 minutes ago: no warning.
        await store.db
          .updateTable('terminals')
          .set({ last_contact_at: new Date(Date.now() - 11 * 60_000).toISOString() })
          .where('id', '=', id)
          .execute();
        expect((await at('terminal', 'pairing-code', '--id', id)).stderr).toBe('');

        // A revoked till is cut off already: a new code for it warns of nothing, however recent its contact.
        await store.db.updateTable('terminals').set({ last_contact_at: new Date().toISOString() }).where('id', '=', id).execute();
        await at('terminal', 'revoke', '--terminal', code, '--reason', 'stolen');
        expect(await inUseWarning(store, id)).toBeNull();
      } finally {
        await store.close();
        await database.drop();
      }
    },
    // 7 processes per database, each loading the server's code: on a slow shared machine, past the default.
    300_000,
  );
});
