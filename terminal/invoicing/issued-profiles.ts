import { Compile } from 'typebox/compile';
import { TillProfileSchema, type TillProfile } from '../../protocol';
import type { Migration } from '../store/migrations';
import type { TerminalDb } from '../store/terminal-db';

/**
 * Every distinct business and machine profile the till has issued a sales invoice under
 * (`invoice_profiles`, append-only), and on each sale the one it was issued under
 * (`sales.issued_under`). A reprint and the journal's copy print the seller's details in
 * force when the invoice was issued, not the ones the back office sent since. Sales from
 * before this version have none: they print under the profile the till has now.
 */
export const invoiceProfilesMigration = (version: number): Migration => ({
  version,
  name: 'invoice profiles as issued',
  sql: `
    CREATE TABLE invoice_profiles (
      id INTEGER PRIMARY KEY,
      -- The profile as pulled (GET /v1/terminals/profile), its parts null where the back office had not set them.
      profile TEXT NOT NULL UNIQUE,
      first_issued_at TEXT NOT NULL
    );
    CREATE TRIGGER invoice_profiles_no_update BEFORE UPDATE ON invoice_profiles BEGIN
      SELECT RAISE(ABORT, 'a profile invoices were issued under is never changed');
    END;
    CREATE TRIGGER invoice_profiles_no_delete BEFORE DELETE ON invoice_profiles BEGIN
      SELECT RAISE(ABORT, 'a profile invoices were issued under is never deleted');
    END;
    ALTER TABLE sales ADD COLUMN issued_under INTEGER REFERENCES invoice_profiles (id);
  `,
});

const ProfileCheck = Compile(TillProfileSchema);
const NOT_PULLED: TillProfile = { business: null, machine: null };

export class IssuedProfiles {
  private readonly statements;

  constructor(db: TerminalDb) {
    this.statements = {
      find: db.prepare('SELECT id FROM invoice_profiles WHERE profile = ?').pluck(),
      add: db.prepare('INSERT INTO invoice_profiles (profile, first_issued_at) VALUES (?, ?)'),
    };
  }

  /** The row of the profile a sale is issued under now (added the first time), inside the sale's transaction, and its stored text. */
  issueUnder(profile: TillProfile | null, at: string): { id: number; text: string } {
    const text = JSON.stringify(profile ?? NOT_PULLED);
    const found = this.statements.find.get(text) as number | undefined;
    return { id: found ?? Number(this.statements.add.run(text, at).lastInsertRowid), text };
  }
}

/** A stored profile read back; null for a sale from before they were kept (or a row this version cannot read). */
export function issuedProfileOf(text: string | null): TillProfile | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return ProfileCheck.Check(value) ? value : null;
}
