import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aSignedInTill, ringUpSale, type Cleanups } from '../support/terminal';

/**
 * The electronic journal is append-only by trigger, and tamper-evident besides: each entry's
 * chain covers the one before it, and each Z reading prints the chain's head as its seal.
 * Someone who drops the triggers and changes, removes or slips in an entry is found.
 */

const MANAGER = { managerPin: '9999' };
const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A till with a day in its journal: two sales, a refund, a Z reading. */
async function aDay() {
  const till = await aSignedInTill(cleanups);
  const { core } = till;
  await core.openShift({ floatMinor: 10_000, approval: MANAGER });
  const sale = await ringUpSale(core, 2);
  await ringUpSale(core, 1);
  await core.refund({ refundKey: 'chain-refund', saleId: sale.id, lines: [{ sku: 'SKU-1', qty: 1 }], reason: 'dented can', approval: MANAGER });
  await core.signIn({ pin: '9999' });
  const z = await core.closeShift({ approval: MANAGER, override: { reason: 'chain test' } });
  /** The till's database as someone with a copy of sqlite3 and the triggers dropped would have it. */
  const tamper = (sql: string) => {
    const db = new Database(join(till.dataDir, 'terminal.db'));
    try {
      db.exec('DROP TRIGGER IF EXISTS journal_no_update; DROP TRIGGER IF EXISTS journal_no_delete;');
      db.exec(sql);
    } finally {
      db.close();
    }
  };
  return { ...till, z, tamper };
}

describe('the electronic journal, sealed', () => {
  it('intact: every entry chained to the one before; the Z prints the seal of the journal it closed on', async () => {
    const { core, z } = await aDay();
    const check = await core.checkJournal();
    expect(check).toEqual({
      intact: true,
      entries: 4,
      chainedFrom: 1,
      head: { seq: 4, seal: expect.stringMatching(/^[0-9a-f]{16}$/) },
      brokenAt: null,
    });
    // The Z closed on the three entries before it: their seal is on the Z, and the Z's own entry is chained after them.
    expect(z.journalSeal).toEqual({ throughSeq: 3, seal: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const zText = (await core.journalDay({})).entries.find((e) => e.kind === 'z_reading')?.text ?? '';
    expect(zText.replace(/\s+/g, ' ')).toContain(`Journal seal to entry 3 ${z.journalSeal?.seal}`);
    // The seal printed then is the head as it was then: checked again after one more document, it still matches entry 3.
    await ringUpSale(core, 1);
    expect((await core.checkJournal()).head?.seq).toBe(5);
  });

  it('an entry changed after it was written is found, from that entry on', async () => {
    const { core, tamper } = await aDay();
    tamper("UPDATE journal SET text = replace(text, 'Item 1', 'Item 2') || ' ' WHERE seq = 2");
    expect(await core.checkJournal()).toMatchObject({ intact: false, brokenAt: 2 });
  });

  it('an entry removed is found at the one after it; one slipped in is found where it stands', async () => {
    const removed = await aDay();
    removed.tamper('DELETE FROM journal WHERE seq = 2');
    expect(await removed.core.checkJournal()).toMatchObject({ intact: false, brokenAt: 3 });

    const slipped = await aDay();
    slipped.tamper(
      'INSERT INTO journal (terminal_code, kind, document_id, document_number, reprint, printed_at, day, text, chain) SELECT terminal_code, kind, document_id, document_number, 1, printed_at, day, text, NULL FROM journal WHERE seq = 1',
    );
    expect(await slipped.core.checkJournal()).toMatchObject({ intact: false, brokenAt: 5 });
  });

  it('entries of a till from before the seal carry none: the chain starts after them, and they are counted', async () => {
    const { core, dataDir } = await aSignedInTill(cleanups);
    // As a till of the version before wrote them (the insert is what it did; the triggers allow it).
    const db = new Database(join(dataDir, 'terminal.db'));
    const old = db.prepare(
      "INSERT INTO journal (terminal_code, kind, document_id, document_number, reprint, printed_at, day, text) VALUES ('T01', 'sale', ?, ?, 0, '2026-11-30T02:00:00.000Z', '2026-11-30', 'an old invoice')",
    );
    old.run('old-1', 'T01-000001');
    old.run('old-2', 'T01-000002');
    db.close();
    await core.signIn({ pin: '9999' });
    expect(await core.checkJournal()).toEqual({ intact: true, entries: 2, chainedFrom: null, head: null, brokenAt: null });
    await ringUpSale(core, 1);
    expect(await core.checkJournal()).toMatchObject({ intact: true, entries: 3, chainedFrom: 3, head: { seq: 3 } });
  });
});
