import { CLOCK_OFF_LIMIT_SECONDS, milliToQty, type TerminalStatus, type VoidedNumber } from '../../protocol';
import type { FleetView } from './fleet-data';
import { saleFlagWords } from './sale-flag-words';
import type { SeriesName } from '../numbering/number-series';
import { wallClockOf } from '../books/business-day';
import { BOOKS, bookHref } from './books-page';
import { age, at, escapeHtml as e, localTime, money, page, productCell, secondsSince, table } from './html';

export const REFRESH_SECONDS = 30;

/** The labels a terminal row carries; each one is also its row's CSS class. */
export function terminalLabels(t: TerminalStatus, view: FleetView): { cls: string; text: string }[] {
  const labels: { cls: string; text: string }[] = [];
  const contact = secondsSince(t.lastContactAt, view.now);
  if (t.revoked) labels.push({ cls: 'revoked', text: `Revoked ${t.revokedAt ? localTime(t.revokedAt, view.timeZone) : ''}`.trim() });
  else if (!t.paired) labels.push({ cls: 'unpaired', text: 'Not paired' });
  else if (t.stale) labels.push({ cls: 'stale', text: t.lastContactAt === null ? 'Stale: never reported' : `Stale: no contact for ${age(contact)}` });
  else labels.push({ cls: 'state', text: 'Online' });
  if (t.oldPending) labels.push({ cls: 'old-pending', text: `Oldest pending ${age(t.oldestPendingAgeSeconds)}` });
  if ((t.needsAttention ?? 0) > 0) labels.push({ cls: 'attention', text: `${t.needsAttention} need attention` });
  // Its sales, shifts and journal carry that clock's times (probe finding 3).
  if (t.clockOff && t.clockOffsetSeconds !== null)
    labels.push({ cls: 'clock-off', text: `Clock ${age(Math.abs(t.clockOffsetSeconds))} ${t.clockOffsetSeconds > 0 ? 'ahead' : 'behind'}` });
  return labels;
}

function terminalsSection(view: FleetView): string {
  const rows = view.report.terminals;
  const rowClass = (t: TerminalStatus) => {
    const classes = terminalLabels(t, view).map((l) => (l.cls === 'state' ? 'ok' : l.cls));
    return ['terminal', ...classes].join(' ');
  };
  return `<section><h2>Terminals</h2>
<p class="empty">Stale after ${view.watch.staleTerminalMinutes} min without contact; pending sales are old after ${view.watch.oldPendingHours} h; a till's clock is off when it was more than ${CLOCK_OFF_LIMIT_SECONDS / 60} min from this back office's at its last contact (its sales and shifts carry its own times). The queue figures are what each till said at its last contact (a revoked or stale till may hold more now): "Pending" counts what it is still sending, "Value not yet recorded" also what needs a manager's attention there.</p>
${table(
  'terminals',
  [
    { title: 'Terminal', cell: (t) => `<strong>${e(t.terminalCode)}</strong> ${e(t.name)}` },
    { title: 'Store', cell: (t) => `${e(t.businessCode)}/${e(t.storeCode)}` },
    {
      title: 'State',
      cell: (t) =>
        terminalLabels(t, view)
          .map((l) => `<span class="label ${e(l.cls)}">${e(l.text)}</span>`)
          .join(''),
    },
    {
      title: 'Last contact',
      cell: (t) => (t.lastContactAt ? `<span title="${e(t.lastContactAt)}">${e(age(secondsSince(t.lastContactAt, view.now)))} ago</span>` : 'never'),
    },
    { title: 'Pending', numeric: true, cell: (t) => e(t.queueDepth ?? '—') },
    { title: 'Value not yet recorded', numeric: true, cell: (t) => e(money(t.pendingValueMinor)) },
    { title: 'Oldest pending', numeric: true, cell: (t) => e(age(t.oldestPendingAgeSeconds)) },
    { title: 'Version', cell: (t) => e(t.appVersion ?? '—') },
  ],
  rows,
  rowClass,
  'No terminals registered yet.',
)}</section>`;
}

/** "4 voided at the till by Mario Reyes: customer walked out" (the receipt number, the exact time and the amount on hover). */
function voidedWords(v: VoidedNumber, shown: string | number, view: FleetView): string {
  const hover = `${v.localNumber} (${money(v.valueMinor)}), voided ${localTime(v.voidedAt, view.timeZone)} (${v.voidedAt}), reported by ${v.terminalCode}`;
  return `<li title="${e(hover)}">${e(`${shown} voided at the till by ${v.voidedBy}: ${v.reason}`)}</li>`;
}

