import type { Migration } from '../store/migrations';

/**
 * What a restored back office needs from the till (acknowledged-check.ts): who each entry was
 * acknowledged to (`synced_terminal`: sent again only under that identity; entries
 * acknowledged before this version have none and are never sent again) and in which order
 * (`synced_order`, from a counter of its own: the till's clock may go back, the counter
 * does not). The index serves the heartbeat's checkpoints, one probe each; the checks table
 * keeps, per terminal, the acknowledged order up to which the back office was last found to
 * hold everything.
 */
export const syncedAsMigration = (version: number): Migration => ({
  version,
  name: 'outbox: to whom and in which order each entry was acknowledged',
  sql: `
    ALTER TABLE outbox ADD COLUMN synced_terminal TEXT;
    ALTER TABLE outbox ADD COLUMN synced_order INTEGER;
    CREATE INDEX outbox_acknowledged ON outbox (synced_terminal, synced_order)
      WHERE state = 'synced' AND kind IN ('sale', 'refund');
    CREATE TABLE acknowledgement_order (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
    INSERT INTO acknowledgement_order (id, last) VALUES (1, 0);
    CREATE TABLE acknowledged_checks (terminal_id TEXT PRIMARY KEY, verified_order INTEGER NOT NULL);
  `,
});
