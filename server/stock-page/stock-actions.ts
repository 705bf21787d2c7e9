import type { FastifyInstance } from 'fastify';
import { money } from '../fleet-page/html';
import { Problem } from '../problem';
import type { FormFields } from './multipart';

/** What a form asked the API, and what the manager is told about it. */
export interface Outcome {
  ok: boolean;
  /** The sentence shown on the page (escaped when rendered). */
  message: string;
  code?: string;
  /** The answer's body, for the page that follows (a new count's id, a preview). */
  body?: unknown;
}

interface ApiCall {
  url: string;
  body: unknown;
  contentType?: string;
  done(answer: Record<string, unknown>): string;
}

const field = (form: FormFields, name: string): string => (form[name] ?? '').trim();
const optional = (form: FormFields, name: string): string | undefined => field(form, name) || undefined;

/** A column of the lines typed on a form: its field in the API, its name on the page, how a cell is read. */
interface Column {
  name: string;
  label: string;
  read(cell: string): number | string;
}

/** The rows that cannot be read, every one of them said (found by a walk: only the first was, three round trips for three). */
class RowRefusal extends Error {
  constructor(
    readonly row: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}
const refuse = (row: number, detail: string) => new RowRefusal(row, detail);

/**
 * A quantity as a manager types it: digits, at most three decimals (a gram); with `signed`,
 * a + or - in front (a correction). "1e3", "1,000" or "ten" are not read as anything.
 */
const quantity =
  (label: string, signed = false): Column['read'] =>
  (cell) => {
    // A correction's change says which way: "3" alone could be a count typed in the wrong form (found by a walk).
    // The page prints a change with a minus sign (−2): typed back, it is a minus.
    const typed = signed ? cell.replace(/^\u2212/, '-') : cell;
    const pattern = signed ? /^[+-]\d+(\.\d{1,3})?$/ : /^\d+(\.\d{1,3})?$/;
    if (!pattern.test(typed))
      throw new Error(
        `${label} "${cell}" is not a ${signed ? 'change' : 'quantity'} (${signed ? '+ or - in front, then ' : ''}digits, at most three decimals, e.g. ${signed ? '-2 or +0.5' : '12 or 0.750'})`,
      );
    return Number(typed);
  };

/** A unit cost typed in pesos ("15.50", "15"), sent in centavos. */
const pesos: Column['read'] = (cell) => {
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(cell.replace(/^₱/, ''));
  if (!match) throw new Error(`unit cost "${cell}" is not an amount in pesos (e.g. 15.50)`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
};

const SKU: Column = { name: 'sku', label: 'SKU', read: (cell) => cell };
const QTY: Column = { name: 'qty', label: 'quantity', read: quantity('quantity') };

/** Lines as the API takes them, with the typed row each came from (not sent: JSON keeps an array's items only). */
type TypedLines = Record<string, string | number>[] & { rows: number[] };

/**
 * Lines typed one per row as "SKU,quantity" (or "SKU,quantity,unit cost in pesos"). A row that
 * cannot be read is refused with its row number, in the page's words, before anything is sent.
 */
export function linesOf(text: string, columns: readonly Column[]): TypedLines {
  const rows = text
    .split(/\r?\n/)
    .map((row, index) => ({ row: index + 1, cells: row.split(',').map((cell) => cell.trim()) }))
    .filter(({ cells }) => cells.some((cell) => cell !== ''));
  const refused: RowRefusal[] = [];
  const lines = rows.flatMap(({ row, cells }) => {
    try {
      if (cells.length !== columns.length) throw refuse(row, `write ${columns.map((c) => c.label).join(', ')}, separated by commas.`);
      if (cells[0] === '') throw refuse(row, 'the SKU is missing.');
      const line: Record<string, string | number> = {};
      columns.forEach((column, i) => {
        try {
          line[column.name] = column.read(cells[i]!);
        } catch (error) {
          throw refuse(row, `${(error as Error).message}.`);
        }
      });
      return [line];
    } catch (error) {
      if (!(error instanceof RowRefusal)) throw error;
      refused.push(error);
      return [];
    }
  });
  if (refused.length > 0)
    throw new Problem(
      400,
      'validation_failed',
      'Lines not readable',
      refused.map((r) => `Line ${r.row}: ${r.detail}`).join(' '),
      refused.map((r) => ({ path: `line ${r.row}`, message: r.detail })),
    );
  // Which typed row each line came from (blank rows are skipped): the API's /lines/N is said as that row.
  return Object.assign(lines, { rows: rows.map((r) => r.row) });
}

/** A delivery's or a transfer's differences, "SKU,received" a row (none: all of it arrived). */
const arrivedLines = (form: FormFields) =>
  linesOf(form.lines ?? '', [SKU, { name: 'qtyReceived', label: 'quantity received', read: quantity('quantity received') }]);

/** What the API's field errors name (`/lines/2/unitCostMinor`), as the page names them. */
const FIELD_WORDS: Record<string, string> = {
  sku: 'SKU',
  qty: 'quantity',
  qtyReceived: 'quantity received',
  qtyDelta: 'change',
  unitCostMinor: 'unit cost',
  reason: 'reason',
  supplier: 'supplier',
  storeCode: 'store',
  toStoreCode: 'destination store',
  note: 'note',
  lines: 'lines',
};

/** The label of each form's name field ("Started by"), which the API calls by, draftedBy or startedBy. */
const BY_LABELS: Record<string, string> = {
  'receipt-approve': 'Received by',
  'receipt-discard': 'Discarded by',
  'transfer-send': 'Sent by',
  'transfer-receive': 'Received by',
  'transfer-discard': 'Discarded by',
  'correction-draft': 'Drafted by',
  'correction-approve': 'Approving manager',
  'correction-discard': 'Discarded by',
  'count-start': 'Started by',
  'count-approve': 'Approving manager',
  'count-import': 'Imported by',
};

const thousands = (digits: string) => Number(digits).toLocaleString('en-US');

/** A schema's sentence ("must NOT have fewer than 1 characters") as a manager would say it. */
function ruleInWords(message: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^must NOT have fewer than 1 characters$|^must match pattern "\\S"$/, () => 'is blank'],
    [/^must NOT have fewer than (\d+) characters$/, (m) => `is shorter than ${thousands(m[1]!)} characters`],
    [/^must NOT have more than (\d+) characters$/, (m) => `is longer than ${thousands(m[1]!)} characters`],
    [/^must NOT have fewer than 1 items$/, () => 'none written'],
    [/^must NOT have more than (\d+) items$/, (m) => `more than ${thousands(m[1]!)}: split them over several documents`],
    [/^must be <= (\d+)$/, (m) => `more than ${thousands(m[1]!)}`],
    [/^must be > 0$/, () => 'must be more than 0'],
    [/^must match pattern /, () => 'holds a character that cannot be used here'],
  ];
  for (const [rule, said] of rules) {
    const match = rule.exec(message);
    if (match) return said(match);
  }
  return message;
}

