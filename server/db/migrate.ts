import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { BackOfficeDb } from './database';
import * as initial from './migrations/0001-initial';
import * as backOfficeDocuments from './migrations/0002-back-office-documents';
import * as stockLevels from './migrations/0003-stock-levels';
import * as hardening from './migrations/0004-hardening';
import * as answersByEndpoint from './migrations/0005-answers-by-endpoint';
import * as stockCounts from './migrations/0006-stock-counts';
import * as salesInvoice from './migrations/0007-sales-invoice';
import * as electronicJournal from './migrations/0008-electronic-journal';
import * as leanerWriteIndexes from './migrations/0009-leaner-write-indexes';
import * as soldBy from './migrations/0010-sold-by';
import * as rangeCheckpoints from './migrations/0011-range-checkpoints';
import * as beneficiaryKey from './migrations/0012-beneficiary-key';
import * as ledgerWriteIndexes from './migrations/0013-ledger-write-indexes';
import * as keyFirstDedup from './migrations/0014-key-first-dedup';
import * as utcOccurredAt from './migrations/0015-utc-occurred-at';
import * as taxAsCharged from './migrations/0016-tax-as-charged';
import * as printedAs from './migrations/0017-printed-as';
import * as tillClock from './migrations/0018-till-clock';
import * as retiredPairingCodes from './migrations/0019-retired-pairing-codes';
import * as skuCaseIndex from './migrations/0020-sku-case-index';
import * as posSupplier from './migrations/0021-pos-supplier';
import * as movementHappenedAt from './migrations/0022-movement-happened-at';
import * as voidedDocuments from './migrations/0023-voided-documents';
import * as refundRestock from './migrations/0024-refund-restock';
import * as documentsKeyedByTerminal from './migrations/0025-documents-keyed-by-terminal';
import * as transferReceivedBy from './migrations/0026-transfer-received-by';
import * as storeBranch from './migrations/0027-store-branch';
import { Refused } from '../refused';

/** Versioned migrations, in order. A new one is a new file and a new line here. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-back-office-documents': backOfficeDocuments,
  '0003-stock-levels': stockLevels,
  '0004-hardening': hardening,
  '0005-answers-by-endpoint': answersByEndpoint,
  '0006-stock-counts': stockCounts,
  '0007-sales-invoice': salesInvoice,
  '0008-electronic-journal': electronicJournal,
  '0009-leaner-write-indexes': leanerWriteIndexes,
  '0010-sold-by': soldBy,
  '0011-range-checkpoints': rangeCheckpoints,
  '0012-beneficiary-key': beneficiaryKey,
  '0013-ledger-write-indexes': ledgerWriteIndexes,
  '0014-key-first-dedup': keyFirstDedup,
  '0015-utc-occurred-at': utcOccurredAt,
  '0016-tax-as-charged': taxAsCharged,
  '0017-printed-as': printedAs,
  '0018-till-clock': tillClock,
  '0019-retired-pairing-codes': retiredPairingCodes,
  '0020-sku-case-index': skuCaseIndex,
  '0021-pos-supplier': posSupplier,
  '0022-movement-happened-at': movementHappenedAt,
  '0023-voided-documents': voidedDocuments,
  '0024-refund-restock': refundRestock,
  '0025-documents-keyed-by-terminal': documentsKeyedByTerminal,
  '0026-transfer-received-by': transferReceivedBy,
  '0027-store-branch': storeBranch,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(store: BackOfficeDb): Promise<string[]> {
  const { last, unknown } = await schemaOf(store);
  if (unknown.length > 0) throw new SchemaMismatch(newerVersion(unknown));
  if (last === null) await refuseSomeoneElses(store);
  return applied(await new Migrator({ db: store.db, provider }).migrateToLatest());
}

/** Every migration this version knows, in order; the newest is the schema its queries are written for. */
const MIGRATIONS: readonly string[] = Object.keys(migrations);
export const LATEST_MIGRATION = MIGRATIONS.at(-1) ?? '';

/** The migrations a database has had that this version does not know: a newer version's. */
export const unknownMigrations = (executed: readonly string[]): string[] => executed.filter((name) => !(name in migrations));

/** A database this version of the server cannot work on as it is; said to the installer as it is. */
export class SchemaMismatch extends Refused {}

/** The migrations a database has had: the last one this version knows, and any it does not (a newer version's). */
async function schemaOf(store: BackOfficeDb): Promise<{ last: string | null; unknown: string[] }> {
  let names: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    names = rows.map((row) => row.name);
  } catch (error) {
    // No migration table: a database never migrated (or not ours). Anything else (refused, a wrong password, busy) is said as it is.
    const { code, message } = error as { code?: string; message?: string };
    if (code !== '42P01' && !/no such table: kysely_migration/.test(message ?? '')) throw error;
    names = [];
  }
  return { last: names.filter((name) => name in migrations).at(-1) ?? null, unknown: unknownMigrations(names) };
}

/**
 * A SQLite file never migrated must be empty to become a back office: one with tables of its
 * own is someone else's, most likely a till's `terminal.db` (DATABASE_URL pointed at the wrong
 * file), which migrating would turn into half of each. (A PostgreSQL database may be shared
 * with other applications' tables: it is not checked.)
 */
async function refuseSomeoneElses(store: BackOfficeDb): Promise<void> {
  if (store.kind !== 'sqlite') return;
  const { rows } = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(store.db);
  const tables = rows.map((row) => row.name).filter((name) => name !== 'kysely_migration' && name !== 'kysely_migration_lock');
  if (tables.length === 0) return;
  const shown = tables.length > 5 ? `${tables.slice(0, 5).join(', ')}, …` : tables.join(', ');
  throw new SchemaMismatch(
    `The database is not a Counter back office database: it has tables of its own (${shown})${tables.includes('outbox') ? ", as a till's terminal.db has," : ''} ` +
      'and was never set up by counter-server. Point DATABASE_URL at the back office database, or at a file that does not exist yet. Nothing was changed.',
  );
}

const newerVersion = (unknown: string[]) =>
  `The database was upgraded by a newer version of Counter (migration ${unknown.join(', ')} is unknown to this one): run that version, or restore a backup taken before the upgrade.`;

/**
 * The commands that change a database without serving it (a store, a till, a profile, a
 * cleanup) work on a database at this version's schema only: they never migrate it under the
 * servers of an older version that may still be running on it, nor create one at a mistyped path.
 */
export async function refuseUnlessCurrent(store: BackOfficeDb): Promise<void> {
  const { last, unknown } = await schemaOf(store);
  if (unknown.length > 0) throw new SchemaMismatch(newerVersion(unknown));
  if (last === null) await refuseSomeoneElses(store);
  if (last !== LATEST_MIGRATION)
    throw new SchemaMismatch(
      last === null
        ? `The database has never been set up: run \`counter-server migrate\` (or start the server) first.`
        : `The database is at migration ${last}; this counter-server needs ${LATEST_MIGRATION}: stop the servers of the older version, then run \`counter-server migrate\` (README: "Upgrading").`,
    );
}

/** Up to and including the named migration only: for tests of a migration over older data. */
export async function migrateTo(store: BackOfficeDb, name: string): Promise<string[]> {
  return applied(await new Migrator({ db: store.db, provider }).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
