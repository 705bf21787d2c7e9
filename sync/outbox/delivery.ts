import { Compile } from 'typebox/compile';
import { ProblemSchema, RefundReceiptSchema, SaleReceiptSchema, type RefundReceipt, type SaleReceipt } from '../protocol';
import type { OfflineCause } from '../terminal-api';

/** The back office's acknowledgement of a queued sale or refund. */
export type DocumentReceipt = SaleReceipt | RefundReceipt;

/** How the sync worker must treat the answer to one queued write. */
export type Delivery =
  | { kind: 'synced'; status: number; receipt: DocumentReceipt; response: string }
  /** Permanent: a person must look at it. The rest of the queue keeps flowing. */
  | { kind: 'refused'; status: number; code: string; detail: string }
  /** Transient: send again later under the same key. */
  | { kind: 'retry'; status: number | null; code: string; detail: string; cause: OfflineCause | null; retryAfterMs: number | null }
  /** The token is no longer accepted: stop sending until the terminal is paired again. */
  | { kind: 'unauthorized'; status: 401; detail: string };

const ReceiptCheck = Compile(SaleReceiptSchema);
const RefundReceiptCheck = Compile(RefundReceiptSchema);
const ProblemCheck = Compile(ProblemSchema);

/** The problem code and detail of an error body, or a stand-in built from the status. */
export function problemOf(status: number, body: unknown): { code: string; detail: string } {
  if (ProblemCheck.Check(body)) return { code: body.code, detail: body.detail };
  return { code: `http_${status}`, detail: typeof body === 'string' && body.length > 0 ? body.slice(0, 300) : `The back office answered ${status}.` };
}

/**
 * The sorting rule of the outbox: what is worth sending again, and what only a
 * manager can fix. Anything 5xx, 429 or "still in progress" will pass by itself;
 * any other 4xx will fail the same way forever and must not block the queue.
 */
export function classifyAnswer(status: number, body: unknown, retryAfterMs: number | null, entryKind = 'sale'): Delivery {
  if (status === 200 || status === 201) {
    const receipt = entryKind === 'refund' ? (RefundReceiptCheck.Check(body) ? body : null) : ReceiptCheck.Check(body) ? body : null;
    if (receipt !== null) return { kind: 'synced', status, receipt, response: JSON.stringify(body) };
    return { kind: 'retry', status, code: 'invalid_response', detail: `The back office acknowledged the ${entryKind} with a body this terminal cannot read.`, cause: null, retryAfterMs };
  }
  const problem = problemOf(status, body);
  if (status === 401) return { kind: 'unauthorized', status, detail: problem.detail };
  if (status === 409 && problem.code === 'request_in_progress') return { kind: 'retry', status, ...problem, cause: null, retryAfterMs };
  if (status === 429 || status === 408) return { kind: 'retry', status, ...problem, cause: null, retryAfterMs };
  if (status >= 500) return { kind: 'retry', status, ...problem, cause: 'server_unreachable', retryAfterMs };
  return { kind: 'refused', status, ...problem };
}
