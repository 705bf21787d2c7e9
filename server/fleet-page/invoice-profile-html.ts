import type { BusinessProfile, PosSupplier } from '../../protocol';
import { escapeHtml as e, page, table } from './html';

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

/** The POS supplier printed at the invoice's foot: all of it, or none (the form's name, the schema's under posSupplier). */
export const SUPPLIER_FIELDS: {
  name: string;
  schemaName: keyof PosSupplier;
  label: string;
  value(p: BusinessProfile | null): string;
  hint?: string;
  maxLength: number;
}[] = [
  { name: 'supplierName', schemaName: 'name', label: 'POS supplier name', value: (p) => p?.posSupplier?.name ?? '', maxLength: 200 },
  { name: 'supplierAddress', schemaName: 'address', label: 'POS supplier address', value: (p) => p?.posSupplier?.address ?? '', maxLength: 300 },
  {
    name: 'supplierTin',
    schemaName: 'tin',
    label: 'POS supplier TIN',
    value: (p) => p?.posSupplier?.tin ?? '',
    hint: '123-456-789-00000',
    maxLength: 20,
  },
  {
    name: 'accreditationNumber',
    schemaName: 'accreditationNumber',
    label: 'Accreditation No.',
    value: (p) => p?.posSupplier?.accreditationNumber ?? '',
    maxLength: 64,
  },
  {
    name: 'accreditationDate',
    schemaName: 'accreditationDate',
    label: 'Accreditation date issued',
    value: (p) => p?.posSupplier?.accreditationDate ?? '',
    hint: 'YYYY-MM-DD',
    maxLength: 10,
  },
  {
    name: 'accreditationValidUntil',
    schemaName: 'accreditationValidUntil',
    label: 'Accreditation valid until',
    value: (p) => p?.posSupplier?.accreditationValidUntil ?? '',
    hint: 'YYYY-MM-DD',
    maxLength: 10,
  },
];

/** The form's label of a profile field as the schema names it (registeredName, bnpcWeeklyPurchaseCapMinor, posSupplier/tin), for "check …". */
export function profileFieldLabel(schemaName: string): string {
  // With the form it takes where it has one ("TIN with branch code, like 123-456-789-00000"): a manager's walk read
  // only the label, and could not tell what was wrong with the TIN typed.
  const said = (field: { label: string; hint?: string } | undefined, fallback: string) =>
    field ? `${field.label.replace(/ \(.*\)$/, '')}${field.hint ? `, like ${field.hint}` : ''}` : fallback;
  const supplier = /^posSupplier\/(\w+)$/.exec(schemaName)?.[1];
  if (supplier !== undefined)
    return said(
      SUPPLIER_FIELDS.find((f) => f.schemaName === supplier),
      'the POS supplier',
    );
  if (schemaName === 'posSupplier') return 'the POS supplier';
  if (schemaName === 'vatRegistered') return 'VAT-registered or Non-VAT';
  return said(
    FIELDS.find((f) => f.name === schemaName || `${f.name}Minor` === schemaName),
    schemaName,
  );
}

const pesos = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** What the form is filled with, besides the saved profile. */
export interface InvoiceProfileForm {
  /** The version of the stored profile the form was rendered from (a hidden field, sent back with the save). */
  version: string;
  message?: { ok: boolean; text: string };
  /** A form refused: it comes back as typed, to be fixed, not with the saved profile (whose next save would undo what was typed). */
  typed?: Readonly<Record<string, string>>;
  /**
   * A save refused because the profile was saved by someone else since the page was opened: the form shows the
   * profile as saved now (saving it again would undo that save), and what the refused page said is listed beside it.
   */
  notSaved?: Readonly<Record<string, string>>;
}

/** The fields where the refused page said something else than the profile saved now: label, what the page said, what is saved. */
function notSavedRows(profile: BusinessProfile | null, sent: Readonly<Record<string, string>>): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const f of [...FIELDS, ...SUPPLIER_FIELDS]) {
    const theirs = (sent[f.name] ?? '').trim();
    const now = f.value(profile);
    const sameAmount = f.name.startsWith('bnpc') && /^\d+(\.\d+)?$/.test(theirs) && Number(theirs) === Number(now);
    if (theirs !== now && !sameAmount) rows.push([f.label, theirs, now]);
  }
  const vatWords = (vat: boolean) => (vat ? 'VAT-registered' : 'Non-VAT');
  const sentVat = sent.vatRegistered !== 'no';
  const nowVat = profile?.vatRegistered ?? true;
  if (sentVat !== nowVat) rows.push(['VAT registration', vatWords(sentVat), vatWords(nowVat)]);
  return rows;
}

