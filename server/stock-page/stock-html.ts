import { rowId } from '../db/row-ids';
import type { CountFilePreview, StockCount, StockCountDetail, StockDocumentSummary, StockReport } from '../../protocol';
import { STOCK_DOCUMENT_STATUSES } from '../../protocol';
import { at, escapeHtml as e, page, productCell, table } from '../fleet-page/html';
import type { Outcome } from './stock-actions';
import { utcCountReason } from '../counts/count-reason';

export interface StockView {
  now: Date;
  stores: string[];
  documents: StockDocumentSummary[];
  counts: StockCount[];
  stock: StockReport;
  filter: { kind?: string | undefined; status?: string | undefined; storeCode?: string | undefined };
  /** The business's time zone: times read as its managers' clocks, as on /fleet. */
  timeZone: string;
}

const KIND_NAMES: Record<string, string> = {
  receipt: 'Purchase receipt',
  transfer: 'Transfer',
  correction: 'Correction',
  supplier_return: 'Supplier return',
};

/**
 * Every form carries the idempotency key minted when the page was rendered: submitting it
 * twice (a double-click, a retried submit, the browser's "resend") records once.
 */
function form(action: string, fields: string, button: string, extra: { id?: string; multipart?: boolean; target?: string } = {}): string {
  return `<form method="post" action="${e(extra.target ?? '/fleet/stock/do')}"${extra.multipart ? ' enctype="multipart/form-data"' : ''} class="action ${e(action)}">
<input type="hidden" name="action" value="${e(action)}"><input type="hidden" name="key" value="${e(rowId())}">${extra.id ? `<input type="hidden" name="id" value="${e(extra.id)}">` : ''}
${fields}<button type="submit">${e(button)}</button></form>`;
}

const manager = (label = 'Manager', value = '') =>
  `<label>${e(label)} <input name="by" required maxlength="64" size="10" value="${e(value)}"></label> `;
/**
 * A store to choose. With several, none is chosen until the manager picks one (found by a walk:
 * the first code in alphabetical order was taken, so a new branch CAINTA got MAIN's deliveries);
 * a shop of one store has it chosen. A transfer's destination is always chosen (`choose`).
 */
const storeSelect = (name: string, stores: string[], label: string, selected = '', choose = false) =>
  `<label>${e(label)} <select name="${e(name)}" required>${choose || stores.length > 1 ? `<option value=""${selected === '' ? ' selected' : ''}>choose…</option>` : ''}${stores
    .map((s) => `<option${s === selected ? ' selected' : ''}>${e(s)}</option>`)
    .join('')}</select></label> `;

/** A refused form, to show again as it was typed. */
export interface Refill {
  action: string;
  form: Record<string, string>;
}

/** "RICE-5KG × 10 (got 9)" on a delivery or a transfer; a correction's change is signed: "RICE-5KG −2", "RICE-5KG +3". */
function lineInWords(kind: string, line: { sku: string; qty: number; qtyReceived: number | null }): string {
  const qty = kind === 'correction' ? `${line.qty < 0 ? '−' : '+'}${Math.abs(line.qty)}` : `× ${line.qty}`;
  return `${line.sku} ${qty}${line.qtyReceived !== null ? ` (got ${line.qtyReceived})` : ''}`;
}

function outcomeBanner(outcome: Outcome | undefined): string {
  if (!outcome) return '';
  return `<p role="status" id="outcome" class="${outcome.ok ? 'done' : 'error'}">${e(outcome.message)}${outcome.code ? ` <small class="reference">(reference ${e(outcome.code)}, for support)</small>` : ''}</p>`;
}

/** What a document's approval is, in the Who column: a receipt's receiving, a transfer's sending, a correction's second manager. */
const APPROVED_AS: Record<StockDocumentSummary['kind'], string> = {
  receipt: 'received',
  transfer: 'sent',
  correction: 'approved',
  supplier_return: 'approved',
};

/** What arrived where it differs from the document (a short or an over delivery); blank when all of it came. */
const differences = () =>
  `<label>Differences (SKU,received) <textarea name="lines" rows="2" cols="18" placeholder="blank: all arrived"></textarea></label> `;