/** A series as a manager calls it, in the stock page's words ("receipt" is a purchase receipt: a supplier's delivery, not a till's receipt). */
const seriesWords: Record<SeriesName, string> = {
  invoice: 'sales invoices',
  return: 'return slips',
  receipt: 'purchase receipts',
  transfer: 'transfers',
  correction: 'stock corrections',
  supplier_return: 'returns to suppliers',
  terminal: 'terminal codes',
  catalog: 'catalog versions',
};

function continuitySection(view: FleetView): string {
  const { totals, series, terminalReceipts, duplicateNumbers, voidedReturnSlips } = view.report;
  const figure = (label: string, value: number) => `<span class="${value > 0 ? 'bad' : 'good'}">${e(label)}: <strong>${e(value)}</strong></span>`;
  // Voided at the till, never sent: accounted for, not a fault (not red).
  const voidedFigure =
    totals.terminalReceiptsVoided > 0 ? `<span class="voided">Voided at the till: <strong>${e(totals.terminalReceiptsVoided)}</strong></span>` : '';
  return `<section><h2>Continuity</h2>
<p class="totals" id="continuity-totals">${figure('Duplicate numbers', totals.duplicateNumbers)}${figure('Gaps in document series', totals.seriesGaps)}${figure('Gaps in terminal receipts', totals.terminalReceiptGaps)}${figure('Duplicate terminal receipts', totals.terminalReceiptDuplicates)}${voidedFigure}</p>
${duplicateNumbers.length ? `<p class="error">Duplicated: ${duplicateNumbers.map((d) => e(`${d.series} ${d.number} ×${d.count}`)).join(', ')}</p>` : ''}
${table(
  'series',
  [
    {
      title: 'Series',
      cell: (s) => `${e(s.businessCode)} ${e(Object.hasOwn(seriesWords, s.series) ? seriesWords[s.series as SeriesName] : s.series)}`,
    },
    { title: 'Period', cell: (s) => e(s.period) },
    { title: 'Issued', numeric: true, cell: (s) => e(s.issued) },
    { title: 'Documents', numeric: true, cell: (s) => e(s.documents) },
    { title: 'Gaps', numeric: true, cell: (s) => e(s.gaps) },
    { title: 'Duplicates', numeric: true, cell: (s) => e(s.duplicates) },
  ],
  series,
  (s) => (s.gaps > 0 || s.duplicates > 0 ? 'bad' : ''),
  'No numbered documents yet.',
)}
<h3>Terminal receipts</h3>
${table(
  'terminal-receipts',
  [
    {
      title: 'Terminal',
      cell: (t) => {
        // A till moved to another terminal sent its last receipts of this series under the new one.
        const others = t.receivedBy.filter((code) => code !== t.terminalCode);
        return `${e(t.businessCode)} ${e(t.terminalCode)}${others.length ? ` <span class="moved">also received by ${e(others.join(', '))}</span>` : ''}`;
      },
    },
    { title: 'Prefix', cell: (t) => e(t.prefix) },
    { title: 'Received', numeric: true, cell: (t) => e(t.received) },
    { title: 'Last', numeric: true, cell: (t) => e(t.last) },
    { title: 'Gaps', numeric: true, cell: (t) => e(t.gaps) },
    { title: 'Missing', cell: (t) => (t.missing.length ? `<span class="label bad">missing</span>${e(t.missing.join(', '))}` : '') },
    {
      title: 'Voided at the till',
      cell: (t) =>
        t.voids.length
          ? `<span class="label voided">voided</span><ul class="voids">${t.voids.map((v) => voidedWords(v, v.number, view)).join('')}</ul>${
              t.voided > t.voids.length ? `<span class="empty">and ${e(t.voided - t.voids.length)} more</span>` : ''
            }`
          : '',
    },
  ],
  terminalReceipts,
  (t) => (t.gaps > 0 || t.duplicates > 0 ? 'bad' : ''),
  'No sales received yet.',
)}
${
  voidedReturnSlips.length
    ? `<h3>Return slips voided at the till</h3><ul class="voids" id="voided-return-slips">${voidedReturnSlips
        .map((v) => voidedWords(v, `${v.businessCode} ${v.localNumber}`, view))
        .join('')}</ul>`
    : ''
}</section>`;
}

/** Why a sale needs review, a phrase per flag (the code on hover, as GET /v1/admin/sales gives it). */
function reviewReasons(flags: readonly string[]): string {
  if (flags.length === 0) return '';
  return `<ul class="reasons">${flags.map((flag) => `<li title="${e(flag)}">${e(saleFlagWords(flag))}</li>`).join('')}</ul>`;
}

