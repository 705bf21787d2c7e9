import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { BackOfficeDb } from './database';
import * as initial from './migrations/0001-initial';
import * as backOfficeDocuments from './migrations/0002-back-office-documents';

/** Versioned migrations, in order. A new one is a new file and a new line here. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-back-office-documents': backOfficeDocuments,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(store: BackOfficeDb): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
