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
  book?: string | undefined;
}

/**
 * The page where a manager picks a business, a day and a book to download. A page of its
 * own, without the fleet page's refresh every 30 s, which would wipe a date being typed. A
 * download refused (a day not on the calendar, an unknown business) comes back here, saying
 * why, with what was asked still chosen.
 */
export function booksPage(businesses: readonly { code: string; name: string }[], chosen: BooksChoice, problem?: string): string {
  const asked = chosen.business?.toUpperCase();
  const options = businesses
    .map((b) => `<option value="${e(b.code)}"${b.code.toUpperCase() === asked ? ' selected' : ''}>${e(b.code)} · ${e(b.name)}</option>`)
    .join('');
  const books = BOOKS.map((b) => `<option value="${b.book}"${b.book === chosen.book ? ' selected' : ''}>${e(b.title)}</option>`).join('');
  return page(
    'Sales books',
    `<header><h1>Sales books</h1><a href="/fleet" style="color:#fff">Fleet</a></header>
<main><section><h2>Download a day's book (CSV)</h2>
${problem ? `<p class="error" role="alert">${e(problem)}</p>` : ''}
<p>Every sales invoice of the business's day in its own time zone; the senior citizen and PWD books list the sales with their discount; the returns book lists the day's return slips, each against its invoice.</p>
<form class="filter" method="get" action="/fleet/books"><label>Business <select name="business" required>${options}</select></label>
<label>Day <input type="date" name="day" value="${e(chosen.day)}" required></label>
<label>Book <select name="book">${books}</select></label>
<button type="submit">Download CSV</button></form></section></main>`,
  );
}