function inPageWords(path: string, message: string, rows: readonly number[] | undefined, byLabel: string): string {
  const words = (name: string) => (name === 'by' || name === 'draftedBy' || name === 'startedBy' ? byLabel : (FIELD_WORDS[name] ?? name));
  const line = /^\/lines\/(\d+)\/(\w+)$/.exec(path);
  if (line) return `line ${rows?.[Number(line[1])] ?? Number(line[1]) + 1}, ${words(line[2]!)}: ${ruleInWords(message)}`;
  const field = /^\/(\w+)$/.exec(path);
  if (field) return `${words(field[1]!)}: ${ruleInWords(message)}`;
  return `${path} ${message}`;
}

/** Each form of the stock page, as the API request it stands for. */
function callOf(action: string, form: FormFields): ApiCall {
  const id = encodeURIComponent(field(form, 'id'));
  switch (action) {
    case 'receipt-create':
      return {
        url: '/v1/purchase-receipts',
        body: {
          storeCode: field(form, 'storeCode'),
          supplier: field(form, 'supplier'),
          lines: linesOf(form.lines ?? '', [SKU, QTY, { name: 'unitCostMinor', label: 'unit cost in pesos', read: pesos }]),
        },
        done: (a) =>
          `Purchase receipt drafted: approve it when the goods are in.${
            Array.isArray(a.notInCatalog) && a.notInCatalog.length > 0
              ? ` Not products of the catalog (a typo?): ${(a.notInCatalog as string[]).join(', ')}.`
              : ''
          }`,
      };
    case 'receipt-approve': {
      const lines = arrivedLines(form);
      return {
        url: `/v1/purchase-receipts/${id}/approve`,
        body: lines.length > 0 ? { by: field(form, 'by'), lines } : { by: field(form, 'by') },
        // "What arrived": a line received as 0 adds nothing (found by a walk: "its stock was added" when nothing came).
        done: (a) =>
          `Purchase receipt ${String(a.receiptNumber)} approved: what arrived was added to the stock.${
            typeof a.receivedCostMinor === 'number' && a.receivedCostMinor !== a.totalCostMinor
              ? ` What arrived costs ₱${money(a.receivedCostMinor)} (₱${money(Number(a.totalCostMinor))} on the receipt as drafted).`
              : ''
          }`,
      };
    }
    case 'transfer-create':
      return {
        url: '/v1/transfers',
        body: {
          fromStoreCode: field(form, 'fromStoreCode'),
          toStoreCode: field(form, 'toStoreCode'),
          note: optional(form, 'note'),
          lines: linesOf(form.lines ?? '', [SKU, QTY]),
        },
        done: (a) =>
          `Transfer ${String(a.transferNumber)} drafted.${
            Array.isArray(a.notInCatalog) && a.notInCatalog.length > 0
              ? ` Not products of the catalog (a typo?): ${(a.notInCatalog as string[]).join(', ')}.`
              : ''
          }`,
      };
    case 'receipt-discard':
      return {
        url: `/v1/purchase-receipts/${id}/discard`,
        body: { by: field(form, 'by') },
        done: () => 'Purchase receipt discarded: nothing was added, and the tills no longer offer it.',
      };
    case 'transfer-discard':
      return {
        url: `/v1/transfers/${id}/discard`,
        body: { by: field(form, 'by') },
        done: (a) => `Transfer ${String(a.transferNumber)} discarded: nothing moved, and the tills no longer offer it.`,
      };
    case 'transfer-send':
      return {
        url: `/v1/transfers/${id}/send`,
        body: { by: field(form, 'by') },
        done: (a) => `Transfer ${String(a.transferNumber)} sent: the stock left ${String(a.fromStoreCode)}.`,
      };
    case 'transfer-receive': {
      const lines = arrivedLines(form);
      return {
        url: `/v1/transfers/${id}/receive`,
        body: lines.length > 0 ? { by: field(form, 'by'), lines } : { by: field(form, 'by') },
        done: (a) => `Transfer ${String(a.transferNumber)} received at ${String(a.toStoreCode)}.`,
      };
    }
    case 'correction-draft':
      return {
        url: '/v1/correction-drafts',
        body: {
          storeCode: field(form, 'storeCode'),
          reason: field(form, 'reason'),
          draftedBy: field(form, 'by'),
          lines: linesOf(form.lines ?? '', [SKU, { name: 'qtyDelta', label: 'change', read: quantity('change', true) }]),
        },
        done: () => 'Correction drafted: another manager approves it.',
      };
    case 'correction-approve':
      return {
        url: `/v1/correction-drafts/${id}/approve`,
        body: { by: field(form, 'by') },
        done: (a) => `Correction ${String(a.number)} approved: the stock moved.`,
      };
    case 'correction-discard':
      return { url: `/v1/correction-drafts/${id}/discard`, body: { by: field(form, 'by') }, done: () => 'Correction discarded: nothing moved.' };
    case 'supplier-return':
      return {
        url: '/v1/supplier-returns',
        body: {
          storeCode: field(form, 'storeCode'),
          supplier: field(form, 'supplier'),
          reason: field(form, 'reason'),
          lines: linesOf(form.lines ?? '', [SKU, QTY]),
        },
        done: (a) => `Supplier return ${String(a.number)} posted.`,
      };
    case 'count-start':
      return {
        url: '/v1/stock-counts',
        body: { storeCode: field(form, 'storeCode'), startedBy: field(form, 'by') },
        done: (a) => `Count of ${String(a.storeCode)} started.`,
      };
    case 'count-approve':
      return {
        url: `/v1/stock-counts/${id}/approve`,
        body: { by: field(form, 'by') },
        done: (a) =>
          a.correctionNumber
            ? `Count approved: correction ${String(a.correctionNumber)} posted.`
            : 'Count approved: nothing differed, no correction.',
      };
    case 'count-discard':
      return { url: `/v1/stock-counts/${id}/discard`, body: { by: field(form, 'by') }, done: () => 'Count discarded: nothing moved.' };
    case 'count-import':
      return {
        url: `/v1/stock-counts/${id}/import?importedBy=${encodeURIComponent(field(form, 'by'))}`,
        body: form.file ?? '',
        contentType: 'text/csv',
        done: (a) =>
          `File imported: ${String(a.imported)} products counted${Array.isArray(a.unknownCodes) && a.unknownCodes.length > 0 ? `, ${a.unknownCodes.length} unknown code${a.unknownCodes.length === 1 ? '' : 's'} left out` : ''}${
            Array.isArray(a.olderThanCounted) && a.olderThanCounted.length > 0
              ? `; ${a.olderThanCounted.length} of them counted before what this count already had for that product (${(a.olderThanCounted as { sku: string }[]).map((o) => o.sku).join(', ')}): the later count stands`
              : ''
          }.`,
      };
    default:
      throw new Problem(400, 'validation_failed', 'Unknown form', 'This form is not one the stock page knows.');
  }
}

