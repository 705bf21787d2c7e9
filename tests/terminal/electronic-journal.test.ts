import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invoiceText, pesoText, readingText, refundText } from '../../terminal/journal/document-text';
import { salesInvoiceOf } from '../../terminal/invoicing/sales-invoice';
import type { ShiftReport } from '../../terminal/shifts/shift-schemas';
import type { LocalSale } from '../../terminal/terminal-api';
import { discountKindInSentence } from '../../terminal/readings/discount-kinds';
import { JOURNAL_TEXT_MAX_CHARS } from '../../protocol/journal';
import { wallClockStamp } from '../../protocol/wall-clock';
import { businessDay, DEFAULT_BUSINESS_TIMEZONE } from '../../terminal/invoicing/document-dates';
import { ADMIN_TOKEN } from '../support/back-office';
import { aSignedInTill, codeOf, openCore, waitFor } from '../support/terminal';

const MANAGER = { managerPin: '9999' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aDay(core: Awaited<ReturnType<typeof aSignedInTill>>['core']) {
  await core.openShift({ floatMinor: 10_000, approval: MANAGER });
  const { cartKey } = await core.openCart();
  const sale = await core.pay({
    cartKey,
    cashier: 'ana',
    lines: [{ sku: 'SARDINES', name: '555 Sardines', qty: 2, unitPriceMinor: 2_450 }],
    payments: [{ method: 'cash', amountMinor: 5_000 }],
  });
  const refund = await core.refund({
    refundKey: 'journal-refund',
    saleId: sale.id,
    lines: [{ sku: 'SARDINES', qty: 1 }],
    reason: 'dented',
    approval: MANAGER,
  });
  return { sale, refund };
}

describe('the electronic journal', () => {
  it('keeps every document’s text, written with the document; a reprint is marked; nothing in it can be changed; it survives a restart', async () => {
    const { core, dataDir, raw } = await aSignedInTill(cleanups);
    const { sale, refund } = await aDay(core);
    const shift = await core.currentShift();
    // The sale's and the refund's texts are there the moment they are committed.
    let db = raw();
    expect(db.prepare('SELECT kind, document_number, reprint FROM journal ORDER BY seq').all()).toEqual([
      { kind: 'sale', document_number: sale.localNumber, reprint: 0 },
      { kind: 'refund', document_number: refund.localNumber, reprint: 0 },
    ]);
    db.close();
    // Printing the receipt is the original; printing it again is a reprint.
    expect(await core.recordPrint({ kind: 'sale', id: sale.id })).toEqual({ journalSeq: null, reprint: false });
    const again = await core.recordPrint({ kind: 'sale', id: sale.localNumber });
    expect(again.reprint).toBe(true);
    expect((await core.recordPrint({ kind: 'reading', id: shift?.id ?? '' })).reprint).toBe(false);
    const z = await core.closeShift({ approval: MANAGER, countedCashMinor: 12_450, override: { reason: 'offline test' } });
    await core.recordPrint({ kind: 'reading', id: z.shift.id });
    await core.recordPrint({ kind: 'reading', id: z.shift.id });
    expect(await codeOf(core.recordPrint({ kind: 'sale', id: 'T09-000001' }))).toBe('not_found');

    // The export is the manager's.
    expect(await codeOf(core.journalDay({ day: businessDay(new Date(sale.occurredAt), DEFAULT_BUSINESS_TIMEZONE) }))).toBe('not_allowed');
    await core.signIn({ pin: '9999' });
    const day = await core.journalDay({ day: businessDay(new Date(sale.occurredAt), DEFAULT_BUSINESS_TIMEZONE) });
    expect(day.entries.map((e) => [e.kind, e.reprint])).toEqual([
      ['sale', false],
      ['refund', false],
      ['sale', true],
      ['x_reading', false],
      ['z_reading', false],
      ['z_reading', true],
    ]);
    // No day asked: today on the business's wall clock (Manila before the till has a profile), not the machine's.
    const before = businessDay(new Date(), DEFAULT_BUSINESS_TIMEZONE);
    const today = await core.journalDay({});
    expect([before, businessDay(new Date(), DEFAULT_BUSINESS_TIMEZONE)]).toContain(today.day);
    expect(today).toEqual(await core.journalDay({ day: today.day }));
    // Each document's header says when it was printed on the business's clock (Manila, +08:00), not in UTC.
    const printed = wallClockStamp(new Date(day.entries[0]!.printedAt), DEFAULT_BUSINESS_TIMEZONE);
    expect(printed).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00$/);
    expect(day.text).toContain(`=== #1 sale ${day.entries[0]!.documentNumber} · ${printed} ===\n`);
    expect(day.entries[0]?.text).toContain(`Invoice no.`);
    expect(day.entries[0]?.text).toContain(sale.localNumber);
    // Worded as the paper is (a BIR walk found "TOTAL" and "Paid Cash" in the journal's copy).
    expect(day.entries[0]?.text).toMatch(/\nAmount due +P[\d,]+\.\d\d\nCash +P[\d,]+\.\d\d\nChange /);
    expect(day.entries[1]?.text).toContain(`Original invoice no.`);
    // The journal keeps a copy of the invoice as printed: who issued it first, then the document.
    expect(day.entries[2]?.text).toMatch(/^\*\*\* REPRINT \*\*\*\n/);
    expect(day.entries[2]?.text).toContain('\nSALES INVOICE\n');
    expect(day.entries[2]?.text).toContain('TIN: not set in the back office');
    expect(day.entries[4]?.text).toContain(`Z counter`);
    // The count of sales reads as what it is, not as a heading "Sales" (found by a probe).
    expect(day.entries[4]?.text).toMatch(/\nSales invoices issued +1\n/);
    // The return slip and the readings carry the head of their printed forms too (no profile pulled here: it says so).
    for (const entry of [day.entries[1], day.entries[3], day.entries[4]]) {
      // (40 columns: a long line wraps.)
      const words = entry?.text.replace(/\s+/g, ' ');
      expect(words).toContain('TIN: not set in the back office');
      expect(words).toContain('MIN / SN / PTU: not set in the back office');
    }
    // Found by a black-box probe: the journal's Z left out what its printed form says (the override, who closed it, the
    // total of the discounts, the store), named people by code, and ran lines past the roll's 40 columns.
    const zText = day.entries[4]?.text ?? '';
    expect(zText).toMatch(/\nStore [A-Z0-9]+ · Terminal T\d+\n/);
    expect(zText).toMatch(/\nClosed +.* Mario\n/);
    expect(zText).toMatch(
      /\nGross sales +P[\d,.]+\nLess returns\/refunds \(1\) +-P[\d,.]+\n[^]*\nLess VAT adjustment, SC\/PWD \(0\) +P0\.00\nNet sales /,
    );
    expect(zText.replace(/\s+/g, ' ')).toContain('Closed with 2 unsynced by Mario: "offline test"');
    expect(zText).not.toMatch(/ mario\n/);
    expect(day.entries[1]?.text).toMatch(/\nApproved by +Mario\n/);
    for (const entry of day.entries) for (const row of entry.text.split('\n')) expect(row.length, row).toBeLessThanOrEqual(40);
    expect(day.text).toContain('ELECTRONIC JOURNAL');
    expect(day.csv.split('\r\n')[0]).toBe('\ufeffterminal,seq,day,printed_at,kind,document_number,reprint,text');

    db = new Database(join(dataDir, 'terminal.db'));
    expect(() => db.prepare("UPDATE journal SET text = 'edited'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM journal').run()).toThrow(/append-only/);
    db.close();

    await core.close();
    cleanups.pop();
    const reopened = await openCore(dataDir);
    cleanups.push(() => reopened.close());
    await reopened.signIn({ pin: '9999' });
    expect((await reopened.journalDay({ day: day.day })).entries).toEqual(day.entries);
  });

  it('a host that prints by itself asks the core first: one original per sale, then reprints, journaled; a second original is refused', async () => {
    const { core, raw } = await aSignedInTill(cleanups);
    const { sale } = await aDay(core);
    // The invoice printed after the payment is the original, once: asked again (the same pay answered twice), nothing to print.
    expect((await core.countOriginalPrint(sale.id))?.id).toBe(sale.id);
    expect(await core.countOriginalPrint(sale.id)).toBeNull();
    const again = await core.countSalePrint(sale.localNumber);
    expect({ id: again.sale.id, reprint: again.reprint }).toEqual({ id: sale.id, reprint: true });
    // A sale printed first on the cashier's P has its original then; the automatic one is not a second.
    const { cartKey } = await core.openCart();
    const other = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES', qty: 1, unitPriceMinor: 2_450 }],
      payments: [{ method: 'cash', amountMinor: 2_450 }],
    });
    expect((await core.countSalePrint(other.id)).reprint).toBe(false);
    expect(await core.countOriginalPrint(other.id)).toBeNull();
    expect(await codeOf(core.countOriginalPrint('T09-000001'))).toBe('not_found');
    const db = raw();
    const rows = (id: string) => ({
      prints: db.prepare('SELECT COUNT(*) FROM document_prints WHERE document_id = ?').pluck().get(id),
      journal: db.prepare('SELECT reprint FROM journal WHERE document_id = ? ORDER BY seq').pluck().all(id),
    });
    expect(rows(sale.id)).toEqual({ prints: 2, journal: [0, 1] });
    expect(rows(other.id)).toEqual({ prints: 1, journal: [0] });
    db.close();
  });

  it('reaches the back office exactly once through lost answers and duplicate deliveries, and the admin exports the day', async () => {
    const { core, link, raw } = await aSignedInTill(cleanups);
    const { sale } = await aDay(core);
    for (let i = 0; i < 3; i++) await core.recordPrint({ kind: 'sale', id: sale.id });
    link.proxy.setMode('drop_response');
    core.start();
    const store = link.backOffice.store;
    const serverCount = async () =>
      Number(
        (
          await store.db
            .selectFrom('journal_entries')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await waitFor(async () => (await serverCount()) > 0, 'a journal upload whose answer is lost');
    link.proxy.setMode('duplicate');
    await core.recordPrint({ kind: 'sale', id: sale.id });
    const db = raw();
    const local = db.prepare('SELECT seq, text FROM journal ORDER BY seq').all() as { seq: number; text: string }[];
    db.close();
    await waitFor(async () => (await serverCount()) === local.length, 'every journal entry at the back office');
    link.proxy.heal();
    await waitFor(() => {
      const d = raw();
      const sent = d.prepare("SELECT value FROM till_counters WHERE name = 'journal_sent_through'").pluck().get() as number;
      d.close();
      return sent === local.length;
    }, 'the till to know the back office has its journal');
    const stored = await store.db.selectFrom('journal_entries').select(['seq', 'text']).orderBy('seq').execute();
    expect(stored.map((r) => ({ seq: Number(r.seq), text: r.text }))).toEqual(local);

    const day = businessDay(new Date(sale.occurredAt), DEFAULT_BUSINESS_TIMEZONE);
    const text = await link.backOffice.app.inject({
      method: 'GET',
      url: `/v1/admin/journal?terminal=${sale.localNumber.split('-')[0]}&day=${day}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toContain('text/plain');
    await core.signIn({ pin: '9999' });
    expect(text.body).toBe((await core.journalDay({ day })).text);
    const csv = await link.backOffice.app.inject({
      method: 'GET',
      url: `/v1/admin/journal?terminal=${sale.localNumber.split('-')[0]}&day=${day}&format=csv`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter((row) => /^T\d+,\d+,/.test(row))).toHaveLength(local.length);
  });
});

describe('a document longer than one journal entry', () => {
  it('found by a black-box probe: a sale of a thousand lines is journaled in parts the back office takes, and the entries after it still reach it', async () => {
    const { core, link, raw } = await aSignedInTill(cleanups);
    await core.openShift({ floatMinor: 10_000, approval: MANAGER });
    // Long names in letters of three UTF-8 bytes: the invoice text runs past 32,000 characters many times over.
    const lines = Array.from({ length: 1000 }, (_, i) => ({
      sku: `SKU-${i}`,
      name: `${'Ñ'.repeat(3)} ${'₱'.repeat(150)} ${i}`,
      qty: 1,
      unitPriceMinor: 100,
    }));
    const { cartKey } = await core.openCart();
    const big = await core.pay({ cartKey, cashier: 'ana', lines, payments: [{ method: 'cash', amountMinor: 100_000 }] });
    const next = await core.pay({
      cartKey: (await core.openCart()).cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SARDINES', name: '555 Sardines', qty: 1, unitPriceMinor: 2_450 }],
      payments: [{ method: 'cash', amountMinor: 5_000 }],
    });

    const db = raw();
    const local = db.prepare('SELECT seq, document_number AS number, text FROM journal ORDER BY seq').all() as {
      seq: number;
      number: string;
      text: string;
    }[];
    db.close();
    const parts = local.filter((e) => e.number === big.localNumber);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.text.length <= JOURNAL_TEXT_MAX_CHARS)).toBe(true);
    expect(parts.map((p) => /^\(part (\d+) of (\d+)\)\n/.exec(p.text)?.slice(1))).toEqual(parts.map((_, i) => [String(i + 1), String(parts.length)]));
    // Put together without their headings, the parts are the invoice's text, every line of it.
    const whole = parts.map((p) => p.text.replace(/^\(part \d+ of \d+\)\n/, '')).join('');
    for (const line of lines) expect(whole).toContain(` ${line.name.split(' ')[2]}`);
    expect(whole.startsWith(parts[0]!.text.replace(/^\(part 1 of \d+\)\n/, ''))).toBe(true);

    core.start();
    const store = link.backOffice.store;
    await waitFor(
      async () => (await store.db.selectFrom('journal_entries').select('seq').execute()).length === local.length,
      'every part, and the sale after them, at the back office',
    );
    const stored = await store.db.selectFrom('journal_entries').select(['seq', 'document_number', 'text']).orderBy('seq').execute();
    expect(stored.map((r) => ({ seq: Number(r.seq), number: r.document_number, text: r.text }))).toEqual(local);
    expect(stored.at(-1)?.document_number).toBe(next.localNumber);
    // The day's export counts the long sale once: two sales, two documents.
    await core.signIn({ pin: '9999' });
    const day = (await core.journalDay({ day: businessDay(new Date(big.occurredAt), DEFAULT_BUSINESS_TIMEZONE) })).text;
    expect(day.split('\n')[0]).toMatch(/ · 2 documents$/);
  }, 120_000);
});

describe("the journal's text of a document", () => {
  it('names a reading\'s discounts as the screen does, inside a sentence: "Less PWD (20%)", never "Less pwd (20%)" (found by a black-box probe)', () => {
    expect(['line', 'senior_citizen', 'pwd', 'pwd_bnpc', 'vat_exemption'].map((kind) => `Less ${discountKindInSentence(kind)}`)).toEqual([
      'Less line discounts',
      'Less senior citizen (20%)',
      'Less PWD (20%)',
      'Less PWD, basic necessities (5%)',
      'Less VAT exemption (SC/PWD)',
    ]);
  });

  it('found by a BIR probe: an amount is never cut or wrapped and carries one minus sign; a long label wraps instead, the amount whole at the right', () => {
    const gross = 98_765_432_10;
    const returned = 123_456_789_01;
    const bnpc = 1_234_567_89;
    const vatRemoved = 2_345_678_90;
    const net = gross - bnpc - vatRemoved - returned;
    const reading: ShiftReport = {
      kind: 'Z',
      shift: {
        id: 'shift',
        terminalCode: 'T01',
        openedAt: '2026-12-01T00:00:00.000Z',
        openedBy: 'mario',
        floatMinor: 500_000_00,
        closedAt: '2026-12-01T10:00:00.000Z',
        closedBy: 'mario',
      },
      generatedAt: '2026-12-01T10:00:00.000Z',
      salesCount: 12_345,
      firstReceiptNumber: 'T01-000001',
      lastReceiptNumber: 'T01-012345',
      grossSalesMinor: gross,
      discountsMinor: bnpc + vatRemoved,
      discounts: [
        { kind: 'senior_citizen_bnpc', count: 1_234, amountMinor: bnpc },
        { kind: 'vat_exemption', count: 1_234, amountMinor: vatRemoved },
      ],
      refundsCount: 1_234,
      refundsMinor: returned,
      netSalesMinor: net,
      tenders: [{ method: 'cash', amountMinor: gross - bnpc - vatRemoved }],
      refundTenders: [{ method: 'cash', amountMinor: returned }],
      expectedCashMinor: 500_000_00 + gross - bnpc - vatRemoved - returned,
      countedCashMinor: 0,
      overShortMinor: -(500_000_00 + gross - bnpc - vatRemoved - returned),
      vat: { vatableMinor: -1_234_567_89, vatMinor: -148_148_15, exemptMinor: 0, zeroRatedMinor: 0, amountDueMinor: -1_382_716_04, rates: [] },
      grandTotal: { beginningMinor: 999_999_999_99, endingMinor: 999_999_999_99 + gross },
      zCounter: 9_999,
      resetCounter: 0,
      unsyncedCount: 0,
      override: null,
    };
    const sale: LocalSale = {
      id: 'sale',
      cartKey: 'cart',
      localNumber: 'T01-000001',
      occurredAt: '2026-12-01T01:00:00.000Z',
      cashier: 'ana',
      totalMinor: 9_999_999_000 - 1_234_567_89,
      paidMinor: 9_999_999_900,
      changeMinor: 1_234_568_79,
      lines: [
        {
          sku: 'OIL',
          name: 'Extra virgin coconut oil, cold pressed, family size 1 L',
          qty: 1_000,
          unitPriceMinor: 9_999_999,
          discountMinor: 1_234_567_89,
        },
      ],
      payments: [{ method: 'card', amountMinor: 9_999_999_900, reference: 'AUTH-0123456789-0123456789-0123456789' }],
      invoiceNumber: null,
      syncState: 'pending',
    };
    for (const [text, amounts] of [
      [
        readingText(reading),
        [gross, -bnpc, -vatRemoved, -returned, net, -returned, reading.overShortMinor!, reading.vat.vatableMinor, reading.grandTotal!.endingMinor],
      ],
      [
        invoiceText(salesInvoiceOf(sale, null, new Map(), 'Counter')),
        [9_999_999_000, -1_234_567_89, sale.totalMinor, 9_999_999_900, sale.changeMinor],
      ],
    ] as const) {
      const rows = text.split('\n');
      for (const row of rows) expect(row.length, row).toBeLessThanOrEqual(40);
      // Each amount whole, at the end of one row.
      for (const minor of amounts)
        expect(
          rows.some((row) => row.endsWith(` ${pesoText(minor)}`)),
          pesoText(minor),
        ).toBe(true);
      // One minus sign: never "--P12.00", "-(P12.00)" or "- -P12.00".
      expect(text).not.toMatch(/-\s*-|-\(|\(-?P/);
    }
    // The long label wrapped, its amount on its last line.
    expect(readingText(reading)).toContain(
      `\nLess senior citizen, basic necessities\n(5%) (1234)${' '.repeat(40 - '(5%) (1234)'.length - '-P1,234,567.89'.length)}-P1,234,567.89\n`,
    );
  });

  it('never runs past the roll’s 40 columns: a word longer than the roll (a pasted reason, a long product code) is cut', () => {
    const text = refundText({
      localNumber: 'T01-R000001',
      saleLocalNumber: 'T01-000001',
      occurredAt: '2026-12-01T01:00:00.000Z',
      approvedBy: 'mario',
      reason: 'x'.repeat(55),
      tender: 'cash',
      tenders: [],
      lines: [{ sku: 'S', name: 'Y'.repeat(53), qty: 1, amountMinor: 100 }],
      totalMinor: 100,
      vat: { vatableMinor: 0, vatMinor: 0, exemptMinor: 100, zeroRatedMinor: 0 },
    });
    for (const row of text.split('\n')) expect(row.length, row).toBeLessThanOrEqual(40);
    // Cut, not lost.
    expect(text.replace(/\s+/g, '')).toContain('x'.repeat(55));
    expect(text.replace(/\s+/g, '')).toContain('Y'.repeat(53));
  });

  it('found by a walk: a weighed fraction comes back on the return slip as the scale reads it, "0.500 kg", not "0.5"; pieces as counted', () => {
    const text = refundText({
      localNumber: 'T01-R000002',
      saleLocalNumber: 'T01-000002',
      occurredAt: '2026-12-01T01:00:00.000Z',
      approvedBy: 'mario',
      reason: 'wrong rice',
      tender: 'cash',
      tenders: [],
      lines: [
        { sku: 'RICE-LOOSE', name: 'Dinorado Rice', qty: 0.5, amountMinor: 2_900 },
        { sku: 'EGG', name: 'Fresh Egg', qty: 2, amountMinor: 1_400 },
      ],
      totalMinor: 4_300,
      vat: { vatableMinor: 0, vatMinor: 0, exemptMinor: 4_300, zeroRatedMinor: 0 },
    });
    expect(text).toContain('0.500 kg x Dinorado Rice');
    expect(text).toContain('2 x Fresh Egg');
  });
});
