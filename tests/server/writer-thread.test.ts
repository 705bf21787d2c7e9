import { describe, expect, it } from 'vitest';
import type { FastifyError } from 'fastify';
import { findTerminalByToken } from '../../server/auth/callers';
import { problemOf } from '../../server/http/problems';
import type { WriteResponse } from '../../server/idempotency/idempotent-writes';
import { openWriterConnection } from '../../server/idempotency/writer-connection';
import { saleWrite } from '../../server/sales/sale-write';
import { aSale, expectGaplessWithOneAnswerPerSale, invoiceSeriesValues, range, startBackOffice } from '../support/back-office';
import { aPipelineTill } from '../support/pipeline-till';

const statusOf = (settled: PromiseSettledResult<WriteResponse>) =>
  settled.status === 'fulfilled' ? settled.value.status : problemOf(settled.reason as FastifyError).status;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQLite in a file: the groups are written by a thread of their own (server/idempotency/group-writer.ts). */
describe('the writer thread of a SQLite back office', () => {
  const rig = aPipelineTill('sqlite');
  const { sell, stored } = rig;

  it('writes on its own connection while the server thread reads and writes on its own: the write lock takes turns', async () => {
    expect(rig.office.services.pipeline.writesOn).toBe('worker');
    const keys = range(200).map((n) => `thread-${n}`);
    const selling = Promise.all(keys.map(sell));
    // Admin writes on the server's connection while the groups are being written.
    for (let n = 0; n < 20; n++) {
      await rig.office.store.db.transaction().execute((trx) =>
        trx
          .updateTable('businesses')
          .set({ name: `Thread Shop ${n}` })
          .where('code', '=', 'MAIN')
          .execute(),
      );
      await pause(1);
    }
    const answers = await selling;
    expect(answers.map((a) => a.status)).toEqual(keys.map(() => 201));
    expect(await stored(keys)).toBe(200);
    const business = await rig.office.store.db.selectFrom('businesses').select('name').where('code', '=', 'MAIN').executeTakeFirstOrThrow();
    expect(business.name).toBe('Thread Shop 19');
    const values = await invoiceSeriesValues(rig.office.store);
    expect(values).toEqual(range(values.length));
  });

  it('if the writer thread dies in the middle of a group, its writes are answered 5xx, never a success; their retries record each sale once, with no gap', async () => {
    const keys = range(12).map((n) => `crash-${n}`);
    // The server's connection holds SQLite's write lock: the writer's group waits for it in its BEGIN.
    rig.office.store.sqlite!.exec('begin immediate');
    let answers: PromiseSettledResult<WriteResponse>[];
    try {
      const pending = Promise.allSettled(keys.map(sell));
      await pause(100);
      // The thread dies as a crash would (the group was begun, nothing of it committed).
      const stopped = rig.office.services.pipeline.stopWriterAbruptly();
      await pause(50);
      rig.office.store.sqlite!.exec('rollback');
      await stopped;
      answers = await pending;
    } finally {
      if (rig.office.store.sqlite!.inTransaction) rig.office.store.sqlite!.exec('rollback');
    }
    expect(answers.map(statusOf)).toEqual(keys.map(() => 500));
    expect(await stored(keys)).toBe(0);

    // The terminals retry with the same keys: a new writer thread records each sale once.
    const retried = await Promise.all(keys.map(sell));
    expect(retried.map((r) => [r.status, r.replayed])).toEqual(keys.map(() => [201, false]));
    const again = await Promise.all(keys.map(sell));
    expect(again.map((r) => [r.status, r.replayed])).toEqual(keys.map(() => [201, true]));
    expect(await stored(keys)).toBe(12);
    await expectGaplessWithOneAnswerPerSale(rig.office.store);
  });

  it("the writer's connection: WAL, synchronous=FULL between groups, the checkpoint ceiling, statement journals in memory", async () => {
    const writer = openWriterConnection(rig.office.store.sqlite!.name, true);
    try {
      const setting = (name: string) => writer.sqlite!.pragma(name, { simple: true });
      expect(setting('journal_mode')).toBe('wal');
      expect(setting('synchronous')).toBe(2);
      expect(setting('wal_autocheckpoint')).toBe(4000);
      expect(setting('temp_store')).toBe(2);
      // The server's own connection keeps SQLite's default (its reads may sort more than fits in memory).
      expect(rig.office.store.sqlite!.pragma('temp_store', { simple: true })).toBe(0);
    } finally {
      await writer.close();
    }
  });

  it('closing: the writes the thread holds are written and answered; a write arriving after is refused 5xx, and nothing is answered twice', async () => {
    const closing = await startBackOffice('sqlite');
    try {
      const terminal = (await findTerminalByToken(closing.store, (await closing.pairTerminal()).token))!;
      const sellThere = (key: string) => closing.services.pipeline.submit(saleWrite(terminal, key, '/v1/sales', aSale()));
      const keys = range(50).map((n) => `closing-${n}`);
      const held = Promise.allSettled(keys.map(sellThere));
      // Sent to the thread (the writes of a turn cross together), then the close.
      await new Promise((resolve) => setImmediate(resolve));
      const closed = closing.services.pipeline.close();
      const late = await Promise.allSettled([sellThere('closing-late')]);
      await closed;
      expect((await held).map(statusOf)).toEqual(keys.map(() => 201));
      expect(late.map(statusOf)).toEqual([500]);
      const rows = await closing.store.db.selectFrom('sales').select('idempotency_key').execute();
      expect(rows.map((r) => r.idempotency_key).sort()).toEqual([...keys].sort());
    } finally {
      await closing.close();
    }
  });
});