function documentActions(d: StockDocumentSummary): string {
  if (d.kind === 'receipt' && d.status === 'draft')
    return `${form('receipt-approve', `${manager('Received by')}${differences()}`, 'Approve', { id: d.id })}${form('receipt-discard', manager('Discarded by'), 'Discard', { id: d.id })}`;
  if (d.kind === 'transfer' && d.status === 'draft')
    return `${form('transfer-send', manager('Sent by'), 'Send', { id: d.id })}${form('transfer-discard', manager('Discarded by'), 'Discard', { id: d.id })}`;
  if (d.kind === 'transfer' && d.status === 'sent')
    return form('transfer-receive', `${manager('Received by')}${differences()}`, 'Receive', { id: d.id });
  if (d.kind === 'correction' && d.status === 'draft')
    return `${form('correction-approve', manager('Approving manager'), 'Approve', { id: d.id })}${form('correction-discard', manager('Discarded by'), 'Discard', { id: d.id })}`;
  return '';
}

/** What a document's last change was, said beside its time: a receipt approved is a delivery received. */
const CHANGED_AS: Record<string, string> = { approved: 'received', sent: 'sent', received: 'received', posted: 'posted', discarded: 'discarded' };

/** "drafted Dec 3, 2026, 9:05 AM" then "received Dec 3, 2026, 2:10 PM" (one time for a document posted as it was made). */
function datesHtml(d: StockDocumentSummary, timeZone: string): string {
  const drafted = `drafted ${at(d.createdAt, timeZone)}`;
  if (d.status === 'draft') return drafted;
  const changed = `${e(CHANGED_AS[d.status] ?? d.status)} ${at(d.updatedAt, timeZone)}`;
  return d.updatedAt === d.createdAt ? changed : `${drafted}<br>${changed}`;
}

/** A reason as typed, escaped; a count's reason stored with its start in UTC (before countReason) on the business's clock. */
function reasonHtml(reason: string, timeZone: string): string {
  const utc = utcCountReason(reason);
  return utc ? `Count started ${at(utc.startedAt, timeZone)} by ${e(utc.by)}` : e(reason);
}

function documentsSection(view: StockView): string {
  const option = (value: string, label: string, selected: string | undefined) =>
    `<option value="${e(value)}"${selected === value ? ' selected' : ''}>${e(label)}</option>`;
  const filter = `<form method="get" action="/fleet/stock" class="filter">
<label>Kind <select name="kind">${option('', 'all', view.filter.kind)}${Object.entries(KIND_NAMES)
    .map(([k, name]) => option(k, name, view.filter.kind))
    .join('')}</select></label>
<label>State <select name="status">${['', ...STOCK_DOCUMENT_STATUSES].map((s) => option(s, s || 'all', view.filter.status)).join('')}</select></label>
<label>Store <select name="storeCode">${option('', 'all', view.filter.storeCode)}${view.stores.map((s) => option(s, s, view.filter.storeCode)).join('')}</select></label>
<button type="submit">Show</button></form>`;
  return `<section><h2>Documents</h2>${filter}
${table(
  'documents',
  [
    { title: 'Kind', cell: (d) => e(KIND_NAMES[d.kind] ?? d.kind) },
    { title: 'Number', cell: (d) => (d.number ? `<strong>${e(d.number)}</strong>` : '<span class="empty">none yet</span>') },
    { title: 'State', cell: (d) => `<span class="label state-${e(d.status)}">${e(d.status)}</span>` },
    { title: 'Date', cell: (d) => datesHtml(d, view.timeZone) },
    { title: 'Store', cell: (d) => (d.toStoreCode ? `${e(d.storeCode)} → ${e(d.toStoreCode)}` : e(d.storeCode)) },
    {
      title: 'Supplier / reason',
      cell: (d) => [d.supplier && e(d.supplier), d.reason && reasonHtml(d.reason, view.timeZone)].filter(Boolean).join(' · '),
    },
    {
      title: 'Who',
      cell: (d) =>
        e(
          [
            d.draftedBy && `drafted ${d.draftedBy}`,
            d.approvedBy && `${APPROVED_AS[d.kind]} ${d.approvedBy}`,
            d.receivedBy && `received ${d.receivedBy}`,
            d.discardedBy && `discarded ${d.discardedBy}`,
          ]
            .filter(Boolean)
            .join(', '),
        ),
    },
    {
      title: 'Lines',
      wide: true,
      cell: (d) => e(d.lines.map((l) => lineInWords(d.kind, l)).join(', ')),
    },
    { title: '', cell: (d) => documentActions(d) },
  ],
  view.documents,
  (d) => `doc ${d.kind} ${d.status}`,
  'No documents match.',
)}${
    view.documents.length >= DOCUMENTS_SHOWN
      ? `<p class="empty" id="documents-more">The newest ${DOCUMENTS_SHOWN} documents are shown: there may be older ones (a draft still waiting, say). Choose a kind, a state or a store to see them.</p>`
      : ''
  }</section>`;
}

/** The most documents the page lists at once, newest first. */
export const DOCUMENTS_SHOWN = 200;

