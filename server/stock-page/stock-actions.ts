import type { FastifyInstance } from 'fastify';
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

/**
 * Lines typed one per row as "SKU,qty" (or "SKU,qty,unit cost in centavos"). A row that
 * cannot be read is refused with its row number before anything is sent.
 */
export function linesOf(text: string, columns: string[]): Record<string, string | number>[] {
  const rows = text
    .split(/\r?\n/)
    .map((row, index) => ({ row: index + 1, cells: row.split(',').map((cell) => cell.trim()) }))
    .filter(({ cells }) => cells.some((cell) => cell !== ''));
  return rows.map(({ row, cells }) => {
    if (cells.length !== columns.length)
      throw new Problem(400, 'validation_failed', 'Lines not readable', `Line ${row}: write ${columns.join(', ')} separated by commas.`, [
        { path: `line ${row}`, message: `expected ${columns.join(', ')}` },
      ]);
    const line: Record<string, string | number> = { sku: cells[0]! };
    columns.slice(1).forEach((name, i) => {
      const value = Number(cells[i + 1]);
      if (cells[i + 1] === '' || !Number.isFinite(value))
        throw new Problem(400, 'validation_failed', 'Lines not readable', `Line ${row}: ${name} "${cells[i + 1]}" is not a number.`, [
          { path: `line ${row}`, message: `${name} must be a number` },
        ]);
      line[name] = value;
    });
    return line;
  });
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
          lines: linesOf(form.lines ?? '', ['sku', 'qty', 'unitCostMinor']),
        },
        done: () => 'Purchase receipt drafted: approve it when the goods are in.',
      };
    case 'receipt-approve':
      return {
        url: `/v1/purchase-receipts/${id}/approve`,
        body: {},
        done: (a) => `Purchase receipt ${String(a.receiptNumber)} approved: its stock was added.`,
      };
    case 'transfer-create':
      return {
        url: '/v1/transfers',
        body: {
          fromStoreCode: field(form, 'fromStoreCode'),
          toStoreCode: field(form, 'toStoreCode'),
          note: optional(form, 'note'),
          lines: linesOf(form.lines ?? '', ['sku', 'qty']),
        },
        done: (a) => `Transfer ${String(a.transferNumber)} drafted.`,
      };
    case 'transfer-send':
      return {
        url: `/v1/transfers/${id}/send`,
        body: {},
        done: (a) => `Transfer ${String(a.transferNumber)} sent: the stock left ${String(a.fromStoreCode)}.`,
      };
    case 'transfer-receive': {
      const lines = linesOf(form.lines ?? '', ['sku', 'qtyReceived']);
      return {
        url: `/v1/transfers/${id}/receive`,
        body: lines.length > 0 ? { lines } : {},
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
          lines: linesOf(form.lines ?? '', ['sku', 'qtyDelta']),
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
          lines: linesOf(form.lines ?? '', ['sku', 'qty']),
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
          `File imported: ${String(a.imported)} products counted${Array.isArray(a.unknownCodes) && a.unknownCodes.length > 0 ? `, ${a.unknownCodes.length} unknown codes left out` : ''}.`,
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
    const errors = Array.isArray(answer.errors) ? (answer.errors as { path: string; message: string }[]).slice(0, 5) : [];
    const listed = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    return {
      ok: false,
      message: `${String(answer.detail ?? 'The back office refused this.')}${listed ? ` (${listed})` : ''}`,
      code: String(answer.code ?? ''),
      body: answer,
    };
  }
  const replayed = response.headers['x-idempotent-replay'] === 'true';
  return { ok: true, message: `${call.done(answer)}${replayed ? ' (This form had been sent already: recorded once.)' : ''}`, body: answer };
}
