import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from './app';
import { ensureDefaultBusiness, DEFAULT_BUSINESS_CODE, DEFAULT_STORE_CODE } from './businesses';
import { databaseInLog, openDatabase, refuseUnlessWritable, sqliteOpenRefusal, type BackOfficeDb, type OpenOptions } from './db/database';
import { LATEST_MIGRATION, migrateToLatest, refuseUnlessCurrent, SchemaMismatch } from './db/migrate';
import { backupSqlite, restoreSqliteBackup, RestoreRefused } from './db/restore';
import { cleanupExpiredResponses } from './idempotency/idempotent-writes';
import { Problem } from './problem';
import { Refused } from './refused';
import { readSettings } from './settings';
import { forgetExpiredSignOuts } from './fleet-page/fleet-session';
import { addTerminalNow } from './terminals/pairing';
import { businessByCode } from './place-codes';
import { findTerminalId, issuePairingCodeNow, revokeTerminalNow } from './terminals/revocation';
import { inUseWarning } from './terminals/in-use-warning';
import { businessProfileCommand, INVOICE_HELP, terminalMachineCommand } from './invoicing/invoice-cli';
import { stopOnSyncFailure } from './db/sync-failure';
import { BRANCH_HELP, storeAddCommand, storeBranchCommand, STORE_HELP } from './stores-cli';
import { productsImportCommand, productsTaxesCommand, PRODUCTS_HELP } from './catalog/products-cli';

const HELP: Record<string, string> = {
  serve: `counter-server serve
  Migrates the database, creates business MAIN / store MAIN on first start, and listens.
  Settings come from the environment: PORT (8787), HOST (127.0.0.1), DATABASE_URL
  (sqlite:./data/server.db or postgres://...), POS_ADMIN_TOKEN, POS_METRICS_TOKEN, POS_IDEMPOTENCY_TTL_SECONDS
  (86400), POS_CLEANUP_INTERVAL_SECONDS (3600), POS_TRUST_PROXY (unset), POS_LOGIN_ATTEMPTS_PER_MINUTE
  (10), POS_ADMIN_FAILURES_PER_MINUTE (30), POS_REQUEST_TIMEOUT_MS (120000),
  POS_STALE_TERMINAL_MINUTES (60), POS_OLD_PENDING_HOURS (24), LOG_LEVEL (info).`,
  migrate: `counter-server migrate
  Applies pending migrations to DATABASE_URL (creating a SQLite file if there is none; a
  PostgreSQL database must exist: createdb it first), adds
  business MAIN / store MAIN if missing, and exits. The other commands below work only on a
  database at this version's schema.`,
  'store add': STORE_HELP,
  'store branch': BRANCH_HELP,
  'terminal add': `counter-server terminal add --name <name> [--store <code>] [--business MAIN]
  Registers a terminal and prints its one-time pairing code (valid 24 h). --store may be left
  out while the business has one store (MAIN at first); with more, it is required.`,
  'terminal revoke': `counter-server terminal revoke (--id <terminalId> | --terminal <code> [--business MAIN] [--store <code>]) --reason <text>
  Revokes a lost or stolen till: its token is refused (401 terminal_revoked) and any open
  pairing code is cancelled. Its sales stay recorded. Running it again changes nothing.`,
  'terminal pairing-code': `counter-server terminal pairing-code (--id <terminalId> | --terminal <code> [--business MAIN] [--store <code>])
  Prints a new one-time pairing code (valid 24 h) for the same terminal. Pairing with it
  issues a new token, ends the old one and lifts a revocation; the terminal keeps its id.
  A terminal in contact within the last 10 minutes may be a till in use: the code is still
  issued (exit 0), with a warning on stderr that using it cuts that till off.`,
  ...INVOICE_HELP,
  ...PRODUCTS_HELP,
  cleanup: `counter-server cleanup
  Deletes stored idempotency responses past their TTL. Sales keep their keys forever.`,
  backup: `counter-server backup <file>
  SQLite: writes an online, consistent copy of the database to <file> (its folder is made if
  missing) while the server runs. The database is copied as it is: never migrated, never
  created (a path with no database is refused). PostgreSQL: use pg_dump (README: "Backups").`,
  restore: `counter-server restore <file>
  SQLite, with the server STOPPED (refused while anything has the database open): puts the
  backup <file> back as the database of DATABASE_URL, through SQLite's backup API (a plain
  copy beside a leftover -wal file undoes the restore or breaks the indexes). Checks the
  backup first and the result after. A damaged database is named, to be moved aside first.
  The tills then send again what the back office had acknowledged after the backup (README:
  "Backups"). PostgreSQL: use pg_restore.`,
};

