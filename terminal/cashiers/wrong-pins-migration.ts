import type { Migration } from '../store/migrations';

/**
 * When each recent wrong PIN was typed (ms since the epoch), kept on disk: the PIN pad's rest
 * survives a restart of the app, which anyone at the counter can do.
 */
export const wrongPinsMigration = (version: number): Migration => ({
  version,
  name: 'wrong PINs',
  sql: `CREATE TABLE wrong_pins (at INTEGER NOT NULL); CREATE INDEX wrong_pins_at ON wrong_pins (at);`,
});