function recentSection(view: FleetView): string {
  return `<section><h2>Recent sales</h2>
${table(
  'recent-sales',
  [
    { title: 'Invoice', cell: (s) => e(s.invoiceNumber) },
    { title: 'Terminal', cell: (s) => `${e(s.terminalCode)} ${e(s.localNumber)}` },
    { title: 'Received', cell: (s) => at(s.receivedAt, view.timeZone) },
    { title: 'Total', numeric: true, cell: (s) => e(money(s.totalMinor)) },
    {
      title: 'Status',
      cell: (s) => (s.status === 'needs_review' ? `<span class="label attention">needs review</span>${reviewReasons(s.flags)}` : e(s.status)),
    },
  ],
  view.sales,
)}</section>
<section><h2>Recent refunds</h2>
${table(
  'recent-refunds',
  [
    { title: 'Return', cell: (r) => e(r.returnNumber) },
    { title: 'Of invoice', cell: (r) => e(r.invoiceNumber) },
    { title: 'Terminal', cell: (r) => e(r.terminalCode) },
    { title: 'Received', cell: (r) => at(r.receivedAt, view.timeZone) },
    { title: 'Total', numeric: true, cell: (r) => e(money(r.totalMinor)) },
    { title: 'Reason', cell: (r) => e(r.reason) },
    // Written off, not back on the shelf: what the stock levels do not get back.
    {
      title: 'Not back to stock',
      cell: (r) => e(r.notRestocked.map(writtenOff).join(', ')),
    },
  ],
  view.refunds,
)}</section>`;
}

/** "1 × Fresh milk 1 L (MILK-1)": as the sale printed the line, the SKU alone when it had no name. */
function writtenOff(line: FleetView['refunds'][number]['notRestocked'][number]): string {
  const what = line.name === null || line.name === '' ? line.sku : `${line.name} (${line.sku})`;
  return `${milliToQty(line.qtyMilli)} × ${what}`;
}

function stockSection(view: FleetView): string {
  return `<section><h2>Stock on hand</h2>
${table(
  'stock',
  [
    { title: 'Store', cell: (s) => `${e(s.businessCode)}/${e(s.storeCode)}` },
    { title: 'SKU', cell: (s) => e(s.sku) },
    { title: 'Product', cell: productCell },
    { title: 'On hand', numeric: true, cell: (s) => `${s.negative ? '<span class="label negative">negative</span>' : ''}${e(s.onHand)}` },
  ],
  view.stock,
  (s) => (s.negative ? 'bad' : ''),
  'No stock movements yet.',
)}</section>`;
}

/** Today's books of each business with a till, as links; another day or business on the books page (/fleet/books). */
function booksSection(view: FleetView): string {
  const today = wallClockOf(view.now.getTime(), view.timeZone).date;
  const rows = view.bookBusinesses.map(
    (code) => `<li>${e(code)}: ${BOOKS.map((b) => `<a href="${bookHref(b.book, code, today)}">${e(b.title)}</a>`).join(' · ')}</li>`,
  );
  return `<section id="sales-books"><h2>Sales books</h2>
<p>Today (${e(today)}), as CSV:</p><ul>${rows.join('')}</ul><p><a href="/fleet/books">Another day or business…</a></p></section>`;
}

export function fleetPage(view: FleetView): string {
  // The business that sells (not the MAIN an install creates, once the shop has its own): its profile and branches.
  const selling = view.bookBusinesses[0];
  const ofBusiness = selling === undefined ? '' : `?business=${e(encodeURIComponent(selling))}`;
  return page(
    'Counter fleet',
    `<header><h1>Counter fleet</h1><span>Updated ${at(view.now.toISOString(), view.timeZone)} (times in ${e(view.timeZone)})</span><a href="/fleet/stock" style="color:#fff">Stock</a> <a href="/fleet/invoice-profile${ofBusiness}" style="color:#fff">Sales invoice profile</a> <a href="/fleet/branches${ofBusiness}" style="color:#fff">Branches</a><form method="post" action="/fleet/logout"><button type="submit">Sign out</button></form></header>
<main>${terminalsSection(view)}${continuitySection(view)}${recentSection(view)}${booksSection(view)}${stockSection(view)}</main>`,
    REFRESH_SECONDS,
  );
}

export function loginPage(message?: string): string {
  return page(
    'Counter fleet: sign in',
    `<main class="login"><section><h2>Counter fleet</h2>
${message ? `<p class="error" role="alert">${e(message)}</p>` : ''}
<form method="post" action="/fleet/login"><label>Admin token<br><input type="password" name="token" autocomplete="current-password" required></label>
<p><button type="submit">Sign in</button></p></form></section></main>`,
  );
}

export function signOutPage(): string {
  return page(
    'Counter fleet: sign out',
    `<main class="login"><section><h2>Counter fleet</h2><p>Sign out of the fleet pages on this browser?</p>
<form method="post" action="/fleet/logout"><p><button type="submit">Sign out</button> <a href="/fleet">Back to the fleet page</a></p></form></section></main>`,
  );
}