function usage(): string {
  return `Usage: counter-server <command> [options]\n\nCommands:\n${Object.values(HELP)
    .map((text) => `  ${text.split('\n').join('\n  ')}`)
    .join('\n\n')}\n\nExit codes: 0 done; 2 refused as given, nothing changed (fix the command); 1 failed while running (try again).\n`;
}

/**
 * The database of DATABASE_URL; for a SQLite file, its folder is made first (a fresh install
 * has none), and a file this process cannot open or write is refused (exit 2) naming it: it
 * would open, answer reads and `GET /health`, and fail every write.
 */
async function openConfigured(options: OpenOptions = {}): Promise<BackOfficeDb> {
  const settings = readSettings();
  const file = sqliteFileOf(settings.databaseUrl);
  if (file === null) return openDatabase(settings.databaseUrl, options);
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS' && code !== 'ENOTDIR' && code !== 'EEXIST') throw error;
    throw new Refused(
      `The folder of the database ${resolve(file)} (DATABASE_URL) cannot be made (${code}): make it, writable by the user this server runs as, or fix the path. Nothing was done.`,
    );
  }
  let store: BackOfficeDb;
  try {
    store = openDatabase(settings.databaseUrl, options);
  } catch (error) {
    throw sqliteOpenRefusal(file, error) ?? error;
  }
  try {
    refuseUnlessWritable(store, file);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** `serve` and `migrate`: the database brought to this version's schema, with business MAIN / store MAIN; what was applied. */
async function openMigrated(options: OpenOptions = {}): Promise<{ store: BackOfficeDb; applied: string[] }> {
  const store = await openConfigured(options);
  try {
    const applied = await migrateToLatest(store);
    await ensureDefaultBusiness(store);
    return { store, applied };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Every other command: a database that exists, at this version's schema (refuseUnlessCurrent).
 * A mistyped SQLite path is said, not made into an empty database; an older database is not
 * migrated under the servers that may still run on it.
 */
async function openCurrent(): Promise<BackOfficeDb> {
  const file = sqliteFileOf(readSettings().databaseUrl);
  if (file !== null && !existsSync(file))
    throw new SchemaMismatch(
      `There is no database at ${resolve(file)} (DATABASE_URL): check the path, or run \`counter-server migrate\` to create it.`,
    );
  const store = await openConfigured();
  try {
    await refuseUnlessCurrent(store);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The file of a sqlite: DATABASE_URL (null for PostgreSQL or a database in memory). */
const sqliteFileOf = (databaseUrl: string): string | null =>
  databaseUrl.startsWith('sqlite:') && databaseUrl !== 'sqlite::memory:' ? databaseUrl.slice('sqlite:'.length) : null;

/**
 * The store a `terminal add` without --store means: the business's only store. With more than
 * one, the till would sell for whichever was guessed (a branch's till selling for MAIN, probe
 * finding 2), so it is refused naming them. An unknown business is left to addTerminalNow.
 */
async function onlyStoreOf(store: BackOfficeDb, businessCode: string, name: string): Promise<string | Refused> {
  const business = await businessByCode(store.db, businessCode);
  if (!business) return DEFAULT_STORE_CODE;
  const stores = await store.db.selectFrom('stores').select('code').where('business_id', '=', business.id).orderBy('code').execute();
  if (stores.length === 1) return stores[0]!.code;
  // A business added through the admin API starts with none: said so, not "no store MAIN", a store never named.
  if (stores.length === 0)
    return new Refused(
      `Business ${business.code} has no store yet: add one first (counter-server store add --code <code> --name <name> --business ${business.code}), then register the till with --store <code>.`,
    );
  const codes = stores.map((s) => s.code).join(', ');
  return new Refused(
    `Business ${business.code} has ${stores.length} stores (${codes}): say which with --store, e.g. counter-server terminal add --name ${JSON.stringify(name)} --store ${stores[stores.length - 1]!.code}`,
  );
}

type StoreCommand = (store: BackOfficeDb, args: string[], out: (text: string) => void, err: (text: string) => void) => Promise<number>;

/** A subcommand run on the database as it is (at this version's schema), writing to stdout and stderr; its exit code. */
async function onCurrentStore(command: StoreCommand, args: string[]): Promise<number> {
  const store = await openCurrent();
  try {
    return await command(
      store,
      args,
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    );
  } finally {
    await store.close();
  }
}

/**
 * A command of several subcommands (`store add`, `store branch`): the one named runs on the
 * current database; --help, none or an unknown one prints its help (the first's when it is
 * not one of them), an unknown one named on stderr, exit 2 unless help was asked for.
 */
function subcommandOf(group: string, commands: Record<string, [StoreCommand, string]>, rest: string[], wantsHelp: boolean): Promise<number> | number {
  const named = rest[0] !== undefined && Object.hasOwn(commands, rest[0]) ? commands[rest[0]] : undefined;
  if (named === undefined || wantsHelp) {
    if (named === undefined && !wantsHelp && rest[0] !== undefined) process.stderr.write(`Unknown command "${group} ${rest[0]}"\n`);
    process.stdout.write(`${(named ?? Object.values(commands)[0]!)[1]}\n`);
    return wantsHelp ? 0 : 2;
  }
  return onCurrentStore(named[0], rest.slice(1));
}

async function serve(): Promise<void> {
  const settings = readSettings();
  // SQLite: the WAL checkpoints run in a worker thread, off the thread that serves (wal-checkpoints.ts).
  // A disk that fails (a WAL sync, an I/O error) stops the server (sync-failure.ts); its log says why.
  let log: (error: unknown) => void = (error) => console.error('the disk failed', error);
  // A port in use (another counter-server?) is said before a new database is made and migrated.
  await refuseUnlessListenable(settings.port, settings.host);
  const { store, applied } = await openMigrated({ checkpoints: 'background', onSyncFailure: stopOnSyncFailure((error) => log(error)) });
  const { app, services } = await build({ store, settings });
  app.log.info(
    { database: databaseInLog(settings.databaseUrl), schema: LATEST_MIGRATION, applied },
    applied.length ? 'database upgraded' : 'database opened',
  );
  log = (error) => app.log.fatal({ err: error }, 'the disk failed (a WAL sync or an I/O error): stopping; restart to recover from what is on disk');
  const cleanup = setInterval(() => {
    cleanupExpiredResponses(store)
      .then(async (deleted) => {
        if (deleted > 0) app.log.info({ deleted }, 'expired idempotency responses removed');
        await forgetExpiredSignOuts(store);
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'cleanup failed'));
  }, settings.cleanupIntervalSeconds * 1000);
  cleanup.unref();
  const stop = async () => {
    clearInterval(cleanup);
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    // Taken since the check (a race), or refused only now: said the same way.
    await app.close();
    await store.close();
    throw listenRefusal(error, settings.port, settings.host) ?? error;
  }
  if (!settings.adminToken) app.log.warn('POS_ADMIN_TOKEN is not set: the admin API answers 401');
  // Bring the continuity checkpoints up to date now, chunk by chunk while serving, so that
  // the first manager to open /fleet after an upgrade does not wait for the catch-up.
  const warmUp = Date.now();
  services.reports.monitoring(settings.watch, new Date(), settings.idempotencyTtlSeconds).then(
    () => app.log.info({ ms: Date.now() - warmUp }, 'continuity checkpoints up to date'),
    (error: unknown) => app.log.warn({ err: error }, 'continuity warm-up failed; the first report will catch up'),
  );
}

/** What a listen refused means to an installer, with the setting that changes it (Refused: exit 2); null for any other error. */
function listenRefusal(error: unknown, port: number, host: string): Refused | null {
  switch ((error as { code?: unknown } | null)?.code) {
    case 'EADDRINUSE':
      return new Refused(
        `Port ${port} on ${host} is already in use (another counter-server, or another program): stop it, or set PORT to a free port. Nothing was done.`,
      );
    case 'EACCES':
      return new Refused(
        `Port ${port} on ${host} may not be opened by this user (ports below 1024 need privileges): set PORT to 1024 or above. Nothing was done.`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new Refused(
        `HOST "${host}" is not an address of this machine: set HOST to one of its addresses, 127.0.0.1 or 0.0.0.0. Nothing was done.`,
      );
  }
  return null;
}

/** Refused (listenRefusal) unless PORT on HOST can be listened on now; PORT 0 (any free port) always can. */
async function refuseUnlessListenable(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(listenRefusal(error, port, host) ?? error));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolvePort()));
  });
}

/** `terminal revoke` and `terminal pairing-code`: a lost till is cut off, or paired again. */
async function terminalAccess(subcommand: 'revoke' | 'pairing-code', args: string[], wantsHelp: boolean): Promise<number> {
  const help = HELP[`terminal ${subcommand}`] ?? '';
  if (wantsHelp) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const { values } = parseArgs({
    args,
    options: {
      id: { type: 'string' },
      terminal: { type: 'string' },
      business: { type: 'string' },
      store: { type: 'string' },
      reason: { type: 'string' },
    },
  });
  if ((values.id === undefined) === (values.terminal === undefined)) {
    process.stderr.write(`Name the terminal with --id or with --terminal (not both)\n${help}\n`);
    return 2;
  }
  if (subcommand === 'revoke' && !values.reason?.trim()) {
    process.stderr.write(`--reason is required\n${help}\n`);
    return 2;
  }
  const store = await openCurrent();
  try {
    const terminalId = await findTerminalId(store, {
      id: values.id,
      businessCode: values.business,
      storeCode: values.store,
      terminalCode: values.terminal,
    });
    if (subcommand === 'revoke') {
      const revoked = await revokeTerminalNow(store, terminalId, values.reason ?? '');
      process.stdout.write(`Terminal ${revoked.terminalCode} (${revoked.terminalId}) revoked at ${revoked.revokedAt}\n`);
    } else {
      const warning = await inUseWarning(store, terminalId);
      if (warning !== null) process.stderr.write(`${warning}\n`);
      const issued = await issuePairingCodeNow(store, terminalId);
      process.stdout.write(
        `Terminal ${issued.terminalCode} (${issued.terminalId})\nPairing code: ${issued.pairingCode}\nExpires: ${issued.expiresAt}\n`,
      );
    }
  } finally {
    await store.close();
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'serve';
  const rest = argv.slice(1);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (command === 'terminal' && (rest[0] === 'revoke' || rest[0] === 'pairing-code')) return terminalAccess(rest[0], rest.slice(1), wantsHelp);
  if (command === 'store')
    return subcommandOf('store', { add: [storeAddCommand, STORE_HELP], branch: [storeBranchCommand, BRANCH_HELP] }, rest, wantsHelp);
  if (command === 'products')
    return subcommandOf(
      'products',
      { import: [productsImportCommand, PRODUCTS_HELP['products import']], taxes: [productsTaxesCommand, PRODUCTS_HELP['products taxes']] },
      rest,
      wantsHelp,
    );
  if (command === 'business' && rest[0] !== 'profile') {
    if (rest[0] !== undefined && !wantsHelp) process.stderr.write(`Unknown command "business ${rest[0]}"\n`);
    process.stdout.write(`${INVOICE_HELP['business profile']}\n`);
    return wantsHelp ? 0 : 2;
  }
  const invoiceCommand =
    command === 'business' && rest[0] === 'profile'
      ? businessProfileCommand
      : command === 'terminal' && rest[0] === 'machine'
        ? terminalMachineCommand
        : null;
  if (invoiceCommand !== null) {
    if (wantsHelp) {
      process.stdout.write(`${INVOICE_HELP[command === 'business' ? 'business profile' : 'terminal machine']}
`);
      return 0;
    }
    return onCurrentStore(invoiceCommand, rest.slice(1));
  }
  if (command === 'terminal') {
    if (rest[0] !== 'add' || wantsHelp) {
      if (rest[0] !== 'add' && rest[0] !== undefined && !rest[0].startsWith('-')) process.stderr.write(`Unknown command "terminal ${rest[0]}"\n`);
      const terminalHelp =
        rest[0] === 'add'
          ? [HELP['terminal add']]
          : [HELP['terminal add'], HELP['terminal revoke'], HELP['terminal pairing-code'], INVOICE_HELP['terminal machine']];
      process.stdout.write(`${terminalHelp.join('\n\n')}\n`);
      return rest[0] === 'add' || wantsHelp ? 0 : 2;
    }
    const { values } = parseArgs({
      args: rest.slice(1),
      options: {
        name: { type: 'string' },
        store: { type: 'string' },
        business: { type: 'string', default: DEFAULT_BUSINESS_CODE },
      },
    });
    if (!values.name) {
      process.stderr.write(`--name is required\n${HELP['terminal add']}\n`);
      return 2;
    }
    const store = await openCurrent();
    try {
      const storeCode = values.store ?? (await onlyStoreOf(store, values.business, values.name));
      if (storeCode instanceof Refused) {
        process.stderr.write(`${storeCode.message}\n`);
        return 2;
      }
      const created = await addTerminalNow(store, { businessCode: values.business, storeCode, name: values.name });
      process.stdout.write(
        `Terminal ${created.terminalCode} (${created.terminalId})\nPairing code: ${created.pairingCode}\nExpires: ${created.pairingExpiresAt}\n`,
      );
    } finally {
      await store.close();
    }
    return 0;
  }
  const help = HELP[command];
  if (!help) {
    process.stderr.write(`Unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  if (wantsHelp) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (command === 'serve' || command === 'migrate' || command === 'cleanup') refuseArguments(command, rest);
  switch (command) {
    case 'serve':
      await serve();
      return -1;
    case 'migrate': {
      const { store, applied } = await openMigrated();
      await store.close();
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date\n');
      return 0;
    }
    case 'cleanup': {
      const store = await openCurrent();
      const deleted = await cleanupExpiredResponses(store);
      await forgetExpiredSignOuts(store);
      await store.close();
      process.stdout.write(`Removed ${deleted} expired idempotency responses\n`);
      return 0;
    }
    case 'restore': {
      const from = rest[0];
      const { databaseUrl } = readSettings();
      if (!databaseUrl.startsWith('sqlite:')) {
        process.stderr.write('This server uses PostgreSQL: restore it with pg_restore (README: "Backups").\n');
        return 2;
      }
      if (!from) {
        process.stderr.write(`${help}\n`);
        return 2;
      }
      // readSettings has refused a DATABASE_URL that is neither (databaseKindOf): null is a database in memory.
      const target = sqliteFileOf(databaseUrl);
      if (target === null) {
        process.stderr.write('DATABASE_URL is a database in memory: there is nothing to restore into.\n');
        return 2;
      }
      try {
        const { sales } = await restoreSqliteBackup(from, target);
        process.stdout.write(
          `Restored ${from} into ${target} (${sales} sales).\n` +
            'What was done after the backup is not in it. Before starting the server: run counter-server migrate (a backup of an older version), ' +
            'then revoke again any till revoked since (counter-server terminal revoke): until then it would be let in. ' +
            'Then start the server: the tills send again what it had acknowledged after the backup. Enter stock work again; pair again any till added since.\n',
        );
      } catch (error) {
        if (!(error instanceof RestoreRefused)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
      return 0;
    }
    case 'backup': {
      // The database as it is: a backup never migrates it (an older server may be running on it) nor creates one.
      const { databaseUrl } = readSettings();
      const file = sqliteFileOf(databaseUrl);
      if (file === null) {
        process.stderr.write(
          databaseUrl.startsWith('sqlite:')
            ? 'DATABASE_URL is a database in memory: there is nothing to back up.\n'
            : 'This server uses PostgreSQL: back it up with pg_dump (README: "Backups").\n',
        );
        return 2;
      }
      if (!rest[0]) {
        process.stderr.write(`${help}\n`);
        return 2;
      }
      try {
        await backupSqlite(file, rest[0]);
      } catch (error) {
        if (!(error instanceof RestoreRefused)) throw error;
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
      process.stdout.write(`Backed up ${resolve(file)} to ${rest[0]}\n`);
      return 0;
    }
  }
  return 2;
}

/**
 * `serve`, `migrate` and `cleanup` take no arguments: their settings are environment
 * variables. A word after them (`serve --port 9300`, `migrate --dry-run`) is refused before
 * anything runs, not ignored (a dry run that migrated, a port that was not the one asked).
 */
function refuseArguments(command: string, args: string[]): void {
  if (args.length === 0) return;
  const [first] = args;
  const setting = first?.replace(/^--?/, '').split('=')[0]?.toUpperCase().replaceAll('-', '_') ?? '';
  const hint = ['PORT', 'HOST', 'DATABASE_URL', 'LOG_LEVEL'].includes(setting)
    ? ` Settings are environment variables: ${setting}=… counter-server ${command}.`
    : ' Its settings are environment variables (README, "Settings").';
  throw new Refused(`counter-server ${command} takes no arguments (got "${args.join(' ')}").${hint} Nothing was done.`);
}

/**
 * PostgreSQL's answers that no retry changes (SQLSTATE): a database or role that does not
 * exist, a password refused. Said with what to do, and refused (2), not "try again" (1).
 */
const POSTGRES_SETTING_ERRORS: Record<string, string> = {
  '3D000': 'create it first (createdb), or fix the database name in DATABASE_URL',
  '28000': 'create that role, or fix the user in DATABASE_URL',
  '28P01': 'fix the password in DATABASE_URL',
};

/**
 * A PostgreSQL server that cannot be reached, said with where it was looked for (the
 * password masked) and what to check; `refused` true for an unknown host (a setting to fix,
 * exit 2), false for one that refused or did not answer (it may be starting: exit 1).
 */
function postgresUnreachable(error: unknown): { message: string; refused: boolean } | null {
  let url: URL;
  let databaseUrl: string;
  try {
    databaseUrl = readSettings().databaseUrl;
    if (!databaseUrl.startsWith('postgres')) return null;
    url = new URL(databaseUrl);
  } catch {
    return null;
  }
  const at = `${url.hostname}:${url.port || '5432'}`;
  const shown = databaseInLog(databaseUrl);
  switch ((error as { code?: unknown } | null)?.code) {
    case 'ECONNREFUSED':
      return {
        message: `PostgreSQL at ${at} refused the connection (DATABASE_URL ${shown}): check the host and port in DATABASE_URL, and that PostgreSQL runs and listens there.`,
        refused: false,
      };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        message: `PostgreSQL at ${at} could not be reached (DATABASE_URL ${shown}): check the host in DATABASE_URL, the network and any firewall.`,
        refused: false,
      };
    case 'ENOTFOUND':
      return {
        message: `The host "${url.hostname}" of DATABASE_URL (${shown}) is not known (getaddrinfo ENOTFOUND): check the host name in DATABASE_URL.`,
        refused: true,
      };
  }
  return null;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const unreachable = postgresUnreachable(error);
  if (unreachable !== null) return unreachable.message;
  const fix = typeof code === 'string' ? POSTGRES_SETTING_ERRORS[code] : undefined;
  return fix === undefined ? message : `PostgreSQL: ${message} (DATABASE_URL): ${fix}.`;
}

/** 2: refused as given, nothing changed (fix the command); 1: failed while it ran (try again). */
function exitCodeOf(error: unknown): number {
  if (error instanceof Refused || (error instanceof Problem && error.status < 500)) return 2;
  if (postgresUnreachable(error)?.refused === true) return 2;
  if (Object.hasOwn(POSTGRES_SETTING_ERRORS, String((error as { code?: unknown } | null)?.code))) return 2;
  // parseArgs: an option this command does not know, or one missing its value.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_') ? 2 : 1;
}

/**
 * A command whose work is still awaited when nothing is left that could end the wait (a
 * fault: a thread let go before it was done) would end with exit 0 and not a word, and a
 * service manager would take a server that never started for one that stopped cleanly.
 */
let settled = false;
process.once('beforeExit', () => {
  if (settled) return;
  process.stderr.write('counter-server stopped before its command finished, with nothing left to wait for (a fault: report it).\n');
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(`${messageOf(error)}\n`);
    process.exit(exitCodeOf(error));
  },
);