/**
 * The forms that draft a new document. A form the back office refused comes back as it was
 * typed (`refill`: its action and fields), so forty lines of a delivery are fixed, not typed again.
 */
function createSection(view: StockView, refill?: Refill): string {
  const typed = (action: string, name: string) => (refill?.action === action ? (refill.form[name] ?? '') : '');
  const lines = (action: string, placeholder: string) =>
    `<label>Lines <textarea name="lines" rows="3" cols="24" required placeholder="${e(placeholder)}">${e(typed(action, 'lines'))}</textarea></label> `;
  const text = (action: string, name: string, label: string, required = true) =>
    `<label>${e(label)} <input name="${e(name)}"${required ? ' required' : ''} maxlength="${name === 'supplier' ? 200 : 500}" value="${e(typed(action, name))}"></label> `;
  const store = (action: string, name: string, label: string, choose = false) => storeSelect(name, view.stores, label, typed(action, name), choose);
  return `<section><h2>New document</h2><div class="forms">
<fieldset><legend>Purchase receipt</legend>${form(
    'receipt-create',
    `${store('receipt-create', 'storeCode', 'Store')}${text('receipt-create', 'supplier', 'Supplier')}${lines('receipt-create', 'SKU,quantity,unit cost in pesos (RICE-5KG,10,1250.00)')}`,
    'Draft receipt',
  )}</fieldset>
<fieldset><legend>Transfer</legend>${form(
    'transfer-create',
    `${store('transfer-create', 'fromStoreCode', 'From')}${store('transfer-create', 'toStoreCode', 'To', true)}${text('transfer-create', 'note', 'Note', false)}${lines('transfer-create', 'SKU,quantity')}`,
    'Draft transfer',
  )}</fieldset>
<fieldset><legend>Correction (a second manager approves)</legend>${form(
    'correction-draft',
    `${store('correction-draft', 'storeCode', 'Store')}${text('correction-draft', 'reason', 'Reason')}${manager('Drafted by', typed('correction-draft', 'by'))}${lines('correction-draft', 'SKU,change (+3 or -2)')}`,
    'Draft correction',
  )}</fieldset>
<fieldset><legend>Supplier return</legend>${form(
    'supplier-return',
    `${store('supplier-return', 'storeCode', 'Store')}${text('supplier-return', 'supplier', 'Supplier')}${text('supplier-return', 'reason', 'Reason')}${lines('supplier-return', 'SKU,quantity')}`,
    'Post return',
  )}</fieldset></div></section>`;
}

function countsSection(view: StockView): string {
  return `<section><h2>Counts</h2>${form('count-start', `${storeSelect('storeCode', view.stores, 'Store')}${manager('Started by')}`, 'Start a count')}
${table(
  'counts',
  [
    { title: 'Store', cell: (c) => e(c.storeCode) },
    { title: 'Started', cell: (c) => `${at(c.startedAt, view.timeZone)} by ${e(c.startedBy)}` },
    { title: 'State', cell: (c) => `<span class="label state-${e(c.status)}">${e(c.status)}</span>` },
    { title: 'Lines', numeric: true, cell: (c) => e(c.lineCount) },
    { title: 'Correction', cell: (c) => e(c.correctionNumber ?? '') },
    {
      title: '',
      cell: (c) => `<a href="/fleet/stock/counts/${e(encodeURIComponent(c.id))}">${c.status === 'open' ? 'Import, review, approve' : 'View'}</a>`,
    },
  ],
  view.counts,
  (c) => `count ${c.status}`,
  'No counts yet.',
)}</section>`;
}

function onHandSection(view: StockView): string {
  const store = view.filter.storeCode;
  return `<section><h2>Stock on hand</h2><p><a id="on-hand-csv" href="/fleet/stock/on-hand.csv${store ? `?storeCode=${e(encodeURIComponent(store))}` : ''}">Download as CSV</a></p>
${table(
  'on-hand',
  [
    { title: 'Store', cell: (s) => e(s.storeCode) },
    { title: 'SKU', cell: (s) => e(s.sku) },
    { title: 'Product', cell: productCell },
    { title: 'On hand', numeric: true, cell: (s) => (s.negative ? `<span class="label negative">${e(s.onHand)}</span>` : e(s.onHand)) },
  ],
  view.stock.items,
  (s) => (s.negative ? 'bad' : ''),
  'No stock movements yet.',
)}</section>`;
}

const header = (title: string) =>
  `<header><h1>${e(title)}</h1><nav><a href="/fleet">Fleet</a> · <a href="/fleet/stock">Stock</a></nav><form method="post" action="/fleet/logout"><button type="submit">Sign out</button></form></header>`;

