import { afterEach, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { AcknowledgedCheck, type Checkpoint } from '../../../terminal/sync/acknowledged-check';
import { Outbox, SALE_ID_PLACEHOLDER, type OutboxEntry } from '../../../terminal/sync/outbox';
import { openTerminalDb } from '../../../terminal/store/terminal-db';
import { tempDataDir } from '../../support/terminal';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

type Kind = 'sale' | 'refund' | 'stock';

/** A till's outbox and its acknowledged check. */
function aTill() {
  const data = tempDataDir();
  const db = openTerminalDb(data.dir);
  cleanups.push(() => {
    db.close();
    data.remove();
  });
  const outbox = new Outbox(db);
  for (const kind of ['sale', 'refund', 'stock']) outbox.kinds.register(kind, Type.Object({}), () => undefined);
  const check = new AcknowledgedCheck(db);
  let clock = Date.parse('2026-11-30T12:00:00Z');
  return {
    db,
    outbox,
    check,
    /** Queues and acknowledges each entry, one round each, to `terminal` (null: before the till kept who). */
    acknowledge(keys: string[], terminal: string | null = 'T1', kind: Kind = 'sale', at?: string) {
      for (const key of keys) {
        outbox.enqueue(
          { key, kind, path: `/v1/${kind}`, body: '{}', documentId: `doc-${key}`, documentNumber: key, valueMinor: 0 },
          new Date(clock).toISOString(),
        );
        const [entry] = outbox.takeRound(1, 1_000_000, new Date(clock).toISOString()) as [OutboxEntry];
        expect(entry.key).toBe(key);
        outbox.settle(
          [{ entry, kind: 'synced', status: 201, response: JSON.stringify({ id: `server-${key}` }), receipt: {} }],
          at ?? new Date((clock += 1000)).toISOString(),
          terminal,
        );
      }
    },
    pending: () => db.prepare("SELECT key FROM outbox WHERE state = 'pending' ORDER BY seq").pluck().all() as string[],
  };
}

const keysOf = (checkpoints: Checkpoint[]) => checkpoints.map((c) => c.key);
/** The back office's answer: it holds all of them but `lost`. */
const holdingAllBut = (checkpoints: Checkpoint[], lost: string[]) => new Set(keysOf(checkpoints).filter((k) => !lost.includes(k)));

describe("sending again what a restored back office lost (the heartbeat's checks)", () => {
  it('asks about every sale and refund acknowledged to this terminal since the last check, oldest first; then about those since, and 1, 3, 7, … before the last verified one', () => {
    const till = aTill();
    till.acknowledge(['old'], null);
    till.acknowledge(['other'], 'T0');
    till.acknowledge(['s1', 's2']);
    till.acknowledge(['r1'], 'T1', 'refund');
    till.acknowledge(['x1'], 'T1', 'stock');
    till.acknowledge(['s3', 's4', 's5', 's6', 's7', 's8', 's9']);
    const first = till.check.checkpoints('T1');
    // Never checked: all of them (stock work, another identity's and the unknown one's are never asked about).
    expect(keysOf(first)).toEqual(['s1', 's2', 'r1', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
    expect(till.check.resendLost('T1', first, new Set(keysOf(first)))).toBe(0);
    till.acknowledge(['s10', 's11']);
    // s9 verified: it and the ones 1, 3 and 7 acknowledgements before it (of any kind: 7 back is the stock work, so the refund before it), then everything since.
    expect(keysOf(till.check.checkpoints('T1'))).toEqual(['r1', 's6', 's8', 's9', 's10', 's11']);
    expect(till.check.checkpoints('T0').map((c) => c.key)).toEqual(['other']);
  });

  it('a run lost after the last check goes again, from the held one before it to the held one after it, even when the till clock went back meanwhile', () => {
    const till = aTill();
    till.acknowledge(['s1', 's2', 's3']);
    const checked = till.check.checkpoints('T1');
    till.check.resendLost('T1', checked, new Set(keysOf(checked)));
    // s4, s5 are lost by the restore; s6 was acknowledged by the restored back office, stamped before the others (a clock set back).
    till.acknowledge(['s4', 's5']);
    till.acknowledge(['s6'], 'T1', 'sale', '2026-11-30T08:00:00.000Z');
    const now = till.check.checkpoints('T1');
    expect(keysOf(now)).toEqual(['s2', 's3', 's4', 's5', 's6']);
    expect(till.check.resendLost('T1', now, holdingAllBut(now, ['s4', 's5']))).toBe(2);
    expect(till.pending()).toEqual(['s4', 's5']);
    expect(till.outbox.item('doc-s4')).toMatchObject({
      state: 'pending',
      lastErrorCode: 'resent_after_restore',
      sentWithoutAnswer: true,
      syncedAt: null,
    });
  });

  it('a backup older than the last check: the last verified one is missing, and what the restored back office acknowledged since does not hide it', () => {
    const till = aTill();
    till.acknowledge(['m1', 'm2', 'm3', 'm4', 'a1', 'a2', 'a3', 'a4', 'a5']);
    const checked = till.check.checkpoints('T1');
    till.check.resendLost('T1', checked, new Set(keysOf(checked)));
    // The restored back office has m1..m4; the queue that waited during the outage went to it first.
    till.acknowledge(['late1', 'late2']);
    const now = till.check.checkpoints('T1');
    // a5 verified before: a5 and 1, 3, 7 back from it, then what came since.
    expect(keysOf(now)).toEqual(['m2', 'a2', 'a4', 'a5', 'late1', 'late2']);
    const resent = till.check.resendLost('T1', now, holdingAllBut(now, ['a1', 'a2', 'a3', 'a4', 'a5']));
    // From after m2 (held) up to late1 (held): the lost run, and the two before it that the checkpoints did not tell apart.
    expect(resent).toBe(7);
    expect(till.pending()).toEqual(['m3', 'm4', 'a1', 'a2', 'a3', 'a4', 'a5']);
    // Checking goes on from the last held one before the run: what is held since, and what goes again once it is acknowledged.
    expect(keysOf(till.check.checkpoints('T1'))).toEqual(['m1', 'm2', 'late1', 'late2']);
  });

  it("a refund's path follows its sale's acknowledgement as it stands, at every send: a sale sent again gets a new id, and a refund still queued goes to it", () => {
    const till = aTill();
    till.acknowledge(['sale']);
    till.outbox.enqueue(
      {
        key: 'refund',
        kind: 'refund',
        path: `/v1/sales/${SALE_ID_PLACEHOLDER}/refund`,
        body: '{}',
        documentId: 'doc-refund',
        documentNumber: 'R1',
        valueMinor: 0,
        dependsOnDocument: 'doc-sale',
      },
      '2026-11-30T12:00:00.000Z',
    );
    const [sent] = till.outbox.takeRound(5, 1_000_000, '2026-11-30T12:00:01.000Z') as [OutboxEntry];
    expect(sent.path).toBe('/v1/sales/server-sale/refund');
    till.outbox.settle(
      [{ entry: sent, kind: 'retry', status: 503, code: 'http_503', detail: '', nextAttemptAt: null, notRecorded: false }],
      '2026-11-30T12:00:02.000Z',
    );
    // The back office is restored without the sale: it goes again and gets a new id.
    const checked = till.check.checkpoints('T1');
    expect(till.check.resendLost('T1', checked, new Set())).toBe(1);
    const [sale] = till.outbox.takeRound(1, 1_000_000, '2026-11-30T12:00:03.000Z') as [OutboxEntry];
    expect(sale.key).toBe('sale');
    till.outbox.settle(
      [{ entry: sale, kind: 'synced', status: 201, response: JSON.stringify({ id: 'server-sale-again' }), receipt: {} }],
      '2026-11-30T12:00:04.000Z',
      'T1',
    );
    const [refund] = till.outbox.takeRound(5, 1_000_000, '2026-11-30T12:00:05.000Z') as [OutboxEntry];
    expect(refund).toMatchObject({ key: 'refund', path: '/v1/sales/server-sale-again/refund' });
  });
});
