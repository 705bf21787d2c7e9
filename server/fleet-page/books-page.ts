import type { SalesBookName } from '../../protocol';
import { escapeHtml as e, page } from './html';

/** The books of a day, each a CSV to download from /fleet/books. */
export const BOOKS = [
  { book: 'sales', title: 'Sales book' },
  { book: 'senior-citizen', title: 'Senior citizen sales book' },
  { book: 'pwd', title: 'PWD sales book' },
  { book: 'returns', title: 'Returns book' },
] as const satisfies readonly { book: SalesBookName; title: string }[];

/** A day's book to download, as a link: /fleet/books?book=…&business=…&day=…. */
export const bookHref = (book: string, businessCode: string, day: string) =>
  `/fleet/books?book=${encodeURIComponent(book)}&amp;business=${encodeURIComponent(businessCode)}&amp;day=${encodeURIComponent(day)}`;

/** What the form shows chosen: the day (today unless asked), and the business and book asked, if any. */
export interface BooksChoice {
  day: string;
  business?: string | undefined;
  /** One store's book; none: every store of the business. */
  store?: string | undefined;
  book?: string | undefined;
}

/**
 * The page where a manager picks a business, a day and a book to download. A page of its
 * own, without the fleet page's refresh every 30 s, which would wipe a date being typed. A
 * download refused (a day not on the calendar, an unknown business) comes back here, saying
 * why, with what was asked still chosen.
 */
export function booksPage(
  businesses: readonly { code: string; name: string }[],
  stores: readonly { businessCode: string; code: string; name: string }[],
  chosen: BooksChoice,
  problem?: string,
  tills: readonly { businessCode: string; code: string; name: string }[] = [],
  journalProblem?: string,
): string {
  const asked = chosen.business?.toUpperCase();
  const options = businesses
    .map((b) => `<option value="${e(b.code)}"${b.code.toUpperCase() === asked ? ' selected' : ''}>${e(b.code)} · ${e(b.name)}</option>`)
    .join('');
  // A branch's own books: its stores, by business (a store of another business than the one chosen is refused, 404, naming it).
  const askedStore = chosen.store?.toUpperCase();
  const storeGroups = businesses
    .map((b) => {
      const own = stores.filter((s) => s.businessCode === b.code);
      if (own.length < 2) return '';
      const options = own
        .map((s) => `<option value="${e(s.code)}"${s.code.toUpperCase() === askedStore ? ' selected' : ''}>${e(s.code)} · ${e(s.name)}</option>`)
        .join('');
      return businesses.length > 1 ? `<optgroup label="${e(b.code)}">${options}</optgroup>` : options;
    })
    .join('');
  const storeSelect =
    storeGroups === '' ? '' : `<label>Store <select name="store"><option value="">every store</option>${storeGroups}</select></label>\n`;
  const books = BOOKS.map((b) => `<option value="${b.book}"${b.book === chosen.book ? ' selected' : ''}>${e(b.title)}</option>`).join('');
  return page(
    'Sales books',
    `<header><h1>Sales books</h1><a href="/fleet" style="color:#fff">Fleet</a></header>
<main><section><h2>Download a day's book (CSV)</h2>
${problem ? `<p class="error" role="alert">${e(problem)}</p>` : ''}
<p>Every sales invoice of the business's day in its own time zone (of every store, or of the store chosen: a branch keeps its own books); the senior citizen and PWD books list the sales with their discount; the returns book lists the day's return slips, each against its invoice.</p>
<form class="filter" method="get" action="/fleet/books"><label>Business <select name="business" required>${options}</select></label>
${storeSelect}<label>Day <input type="date" name="day" value="${e(chosen.day)}" required></label>
<label>Book <select name="book">${books}</select></label>
<button type="submit">Download CSV</button></form></section>
${journalSection(tills, chosen.day, journalProblem)}</main>`,
  );
}

/**
 * A till's electronic journal of a day, as the till printed it: every invoice, return slip, X and
 * Z reading (found by a walk: the head office could see a branch's Z reading only with curl and
 * the admin token). Read through GET /v1/admin/journal, as /fleet/journal.
 */
function journalSection(tills: readonly { businessCode: string; code: string; name: string }[], day: string, problem?: string): string {
  if (tills.length === 0) return '';
  const options = tills
    .map((t) => `<option value="${e(t.businessCode)}/${e(t.code)}">${e(t.businessCode)} ${e(t.code)} · ${e(t.name)}</option>`)
    .join('');
  return `<section id="journal"><h2>A till's electronic journal</h2>
${problem ? `<p class="error" role="alert" id="journal-problem">${e(problem)}</p>` : ''}
<p>Everything a till printed on a day, in its order: sales invoices, return slips, X and Z readings, reprints marked.</p>
<form class="filter" method="get" action="/fleet/journal"><label>Till <select name="till" required>${options}</select></label>
<label>Day <input type="date" name="day" value="${e(day)}" required></label>
<label>As <select name="format"><option value="text">text (to read)</option><option value="csv">CSV</option></select></label>
<button type="submit">Open</button></form></section>`;
}
