import type { FastifyReply } from 'fastify';
import { businessTime } from '../business-time';

/** Everything that reaches the page from data goes through here. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Minor units as money, in integers: 123456 -> "1,234.56". */
export function money(minor: number | null): string {
  if (minor === null) return '—';
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minor));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function age(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export const secondsSince = (at: string | null, now: Date) => (at === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000)));

export interface Column<T> {
  title: string;
  cell(row: T): string;
  numeric?: boolean;
  /** A cell of long text (a document's lines) that wraps anywhere, so the other columns keep their words whole. */
  wide?: boolean;
}

const cellClass = (c: { numeric?: boolean; wide?: boolean }) => (c.numeric ? ' class="num"' : c.wide ? ' class="wide"' : '');

/** A table whose cells are already escaped; rows may carry a class. */
export function table<T>(id: string, columns: Column<T>[], rows: T[], rowClass: (row: T) => string = () => '', empty = 'Nothing yet.'): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">${escapeHtml(empty)}</p>`;
  const head = columns.map((c) => `<th${cellClass(c)}>${escapeHtml(c.title)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cls = rowClass(row);
      return `<tr${cls ? ` class="${escapeHtml(cls)}"` : ''}>${columns.map((c) => `<td${cellClass(c)}>${c.cell(row)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export const PAGE_STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d232a;background:#f5f6f8}
header{background:#1d3557;color:#fff;padding:12px 24px;display:flex;justify-content:space-between;align-items:center}
header h1{font-size:18px;margin:0} header form{margin:0}
main{padding:16px 24px;max-width:1200px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 16px;margin-bottom:16px;overflow-x:auto}
h2{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceff3;overflow-wrap:break-word} .num{text-align:right}
td.wide{overflow-wrap:anywhere;min-width:12em}
.label{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;margin-right:4px;white-space:nowrap}
.ok .label.state{background:#d8f3dc;color:#1b4332}
tr.stale,tr.old-pending,tr.attention,tr.bad,tr.revoked,tr.clock-off{background:#fff1f0}
.label.clock-off{background:#7b2cbf;color:#fff}
.label.stale{background:#c1121f;color:#fff} .label.old-pending{background:#e85d04;color:#fff} .label.attention{background:#ffba08;color:#000}
.label.negative,.label.bad,.label.revoked{background:#c1121f;color:#fff}
.label.voided{background:#eceff3;color:#343a40} ul.voids{margin:0;padding-left:16px} .totals .voided{color:#343a40}
.totals span{margin-right:16px} .totals .bad{color:#c1121f;font-weight:700}
.empty{color:#6c757d} .login{max-width:360px;margin:80px auto}
input,button{font:inherit;padding:6px 10px} .error{color:#c1121f}
header a{color:#fff} header nav a{margin:0 4px} .done{color:#1b4332;font-weight:600}
form.action{display:inline-block;margin:2px 6px 2px 0} fieldset{border:1px solid #dde1e6;border-radius:4px;margin-bottom:8px}
form.filter{margin-bottom:8px} .label[class*=state-]{background:#eceff3}
ul.reasons{margin:2px 0 0;padding-left:16px;font-size:12px}
.reference{color:#6c757d;font-weight:400}
`;

export function page(title: string, body: string, refreshSeconds?: number): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>
<body>${body}</body></html>`;
}

/** A moment in the business's time zone, as its managers read a clock ("Nov 30, 2026, 6:13 PM"). */
export const localTime = businessTime;
/** The same, with the exact moment (UTC) on hover. */
export const at = (iso: string, timeZone: string) => `<span title="${escapeHtml(iso)}">${escapeHtml(localTime(iso, timeZone))}</span>`;

/** Nothing on these pages may load from elsewhere, be framed, or be cached. */
export function htmlReply(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(html);
}

/** The catalog's name of a SKU on hand, or why there is none (a code sold or counted but never set up). */
export const productCell = (s: { name: string | null }) => (s.name === null ? '<span class="empty">not in the catalog</span>' : escapeHtml(s.name));
