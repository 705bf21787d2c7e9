import type { BusinessProfile } from '../../protocol';
import { escapeHtml as e, page } from './html';

/** The fields of the business profile form, in the order a manager reads an invoice's header. */
const FIELDS: { name: string; label: string; value(p: BusinessProfile | null): string; hint?: string; maxLength: number }[] = [
  { name: 'registeredName', label: 'Registered name', value: (p) => p?.registeredName ?? '', maxLength: 200 },
  { name: 'tradeName', label: 'Trade name (optional)', value: (p) => p?.tradeName ?? '', maxLength: 200 },
  { name: 'address', label: 'Business address', value: (p) => p?.address ?? '', maxLength: 300 },
  { name: 'tin', label: 'TIN with branch code', value: (p) => p?.tin ?? '', hint: '123-456-789-00000', maxLength: 20 },
  { name: 'footer', label: 'Footer (optional)', value: (p) => p?.footer ?? '', maxLength: 500 },
  {
    name: 'bnpcWeeklyPurchaseCap',
    label: 'BNPC weekly purchase cap (₱)',
    value: (p) => pesos(p?.bnpcWeeklyPurchaseCapMinor ?? 250_000),
    maxLength: 13,
  },
  {
    name: 'bnpcWeeklyDiscountCap',
    label: 'BNPC weekly discount cap (₱)',
    value: (p) => pesos(p?.bnpcWeeklyDiscountCapMinor ?? 12_500),
    maxLength: 13,
  },
];

/** The form's label of a profile field as the schema names it (registeredName, bnpcWeeklyPurchaseCapMinor), for "check …". */
export function profileFieldLabel(schemaName: string): string {
  const field = FIELDS.find((f) => f.name === schemaName || `${f.name}Minor` === schemaName);
  return field ? field.label.replace(/ \(.*\)$/, '') : schemaName;
}

const pesos = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** What every sales invoice of the business prints (docs/compliance.md), as a form on the fleet pages. */
export function invoiceProfilePage(
  businessCode: string,
  profile: BusinessProfile | null,
  message?: { ok: boolean; text: string },
  /** A form refused: it comes back as typed, to be fixed, not with the saved profile (whose next save would undo what was typed). */
  typed?: Readonly<Record<string, string>>,
): string {
  const vat = typed ? typed.vatRegistered !== 'no' : (profile?.vatRegistered ?? true);
  const rows = FIELDS.map(
    (f) =>
      `<p><label>${e(f.label)}<br><input name="${f.name}" value="${e(typed ? (typed[f.name] ?? '') : f.value(profile))}" size="60" maxlength="${f.maxLength}"${f.hint ? ` placeholder="${e(f.hint)}"` : ''}></label></p>`,
  ).join('\n');
  return page(
    'Sales invoice profile',
    `<header><h1>Sales invoice profile: ${e(businessCode)}</h1><a href="/fleet" style="color:#fff">Back to the fleet</a></header>
<main><section>
${message ? `<p id="message" class="${message.ok ? '' : 'error'}">${e(message.text)}</p>` : ''}
<form method="post" action="/fleet/invoice-profile">
<input type="hidden" name="businessCode" value="${e(businessCode)}">
${rows}
<p><label><input type="radio" name="vatRegistered" value="yes"${vat ? ' checked' : ''}> VAT-registered</label>
<label><input type="radio" name="vatRegistered" value="no"${vat ? '' : ' checked'}> Non-VAT (the invoice says it is not valid for claim of input tax)</label></p>
<p><button type="submit">Save</button></p>
</form>
<p class="empty">Each till's MIN, serial number and permit to use: <code>counter-server terminal machine</code> or <code>PUT /v1/admin/terminals/{terminalId}/machine</code>.</p>
</section></main>`,
  );
}
