import { describe, expect, it } from 'vitest';
import type { FastifyError } from 'fastify';
import { deferredSyncTransaction, type Tx } from '../../server/db/database';
import { problemOf } from '../../server/http/problems';
import type { WriteResponse } from '../../server/idempotency/idempotent-writes';
import { expectGaplessWithOneAnswerPerSale, invoiceSeriesValues, range } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { aPipelineTill } from '../support/pipeline-till';

const statusOf = (settled: PromiseSettledResult<WriteResponse>) =>
  settled.status === 'fulfilled' ? settled.value.status : problemOf(settled.reason as FastifyError).status;

/** A stand-in for the store's WAL sync that the test opens (or fails) by hand. */
function gatedSync() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  // Failed before the server's thread has asked for the sync (its group committed on the
  // writer thread, the message not yet read): not an unhandled rejection, whoever asks later gets it.
  gate.catch(() => undefined);
  let calls = 0;
  return {
    durable: () => {
      calls += 1;
      return gate;
    },
    open: () => open(),
    fail: (error: Error) => fail(error),
    calls: () => calls,
  };
}

const until = async (condition: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met in 2 s');
};

describe.each(databaseKinds)('durable before answered, on %s (docs/write-pipeline.md)', (kind) => {
  const rig = aPipelineTill(kind);
  const { sell, stored } = rig;

  it('a committed group is answered only once its sync is done; the next group is written meanwhile and waits for a sync of its own', async () => {
    const realDurable = rig.office.store.durable;
    const sync = gatedSync();
    rig.office.store.durable = sync.durable;
    try {
      const first = range(4).map((n) => `durable-first-${n}`);
      const answered: string[] = [];
      const firstAnswers = first.map((key) => sell(key).then((response) => (answered.push(key), response)));
      await until(async () => (await stored(first)) === 4);
      // Committed (the rows are there) but not yet synced: nobody is told anything.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered).toEqual([]);

      // Writes arriving during the sync are written at once, as the next group (on SQLite
      // by the writer thread, while the server's thread syncs), and are not answered either.
      const groupsBefore = rig.office.services.pipeline.stats.groups;
      const syncsBefore = sync.calls();
      const second = range(3).map((n) => `durable-second-${n}`);
      const secondAnswers = second.map((key) => sell(key).then((response) => (answered.push(key), response)));
      await until(async () => (await stored(second)) === 3);
      await until(async () => sync.calls() > syncsBefore);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered).toEqual([]);

      sync.open();
      const all = await Promise.all([...firstAnswers, ...secondAnswers]);
      expect(all.map((a) => a.status)).toEqual(range(7).map(() => 201));
      expect(answered.slice(0, 4).sort()).toEqual([...first].sort());
      // The first group, then the three that arrived during its sync, together.
      expect(rig.office.services.pipeline.stats.groups).toBe(groupsBefore + 2);
      const values = await invoiceSeriesValues(rig.office.store);
      expect(values).toEqual(range(values.length));
    } finally {
      sync.open();
      rig.office.store.durable = realDurable;
    }
  });

  it('a sync that fails answers every write of its group with a 5xx, never a success; retries with the same keys find each sale once', async () => {
    const realDurable = rig.office.store.durable;
    const sync = gatedSync();
    rig.office.store.durable = sync.durable;
    const keys = range(5).map((n) => `durable-failed-${n}`);
    let answers: PromiseSettledResult<WriteResponse>[];
    try {
      const pending = Promise.allSettled(keys.map(sell));
      await until(async () => (await stored(keys)) === 5);
      sync.fail(new Error('EIO: the disk refused the sync'));
      answers = await pending;
    } finally {
      sync.fail(new Error('EIO: the disk refused the sync'));
      rig.office.store.durable = realDurable;
    }
    expect(answers.map(statusOf)).toEqual([500, 500, 500, 500, 500]);

    // The terminals retry with the same keys: the commit survived, so each is a replay.
    const retried = await Promise.all(keys.map(sell));
    expect(retried.map((r) => [r.status, r.replayed])).toEqual(keys.map(() => [201, true]));
    expect(await stored(keys)).toBe(5);
    await expectGaplessWithOneAnswerPerSale(rig.office.store);
  });

  it.runIf(kind === 'sqlite')(
    'SQLite: only a transaction run with deferred sync commits with synchronous=NORMAL; the connection is FULL again after its commit or rollback',
    async () => {
      const sqlite = rig.office.store.sqlite!;
      const level = () => sqlite.pragma('synchronous', { simple: true });
      expect(level()).toBe(2);
      const inside = async (deferred: boolean, fail: boolean) => {
        const work = async (trx: Tx) => {
          await trx.updateTable('businesses').set({ name: 'Durable Shop' }).where('code', '=', 'MAIN').execute();
          const seen = level();
          if (fail) throw new Error('rolled back on purpose');
          return seen;
        };
        return deferred ? deferredSyncTransaction(rig.office.store, work) : rig.office.store.db.transaction().execute(work);
      };
      expect(await inside(true, false)).toBe(1);
      expect(level()).toBe(2);
      await expect(inside(true, true)).rejects.toThrow('rolled back on purpose');
      expect(level()).toBe(2);
      // Every other transaction (admin writes, pairing, ...) keeps FULL.
      expect(await inside(false, false)).toBe(2);
      // A pipeline group goes through the same door, on the writer thread's own connection
      // (group-writer-worker.ts); the server's connection is left as it was.
      expect(rig.office.services.pipeline.writesOn).toBe('worker');
      expect((await sell('durable-pragma')).status).toBe(201);
      expect(level()).toBe(2);
    },
  );
});
