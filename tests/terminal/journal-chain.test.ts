import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ElectronicJournal } from '../../terminal/journal/electronic-journal';
import { chainOf, checkJournal, type ChainedFields } from '../../terminal/journal/journal-chain';
import { migrations } from '../../terminal/store/migrations';
import { migrate } from '../../terminal/store/terminal-db';
import { aSignedInTill, ringUpSale, tempDataDir, type Cleanups } from '../support/terminal';

/**
 * The electronic journal is append-only by trigger, and tamper-evident besides: each entry's
 * chain covers the one before it, and each Z reading prints the chain's head as its seal.
 * Someone who drops the triggers and changes, removes, renumbers or slips in an entry is
 * found; one who also computes every chain again is found by the Z's seal.
 */

const MANAGER = { managerPin: '9999' };
const SEAL = /^[0-9a-f]{16}$/;
const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A till with a day in its journal: two sales, a refund, a Z reading (entries 1 to 4). */
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
  it('intact: every entry chained to the one before; the Z prints the seal of the journal it closed on, and the check lists it', async () => {
    const { core, z } = await aDay();
    // The Z closed on the three entries before it: their seal is on the Z, and the Z's own entry is chained after them.
    expect(z.journalSeal).toEqual({ throughSeq: 3, seal: expect.stringMatching(SEAL) });
    expect(await core.checkJournal()).toEqual({
      intact: true,
      entries: 4,
      chainedFrom: 1,
      head: { seq: 4, seal: expect.stringMatching(SEAL) },
      brokenAt: null,
      seals: [{ zCounter: z.zCounter, throughSeq: 3, seal: z.journalSeal?.seal, matches: true }],
    });
    const zText = (await core.journalDay({})).entries.find((e) => e.kind === 'z_reading')?.text ?? '';
    expect(zText.replace(/\s+/g, ' ')).toContain(`Journal seal to entry 3 ${z.journalSeal?.seal}`);
    // One more document: the Z's seal still matches entry 3.
    await ringUpSale(core, 1);
    expect(await core.checkJournal()).toMatchObject({ intact: true, head: { seq: 5 }, seals: [{ throughSeq: 3, matches: true }] });
  });

  it('an entry changed after it was written is found, from that entry on', async () => {
    const { core, tamper } = await aDay();
    tamper("UPDATE journal SET text = text || ' ' WHERE seq = 2");
    expect(await core.checkJournal()).toMatchObject({ intact: false, brokenAt: 2 });
  });

  it('an entry removed is found at the one after it; one slipped in, or renumbered, where it stands; chains stripped at the first', async () => {
    const removed = await aDay();
    removed.tamper('DELETE FROM journal WHERE seq = 2');
    expect(await removed.core.checkJournal()).toMatchObject({ intact: false, brokenAt: 3 });

    const slipped = await aDay();
    slipped.tamper(
      'INSERT INTO journal (terminal_code, kind, document_id, document_number, reprint, printed_at, day, text, chain) SELECT terminal_code, kind, document_id, document_number, 1, printed_at, day, text, NULL FROM journal WHERE seq = 1',
    );
    expect(await slipped.core.checkJournal()).toMatchObject({ intact: false, brokenAt: 5 });

    const renumbered = await aDay();
    renumbered.tamper('UPDATE journal SET seq = 40 WHERE seq = 4');
    expect(await renumbered.core.checkJournal()).toMatchObject({ intact: false, brokenAt: 40 });

    const stripped = await aDay();
    stripped.tamper('UPDATE journal SET chain = NULL');
    expect(await stripped.core.checkJournal()).toMatchObject({ intact: false, brokenAt: 1 });
  });

  it('the journal written again with every chain computed again passes the links, not the seal the Z printed', async () => {
    const { core, dataDir } = await aDay();
    const db = new Database(join(dataDir, 'terminal.db'));
    try {
      db.exec('DROP TRIGGER journal_no_update');
      db.prepare("UPDATE journal SET text = text || ' ' WHERE seq = 1").run();
      let previous: string | null = null;
      for (const row of db.prepare('SELECT * FROM journal ORDER BY seq').all() as ChainedFields[]) {
        previous = chainOf(previous, row);
        db.prepare('UPDATE journal SET chain = ? WHERE seq = ?').run(previous, row.seq);
      }
    } finally {
      db.close();
    }
    expect(await core.checkJournal()).toMatchObject({ intact: false, brokenAt: 3, seals: [{ throughSeq: 3, matches: false }] });
  });

  it('entries of a till from before the seal carry none: the chain starts after them; they are counted, not checked', async () => {
    const data = tempDataDir();
    cleanups.push(() => data.remove());
    // A till of version 22 in the field, with two entries in its journal; then upgraded.
    const db = new Database(join(data.dir, 'terminal.db'));
    cleanups.push(() => void db.close());
    migrate(
      db,
      migrations.filter((m) => m.version <= 22),
    );
    const old = db.prepare(
      "INSERT INTO journal (terminal_code, kind, document_id, document_number, reprint, printed_at, day, text) VALUES ('T01', 'sale', ?, ?, 0, '2026-11-30T02:00:00.000Z', '2026-11-30', 'an old invoice')",
    );
    old.run('old-1', 'T01-000001');
    old.run('old-2', 'T01-000002');
    migrate(db, migrations);
    expect(checkJournal(db)).toEqual({ intact: true, entries: 2, chainedFrom: null, head: null, brokenAt: null, seals: [] });
    new ElectronicJournal(db).append({
      terminalCode: 'T01',
      kind: 'sale',
      documentId: 'new-1',
      documentNumber: 'T01-000003',
      reprint: false,
      at: new Date(),
      text: 'a new invoice',
    });
    expect(checkJournal(db)).toMatchObject({ intact: true, entries: 3, chainedFrom: 3, head: { seq: 3 } });
    // One slipped in after the upgrade, as the old till wrote them: without a chain where every entry must have one.
    old.run('old-3', 'T01-000009');
    expect(checkJournal(db)).toMatchObject({ intact: false, brokenAt: 4 });
  });
});