/**
 * Sends a form's request through the API itself (app.inject, the admin token, the key the
 * form was given when it was rendered), so the page writes exactly as the API does: same
 * checks, same idempotency, same problem codes. A double-click or a re-sent form is a replay.
 */
export async function runForm(app: FastifyInstance, adminToken: string, action: string, form: FormFields): Promise<Outcome> {
  let call: ApiCall;
  try {
    call = callOf(action, form);
  } catch (error) {
    if (error instanceof Problem) return { ok: false, message: error.detail, code: error.code };
    throw error;
  }
  const response = await app.inject({
    method: 'POST',
    url: call.url,
    headers: { authorization: `Bearer ${adminToken}`, 'idempotency-key': field(form, 'key'), 'content-type': call.contentType ?? 'application/json' },
    payload: typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
  });
  const answer = (response.body ? JSON.parse(response.body) : {}) as Record<string, unknown>;
  if (response.statusCode >= 400) {
    if (answer.code === 'idempotency_key_reused')
      return {
        ok: false,
        message:
          'This form had been sent before with something else in it (a page the browser brought back). Nothing was recorded by it: send it again from this page.',
        code: 'idempotency_key_reused',
        body: answer,
      };
    const errors = Array.isArray(answer.errors) ? (answer.errors as { path: string; message: string }[]).slice(0, 5) : [];
    const rows = (call.body as { lines?: Partial<TypedLines> } | null)?.lines?.rows;
    // One sentence a field, its first (a blank one breaks two rules: too short, and nothing but spaces).
    const fields = new Set<string>();
    const firstByField = errors.filter((e) => !fields.has(e.path) && fields.add(e.path));
    const listed = firstByField.map((e) => inPageWords(e.path, e.message, rows, BY_LABELS[action] ?? 'manager')).join('; ');
    // A schema's refusal is said by its fields alone; any other by its own sentence.
    const said = answer.code === 'validation_failed' && listed ? 'Not recorded:' : String(answer.detail ?? 'The back office refused this.');
    return {
      ok: false,
      message: `${said}${listed ? ` ${listed}.` : ''}`,
      code: String(answer.code ?? ''),
      body: answer,
    };
  }
  const replayed = response.headers['x-idempotent-replay'] === 'true';
  return { ok: true, message: `${call.done(answer)}${replayed ? ' (This form had been sent already: recorded once.)' : ''}`, body: answer };
}
