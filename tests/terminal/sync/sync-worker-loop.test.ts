import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../terminal/store/migrations';
import { migrate, type TerminalDb } from '../../../terminal/store/terminal-db';
import { openTerminalCore } from '../../../terminal/terminal-core';
import { expectExactlyOnce, fastTuning, ringUpSale, startLink, tempDataDir, waitFor, waitUntilQueueEmpty } from '../../support/terminal';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the sync loop never ends', () => {
  it('a fault that is no storage fault (here a trigger refusing the acknowledgement) stalls it as sync_failed; it keeps trying and resumes, each sale once', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(() => {
      process.off('unhandledRejection', onUnhandled);
    });
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const link = await startLink();
    cleanups.push(() => link.close());
    let db: TerminalDb | null = null;
    const core = await openTerminalCore({
      dataDir: data.dir,
      appVersion: '0.1.0-test',
      sync: { ...fastTuning, stalledRetryCapMs: 100 },
      onDatabaseOpen: (opened) => {
        db = opened;
      },
    });
    cleanups.push(() => core.close());
    if (db === null) throw new Error('no connection');
    const database: TerminalDb = db;
    await core.pair({ serverUrl: link.proxy.url, pairingCode: await link.newPairingCode() });

    // Writing the invoice number onto a sale fails: the whole settle rolls back, every time.
    database.exec(
      "CREATE TRIGGER injected_fault BEFORE UPDATE OF invoice_number ON sales BEGIN SELECT RAISE(ABORT, 'injected acknowledgement fault'); END",
    );
    core.start();
    for (let i = 0; i < 3; i += 1) await ringUpSale(core);
    await waitFor(async () => (await core.getStatus()).syncStalled?.code === 'sync_failed', 'the worker to stall');
    expect((await core.getStatus()).syncStalled?.reason).toMatch(/injected acknowledgement fault/);
    // It keeps trying: the same keys again and again, answered from the back office's records.
    const sent = link.proxy.stats.forwarded;
    await waitFor(() => link.proxy.stats.forwarded >= sent + 3, 'the worker to keep trying');
    // Sales keep being taken meanwhile: the till's database is fine.
    await ringUpSale(core);

    database.exec('DROP TRIGGER injected_fault');
    await waitUntilQueueEmpty(core);
    await waitFor(async () => (await core.getStatus()).syncStalled === null, 'the stall to clear');
    await expectExactlyOnce(link, core, 4);
    expect(unhandled).toEqual([]);
  });
});

describe('migration 7: sent without a final answer', () => {
  it('marks entries of a terminal already in the field by what is known of them', () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    const db = new Database(join(data.dir, 'terminal.db'));
    cleanups.push(() => {
      db.close();
    });
    migrate(
      db,
      migrations.filter((m) => m.version <= 6),
    );
    const insert = db.prepare(
      "INSERT INTO outbox (id, key, kind, method, path, body, body_bytes, document_id, document_number, value_minor, state, attempts, created_at) VALUES (?, ?, 'sale', 'POST', '/v1/sales', '{}', 2, ?, ?, 100, ?, ?, '2025-01-01T00:00:00Z')",
    );
    const rows: [string, string, number][] = [
      ['never-sent', 'pending', 0],
      ['sent-waiting', 'pending', 2],
      ['on-the-wire', 'sending', 1],
      ['refused-first-time', 'needs_attention', 1],
      ['refused-after-retries', 'needs_attention', 3],
      ['synced', 'synced', 1],
      ['voided', 'voided', 0],
    ];
    for (const [id, state, attempts] of rows) insert.run(id, id, id, id, state, attempts);
    migrate(db, migrations);
    const marked = db.prepare('SELECT id FROM outbox WHERE sent_without_answer = 1 ORDER BY id').pluck().all();
    expect(marked).toEqual(['on-the-wire', 'refused-after-retries', 'sent-waiting']);
  });
});
