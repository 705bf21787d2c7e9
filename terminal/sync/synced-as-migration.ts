import type { Migration } from '../store/migrations';

/**
 * The terminal an entry was acknowledged to (`synced_terminal`), so that a back office
 * restored from an older backup gets again what it lost, and only under the identity it
 * was first sent as (outbox.ts, `resendLost`). Entries synced before this version have none
 * and are never sent again: who acknowledged them is not known. The index serves the
 * heartbeat's checkpoints (the newest acknowledged sale or refund before a time), one probe each.
 */
export const syncedAsMigration = (version: number): Migration => ({
  version,
  name: 'outbox: the terminal each entry was acknowledged to',
  sql: `
    ALTER TABLE outbox ADD COLUMN synced_terminal TEXT;
    CREATE INDEX outbox_synced_checkpoints ON outbox (synced_terminal, synced_at, seq)
      WHERE state = 'synced' AND kind IN ('sale', 'refund');
  `,
});