export function stockPage(view: StockView, outcome?: Outcome, refill?: Refill): string {
  return page(
    'Counter stock',
    `${header('Counter stock')}<main>${outcomeBanner(outcome)}${documentsSection(view)}${createSection(view, refill)}${countsSection(view)}${onHandSection(view)}</main>`,
  );
}

function varianceTable(id: string, rows: StockCountDetail['skus'], timeZone: string): string {
  return table(
    id,
    [
      { title: 'SKU', cell: (v) => e(v.sku) },
      { title: 'Counted', numeric: true, cell: (v) => e(v.counted) },
      { title: 'On hand at start', numeric: true, cell: (v) => e(v.onHandAtStart) },
      { title: 'Moved since', numeric: true, cell: (v) => e(v.movedSince) },
      { title: 'Expected', numeric: true, cell: (v) => e(v.expected) },
      { title: 'Variance', numeric: true, cell: (v) => e(v.variance > 0 ? `+${v.variance}` : v.variance) },
      { title: 'Counted at', cell: (v) => (v.countedAt ? at(v.countedAt, timeZone) : '') },
    ],
    rows,
    (v) => (v.variance !== 0 ? 'bad' : ''),
    'Nothing counted yet.',
  );
}

export function countPage(detail: StockCountDetail, timeZone: string, outcome?: Outcome): string {
  const { count } = detail;
  const target = `/fleet/stock/counts/${encodeURIComponent(count.id)}`;
  const open = count.status === 'open';
  const actions = open
    ? `<h3>Import a count file</h3><p class="empty">CSV with a header: sku (or barcode, or code), qty; optionally counted_at. At most 50,000 rows, 4 MiB.</p>
${form('count-preview', `<label>File <input type="file" name="file" accept=".csv,text/csv" required></label> `, 'Preview', { id: count.id, multipart: true, target: `${target}/preview` })}
<h3>Approve</h3>${form('count-approve', manager('Approving manager'), 'Approve and post the correction', { id: count.id, target })}${form('count-discard', manager(), 'Discard the count', { id: count.id, target })}`
    : '';
  return page(
    'Counter stock: count',
    `${header(`Count of ${count.storeCode}`)}<main>${outcomeBanner(outcome)}<section><h2>Count of ${e(count.storeCode)} <span class="label state-${e(count.status)}">${e(count.status)}</span></h2>
<p>Started ${at(count.startedAt, timeZone)} by ${e(count.startedBy)}.${count.closedAt ? ` Closed ${at(count.closedAt, timeZone)} by ${e(count.closedBy)}.` : ''}${count.correctionNumber ? ` Correction <strong id="correction-number">${e(count.correctionNumber)}</strong>.` : ''}</p>
<p class="empty">Each SKU is compared with the ledger at the moment it was counted: on hand at the start plus what moved until then.</p>
${varianceTable('variances', detail.skus, timeZone)}${actions}</section></main>`,
  );
}

export function previewPage(count: StockCount, file: string, preview: CountFilePreview, timeZone: string): string {
  const target = `/fleet/stock/counts/${encodeURIComponent(count.id)}`;
  const unknown = table(
    'unknown-codes',
    [
      { title: 'Row', numeric: true, cell: (u: { row: number; code: string }) => e(u.row) },
      { title: 'Code', cell: (u) => e(u.code) },
    ],
    preview.unknownCodes,
    () => 'bad',
    'Every code is known.',
  );
  const duplicates = table(
    'duplicates',
    [
      { title: 'SKU', cell: (d: { sku: string; rows: number[] }) => e(d.sku) },
      { title: 'Rows (added up)', cell: (d) => e(d.rows.join(', ')) },
    ],
    preview.duplicates,
    () => '',
    'No product is on two rows.',
  );
  return page(
    'Counter stock: preview',
    `${header(`Count of ${count.storeCode}: preview`)}<main><section><h2>Preview: ${e(preview.rows)} rows</h2>
${preview.alreadyImported ? '<p class="error" role="alert">This very file was imported into this count already: importing it again changes nothing.</p>' : ''}
<h3>Unknown codes (left out)</h3>${unknown}<h3>Duplicates</h3>${duplicates}
<h3>Variance after the import</h3>${varianceTable('preview-variances', preview.skus, timeZone)}
${form('count-import', `<textarea name="file" hidden>${e(file)}</textarea>${manager('Imported by')}`, 'Import this file', { id: count.id, multipart: true, target })}
<p><a href="${e(target)}">Back to the count</a></p></section></main>`,
  );
}
