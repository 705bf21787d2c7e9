import { escapeHtml as e, page } from './html';

/** The three books of a day, each a CSV to download from /fleet/books. */
export const BOOKS = [
  { book: 'sales', title: 'Sales book' },
  { book: 'senior-citizen', title: 'Senior citizen sales book' },
  { book: 'pwd', title: 'PWD sales book' },
] as const;

/** A day's book to download, as a link: /fleet/books?book=…&business=…&day=…. */
export const bookHref = (book: string, businessCode: string, day: string) =>
  `/fleet/books?book=${encodeURIComponent(book)}&amp;business=${encodeURIComponent(businessCode)}&amp;day=${encodeURIComponent(day)}`;

/**
 * The page where a manager picks a business, a day and a book to download. A page of its
 * own, without the fleet page's refresh every 30 s, which would wipe a date being typed.
 */
export function booksPage(businesses: readonly { code: string; name: string }[], today: string): string {
  const options = businesses.map((b) => `<option value="${e(b.code)}">${e(b.code)} · ${e(b.name)}</option>`).join('');
  return page(
    'Sales books',
    `<header><h1>Sales books</h1><a href="/fleet" style="color:#fff">Fleet</a></header>
<main><section><h2>Download a day's book (CSV)</h2>
<p>Every sales invoice of the business's day in its own time zone; the senior citizen and PWD books list the sales with their discount.</p>
<form class="filter" method="get" action="/fleet/books"><label>Business <select name="business" required>${options}</select></label>
<label>Day <input type="date" name="day" value="${e(today)}" required></label>
<label>Book <select name="book">${BOOKS.map((b) => `<option value="${b.book}">${e(b.title)}</option>`).join('')}</select></label>
<button type="submit">Download CSV</button></form></section></main>`,
  );
}