/**
 * An accreditation past its "valid until" (today on the business's clock) is printed as saved,
 * but said on the page: a manager's walk saved one valid until 2021 with no word about it.
 */
function accreditationWarning(profile: BusinessProfile | null, now = new Date()): string {
  const until = profile?.posSupplier?.accreditationValidUntil;
  if (until === undefined || profile === null) return '';
  let today: string;
  try {
    today = now.toLocaleDateString('en-CA', { timeZone: profile.timezone });
  } catch {
    today = now.toISOString().slice(0, 10);
  }
  if (until >= today) return '';
  return `<p id="accreditation-expired" class="error">The POS supplier's accreditation was valid until ${e(until)}: every invoice prints it as saved. Check it with the supplier, and save the one valid now.</p>
`;
}

/** What every sales invoice of the business prints (docs/compliance.md), as a form on the fleet pages. */
export function invoiceProfilePage(businessCode: string, profile: BusinessProfile | null, form: InvoiceProfileForm): string {
  const { message, typed, notSaved } = form;
  const vat = typed ? typed.vatRegistered !== 'no' : (profile?.vatRegistered ?? true);
  const row = (f: (typeof FIELDS)[number]) =>
    `<p><label>${e(f.label)}<br><input name="${f.name}" value="${e(typed ? (typed[f.name] ?? '') : f.value(profile))}" size="60" maxlength="${f.maxLength}"${f.hint ? ` placeholder="${e(f.hint)}"` : ''}></label></p>`;
  const rows = FIELDS.map(row).join('\n');
  const supplierRows = SUPPLIER_FIELDS.map(row).join('\n');
  const differences = notSaved
    ? `<div id="not-saved"><h2>What your page said (not saved)</h2>
<p>The fields where your page differs from the profile saved now. Copy what you meant to change into the form below, then save.</p>
${table(
  'not-saved-fields',
  [
    { title: 'Field', cell: ([label]) => e(label) },
    { title: 'On your page (not saved)', cell: ([, theirs]) => (theirs === '' ? '<span class="empty">(blank)</span>' : e(theirs)) },
    { title: 'Saved now', cell: ([, , now]) => (now === '' ? '<span class="empty">(blank)</span>' : e(now)) },
  ],
  notSavedRows(profile, notSaved),
  () => '',
  'Your page said what is saved now.',
)}
</div>
`
    : '';
  return page(
    'Sales invoice profile',
    `<header><h1>Sales invoice profile: ${e(businessCode)}</h1><a href="/fleet" style="color:#fff">Back to the fleet</a></header>
<main><section>
${message ? `<p id="message" class="${message.ok ? '' : 'error'}">${e(message.text)}</p>` : ''}
${accreditationWarning(profile)}${differences}<form method="post" action="/fleet/invoice-profile">
<input type="hidden" name="businessCode" value="${e(businessCode)}">
<input type="hidden" name="profileVersion" value="${e(form.version)}">
${rows}
<p><label><input type="radio" name="vatRegistered" value="yes"${vat ? ' checked' : ''}> VAT-registered</label>
<label><input type="radio" name="vatRegistered" value="no"${vat ? '' : ' checked'}> Non-VAT (the invoice says it is not valid for claim of input tax)</label></p>
<fieldset><legend>POS supplier (printed at the invoice's foot; all of it, or leave all blank)</legend>
${supplierRows}
</fieldset>
<p><button type="submit">Save</button></p>
</form>
<p id="branches-link">A branch's own address and TIN branch code, printed by its tills instead of the business's: <a href="/fleet/branches?business=${e(encodeURIComponent(businessCode))}">Branches</a>.</p>
<p class="empty">Each till's MIN, serial number and PTU No. with its date issued: <code>counter-server terminal machine</code> or <code>PUT /v1/admin/terminals/{terminalId}/machine</code>.</p>
</section></main>`,
  );
}
