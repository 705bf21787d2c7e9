import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../protocol';
import { businessDay, DEFAULT_BUSINESS_TIMEZONE } from '../../terminal/invoicing/document-dates';
import { fleetSessionCookie, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

const entry = (seq: number, overrides: Partial<JournalEntry> = {}): JournalEntry => ({
  seq,
  kind: 'sale',
  documentNumber: `T01-${String(seq).padStart(6, '0')}`,
  reprint: false,
  printedAt: '2026-11-30T02:00:00.000Z',
  day: '2026-11-30',
  text: `SALES INVOICE\nInvoice no. ${seq}\nTOTAL P49.00, "with quotes", and commas\n`,
  ...overrides,
});

describe.each(databaseKinds)('the electronic journal at the back office, on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;

  beforeAll(async () => {
    office = await startBackOffice(kind);
    till = await office.pairTerminal();
  });
  afterAll(async () => office?.close());

  const journalRows = async () =>
    Number(
      (
        await office.store.db
          .selectFrom('journal_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const upload = (entries: JournalEntry[]) =>
    office.app.inject({ method: 'POST', url: '/v1/journal', headers: till.headers(), payload: { entries } });
  const exportDay = (query: string) => office.app.inject({ method: 'GET', url: `/v1/admin/journal?${query}`, headers: office.adminHeaders() });

  it('an entry delivered twice, or in an overlapping batch, is stored once', async () => {
    expect((await upload([entry(1), entry(2)])).json()).toEqual({ recorded: 2, alreadyHad: 0 });
    expect((await upload([entry(1), entry(2)])).json()).toEqual({ recorded: 0, alreadyHad: 2 });
    expect((await upload([entry(2), entry(3, { kind: 'z_reading', documentNumber: 'Z000001', reprint: true })])).json()).toEqual({
      recorded: 1,
      alreadyHad: 1,
    });
    expect(await journalRows()).toBe(3);
  });

  it('the same sequence with another text is refused and changes nothing: a journal is never rewritten', async () => {
    const response = await upload([entry(4), entry(2, { text: 'rewritten' })]);
    expect(response.statusCode).toBe(409);
    // The answer names the refused entry and the last sequence held: a till put back from a copy sends its own after it.
    expect(response.json()).toMatchObject({ code: 'journal_seq_reused', lastSeq: 3, errors: [{ path: '/entries/1' }] });
    expect(await journalRows()).toBe(3);
    const stored = await office.store.db.selectFrom('journal_entries').select('text').where('seq', '=', 2).executeTakeFirstOrThrow();
    expect(stored.text).toBe(entry(2).text);
  });

  it('found by a review: an entry an earlier till wrote whole, past the 32,000 characters a till now writes in one part, is taken, so it holds back nothing after it', async () => {
    const long = `${'2 @ 24.50  Sardines\n'.repeat(3_000)}TOTAL`;
    expect(long.length).toBeGreaterThan(32_000);
    expect((await upload([entry(5, { text: long }), entry(6)])).json()).toEqual({ recorded: 2, alreadyHad: 0 });
    const stored = await office.store.db.selectFrom('journal_entries').select('text').where('seq', '=', 5).executeTakeFirstOrThrow();
    expect(stored.text).toBe(long);
    await office.store.db.deleteFrom('journal_entries').where('seq', 'in', [5, 6]).execute();
  });

  it('bad uploads are refused with a problem: no token, a malformed day, an empty batch', async () => {
    const noToken = await office.app.inject({ method: 'POST', url: '/v1/journal', payload: { entries: [entry(9)] } });
    expect(noToken.statusCode).toBe(401);
    expect((await upload([entry(9, { day: '30/11/2026' })])).statusCode).toBe(400);
    expect((await upload([])).statusCode).toBe(400);
    expect(await journalRows()).toBe(3);
  });

  it('found by a black-box probe: an entry whose day the books refuse (0000-01-01, 9999-12-31) is 400 naming it, as a book asked for that day is; nothing stored', async () => {
    const before = await journalRows();
    const refused = await upload([entry(20), entry(21, { day: '0000-01-01' }), entry(22, { day: '9999-12-31' }), entry(23, { day: '1899-12-31' })]);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'validation_failed',
      detail: 'The day must be from 1900-01-01 to 9998-12-31.',
      errors: [
        { path: '/entries/1/day', message: 'must be from 1900-01-01 to 9998-12-31' },
        { path: '/entries/2/day', message: 'must be from 1900-01-01 to 9998-12-31' },
        { path: '/entries/3/day', message: 'must be from 1900-01-01 to 9998-12-31' },
      ],
    });
    // Not even the entry before them.
    expect(await journalRows()).toBe(before);

    // A till's day is its clock's on the business's wall clock (ElectronicJournal.dayOf): now, and the far edges a clock could read, are taken.
    const tillDays = [new Date(), new Date('1970-01-01T00:00:00Z'), new Date('2099-12-31T23:59:59Z')].map((at) =>
      businessDay(at, DEFAULT_BUSINESS_TIMEZONE),
    );
    const taken = await upload([...tillDays, '1900-01-01', '9998-12-31'].map((day, i) => entry(20 + i, { day })));
    expect(taken.json()).toEqual({ recorded: 5, alreadyHad: 0 });
    await office.store.db.deleteFrom('journal_entries').where('seq', '>=', 20).execute();
  });

  it('an admin exports one terminal’s day as text or CSV', async () => {
    const text = await exportDay(`terminal=${till.code}&day=2026-11-30`);
    expect(text.statusCode).toBe(200);
    expect(text.body).toMatch(new RegExp(`^ELECTRONIC JOURNAL · Terminal ${till.code} · 2026-11-30 · 3 documents\\n`));
    expect(text.body).toContain('=== #3 z_reading (REPRINT) Z000001');
    // Printed at 02:00 UTC: the header says when on the business's clock (Manila), as the paper did; the CSV keeps UTC for a program.
    expect(text.body).toContain('=== #1 sale T01-000001 · 2026-11-30 10:00:00 +08:00 ===\n');
    expect(text.body).not.toContain('02:00:00.000Z');
    const csv = await exportDay(`terminal=${till.code}&day=2026-11-30&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    // A byte order mark first, as the books have: a spreadsheet reads the names as written.
    expect(csv.body.startsWith('\ufeff')).toBe(true);
    const rows = csv.body.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe('terminal,seq,day,printed_at,kind,document_number,reprint,text');
    expect(rows[1]).toMatch(new RegExp(`^${till.code},1,2026-11-30,2026-11-30T02:00:00.000Z,sale,T01-000001,no,"SALES INVOICE\\n`));
    expect(csv.body).toContain('""with quotes""');
    // Found by a black-box review: the terminal as stored, however it was typed; printed_at always the UTC instant.
    const typedLower = await exportDay(`terminal=${till.code.toLowerCase()}&day=2026-11-30`);
    expect(typedLower.body).toMatch(new RegExp(`^ELECTRONIC JOURNAL · Terminal ${till.code} · `));
    const csvLower = await exportDay(`terminal=${till.code.toLowerCase()}&day=2026-11-30&format=csv`);
    expect(csvLower.headers['content-disposition']).toBe(`attachment; filename="journal-${till.code}-2026-11-30.csv"`);
    expect((await exportDay(`terminal=${till.code}&day=2026-12-01`)).body).toContain('0 documents');
    expect((await exportDay('terminal=T99&day=2026-11-30')).statusCode).toBe(404);
    expect((await exportDay(`terminal=${till.code}&day=yesterday`)).statusCode).toBe(400);
    const asTill = await office.app.inject({ method: 'GET', url: `/v1/admin/journal?terminal=${till.code}&day=2026-11-30`, headers: till.headers() });
    expect(asTill.statusCode).toBeGreaterThanOrEqual(401);
  });

  it('found by a black-box probe: a text a spreadsheet would run as a formula is exported as text, quoted', async () => {
    expect((await upload([entry(5, { day: '2026-12-02', text: '=HYPERLINK("http://x","y")' })])).statusCode).toBe(200);
    const csv = (await exportDay(`terminal=${till.code}&day=2026-12-02&format=csv`)).body;
    expect(csv.slice(1).trimEnd().split('\r\n')[1]).toMatch(/,no,"'=HYPERLINK\(""http:\/\/x"",""y""\)"$/);
    // A till that wrote its time with its offset: the CSV's printed_at is the UTC instant, as every other row's.
    expect((await upload([entry(6, { day: '2026-12-02', printedAt: '2026-12-02T10:00:01+08:00' })])).statusCode).toBe(200);
    const withOffset = (await exportDay(`terminal=${till.code}&day=2026-12-02&format=csv`)).body.slice(1).trimEnd().split('\r\n')[2];
    expect(withOffset).toMatch(new RegExp(`^${till.code},6,2026-12-02,2026-12-02T02:00:01\\.000Z,sale,`));
  });

  it("found by a walk: a signed-in manager opens a till's journal of a day (its Z reading) from the books page, as the admin API answers it", async () => {
    const cookie = await fleetSessionCookie(office);
    const page = await office.app.inject({ method: 'GET', url: '/fleet/books', headers: { cookie } });
    expect(page.body).toContain('<form class="filter" method="get" action="/fleet/journal">');
    expect(page.body).toContain(`<option value="MAIN/${till.code}">MAIN ${till.code} · `);
    const opened = await office.app.inject({
      method: 'GET',
      url: `/fleet/journal?till=MAIN/${till.code.toLowerCase()}&day=2026-11-30`,
      headers: { cookie },
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(opened.body).toBe((await exportDay(`terminal=${till.code}&day=2026-11-30`)).body);
    expect(opened.body).toContain('Z000001');
    const csv = await office.app.inject({
      method: 'GET',
      url: `/fleet/journal?till=MAIN/${till.code}&day=2026-11-30&format=csv`,
      headers: { cookie },
    });
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="journal-${till.code}-2026-11-30.csv"`);
    // Refused on the books page, in words, never a 500.
    const badDay = await office.app.inject({ method: 'GET', url: `/fleet/journal?till=MAIN/${till.code}&day=2026-02-30`, headers: { cookie } });
    expect(badDay.statusCode).toBe(400);
    expect(badDay.headers['content-type']).toContain('text/html');
    expect(badDay.body).toContain('id="journal-problem"');
    const unknown = await office.app.inject({ method: 'GET', url: '/fleet/journal?till=MAIN/T99&day=2026-11-30', headers: { cookie } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Not opened: Terminal T99 of MAIN was not found.');
    for (const url of ['/fleet/journal?till=nonsense', '/fleet/journal', '/fleet/journal?till=%00/%00&day=x&format=zip']) {
      const odd = await office.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(odd.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(odd.statusCode, url).toBeLessThan(500);
    }
    const signedOut = await office.app.inject({ method: 'GET', url: `/fleet/journal?till=MAIN/${till.code}&day=2026-11-30` });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/fleet/login');
  });
});
