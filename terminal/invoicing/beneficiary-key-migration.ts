import { beneficiaryKeySql } from '../../protocol/senior-discount';
import type { Migration } from '../store/migrations';

/**
 * A person's week of the 5% is found by their ID's key, however it was typed
 * (benefits-at-till.ts): an index on that very expression, in place of the one on the ID as
 * typed, so the lookup in every senior citizen's or PWD's payment stays a search, not a scan.
 */
export const beneficiaryKeyMigration = (version: number): Migration => ({
  version,
  name: 'beneficiary key',
  sql: `
    CREATE INDEX sales_beneficiary_key ON sales (${beneficiaryKeySql('beneficiary_id_number', 'sqlite')}, occurred_at) WHERE beneficiary_id_number IS NOT NULL;
    DROP INDEX IF EXISTS sales_beneficiary;
  `,
});
