import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { TillProfileSchema, type TillProfile } from '../../protocol';
import type { TerminalDb } from '../store/terminal-db';

/** What the till prints on every invoice, as last pulled from the back office, and when. */
export const StoredInvoiceProfileSchema = Type.Object({
  profile: TillProfileSchema,
  pulledAt: Type.String(),
});
export type StoredInvoiceProfile = Static<typeof StoredInvoiceProfileSchema>;

const StoredCheck = Compile(StoredInvoiceProfileSchema);

/**
 * The business and machine profile on the till (a row of terminal_settings), so an invoice
 * printed offline carries it too. Replaced whole by each pull; forgotten with the catalog
 * when the till is paired with another terminal.
 */
export class InvoiceProfileStore {
  constructor(private readonly db: TerminalDb) {}

  read(): StoredInvoiceProfile | null {
    const raw = this.db.prepare("SELECT value FROM terminal_settings WHERE name = 'invoice_profile'").pluck().get() as string | undefined;
    if (raw === undefined) return null;
    const value: unknown = JSON.parse(raw);
    return StoredCheck.Check(value) ? value : null;
  }

  save(profile: TillProfile, now = new Date()): void {
    const stored: StoredInvoiceProfile = { profile, pulledAt: now.toISOString() };
    this.db
      .prepare("INSERT INTO terminal_settings (name, value) VALUES ('invoice_profile', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(stored));
  }

  forget(): void {
    this.db.prepare("DELETE FROM terminal_settings WHERE name = 'invoice_profile'").run();
  }
}
