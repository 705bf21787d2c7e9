import type { Migration } from '../store/migrations';

/**
 * X per shift, Z per business day: a shift closed with another to follow the same day keeps
 * its own X reading as it closed (`x_report`, with the cash counted), and the day's Z reading
 * is kept with the shift that ended the day (`z_report`, `z_counter`), covering every shift
 * closed since the last Z. Shifts closed before this version each ended a day of their own.
 * A Z reading, once kept, is never rewritten.
 */
export const dayEndMigration = (version: number): Migration => ({
  version,
  name: 'shifts: X per shift, Z per business day',
  sql: `
    ALTER TABLE shifts ADD COLUMN x_report TEXT;
    CREATE TRIGGER shifts_z_report_kept BEFORE UPDATE OF z_report, z_counter ON shifts WHEN OLD.z_report IS NOT NULL BEGIN
      SELECT RAISE(ABORT, 'a Z reading is never rewritten');
    END;
  `,
});
