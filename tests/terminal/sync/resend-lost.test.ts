import { afterEach, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { Outbox, type OutboxEntry } from '../../../terminal/sync/outbox';
import { openTerminalDb, type TerminalDb } from '../../../terminal/store/terminal-db';
import { tempDataDir } from '../../support/terminal';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const minutesAgo = (m: number) => new Date(Date.parse('2026-11-30T12:00:00Z') - m * 60_000).toISOString();

/** An outbox whose sales and refunds are acknowledged as told: `[key, kind, minutes ago, terminal]`. */
function anOutbox(acknowledged: [string, 'sale' | 'refund' | 'stock', number, string | null][]): { outbox: Outbox; db: TerminalDb } {
  const data = tempDataDir();
  const db = openTerminalDb(data.dir);
  cleanups.push(() => {
    db.close();
    data.remove();
  });
  const outbox = new Outbox(db);
  for (const kind of ['sale', 'refund', 'stock']) outbox.kinds.register(kind, Type.Object({}), () => undefined);
  for (const [key, kind] of acknowledged)
    outbox.enqueue({ key, kind, path: `/v1/${kind}`, body: '{}', documentId: `doc-${key}`, documentNumber: key, valueMinor: 0 }, minutesAgo(999));
  for (const [key, , ago, terminal] of acknowledged) {
    const [entry] = outbox.takeRound(1, 1_000_000, minutesAgo(ago)) as [OutboxEntry];
    expect(entry.key).toBe(key);
    outbox.settle([{ entry, kind: 'synced', status: 201, response: '{}', receipt: {} }], minutesAgo(ago), terminal);
  }
  return { outbox, db };
}

const pendingKeys = (db: TerminalDb) => db.prepare("SELECT key FROM outbox WHERE state = 'pending' ORDER BY seq").pluck().all();

describe("sending again what a restored back office lost (the heartbeat's checkpoints)", () => {
  it('asks about the newest acknowledged sale or refund, then the newest at least 1, 2, 4, … minutes before it', () => {
    const { outbox } = anOutbox([
      ['s1', 'sale', 300, 'T1'],
      ['s2', 'sale', 20, 'T1'],
      ['r1', 'refund', 6, 'T1'],
      ['s3', 'sale', 3, 'T1'],
      ['x1', 'stock', 2, 'T1'],
      ['s4', 'sale', 2.5, 'T1'],
      ['s5', 'sale', 2, 'T1'],
    ]);
    // s5 (newest); at least 1 min before it: s3 (stock work is never asked about); 2 and 4 min: r1 (named once); 8 and 16: s2; 32 to 256: s1.
    expect(outbox.syncedCheckpoints('T1').map((c) => c.key)).toEqual(['s5', 's3', 'r1', 's2', 's1']);
    expect(outbox.syncedCheckpoints('T2')).toEqual([]);
  });

  it('sends again everything acknowledged after the newest checkpoint the back office still holds, and nothing else', () => {
    const { outbox, db } = anOutbox([
      ['s1', 'sale', 300, 'T1'],
      ['s2', 'sale', 20, 'T1'],
      ['r1', 'refund', 6, 'T1'],
      ['s3', 'sale', 3, 'T1'],
      ['x1', 'stock', 2, 'T1'],
      ['s5', 'sale', 2, 'T1'],
    ]);
    const checkpoints = outbox.syncedCheckpoints('T1');
    // It holds everything: nothing to do.
    expect(outbox.resendLost('T1', checkpoints, new Set(checkpoints.map((c) => c.key)))).toBe(0);
    // It holds r1 and older: s3 and s5 go again (not the stock work, which it is never asked about).
    expect(outbox.resendLost('T1', checkpoints, new Set(['r1', 's2', 's1']))).toBe(2);
    expect(pendingKeys(db)).toEqual(['s3', 's5']);
    const again = outbox.item('doc-s3');
    expect(again).toMatchObject({ state: 'pending', lastErrorCode: 'resent_after_restore', sentWithoutAnswer: true, syncedAt: null });
  });

  it('sends everything again when the back office holds none of them, but only what was acknowledged to this terminal', () => {
    const { outbox, db } = anOutbox([
      ['old', 'sale', 60, null],
      ['other', 'sale', 50, 'T0'],
      ['s1', 'sale', 40, 'T1'],
      ['r1', 'refund', 30, 'T1'],
    ]);
    expect(outbox.resendLost('T1', outbox.syncedCheckpoints('T1'), new Set())).toBe(2);
    // Acknowledged before the till kept who it was (null), or to another identity: never sent again under this one.
    expect(pendingKeys(db)).toEqual(['s1', 'r1']);
  });
});
