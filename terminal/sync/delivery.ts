import { Compile } from 'typebox/compile';
import { PROBLEM_CONTENT_TYPE, ProblemSchema, SaleReceiptSchema } from '../../protocol';
import type { OfflineCause } from '../terminal-api';

/** How the sync worker must treat the answer to one queued write. */
export type Delivery =
  /** `receipt`: the body as the entry's kind read it (outbox-kinds.ts). */
  | { kind: 'synced'; status: number; receipt: unknown; response: string }
  /** Permanent: a person must look at it. The rest of the queue keeps flowing. */
  | { kind: 'refused'; status: number; code: string; detail: string }
  /**
   * 409 local_number_reused: the back office holds this document's number for another one of
   * this till (restored from a copy of its folder). Numbered again after `lastLocalNumber`,
   * it goes again under the same key (the back office stored nothing for it).
   */
  | { kind: 'number_again'; status: number; code: string; detail: string; lastLocalNumber: string }
  /**
   * Transient: send again later under the same key. `neverSent`: no byte of this attempt can
   * have reached the back office (back-office-client.ts, failedBeforeConnecting); any answer,
   * and every other failure, leaves it false: the back office may hold the write.
   */
  | {
      kind: 'retry';
      status: number | null;
      code: string;
      detail: string;
      cause: OfflineCause | null;
      retryAfterMs: number | null;
      neverSent: boolean;
    }
  /** The token is no longer accepted: stop sending until the terminal is paired again. */
  | { kind: 'unauthorized'; status: 401; code: string; detail: string };

const SaleReceiptCheck = Compile(SaleReceiptSchema);
const readSaleReceipt = (body: unknown): unknown => (SaleReceiptCheck.Check(body) ? body : null);
const ProblemCheck = Compile(ProblemSchema);

/** The problem code and detail of an error body, or a stand-in built from the status. */
export function problemOf(status: number, body: unknown): { code: string; detail: string } {
  if (ProblemCheck.Check(body)) return { code: body.code, detail: body.detail };
  return { code: `http_${status}`, detail: typeof body === 'string' && body.length > 0 ? body.slice(0, 300) : `The back office answered ${status}.` };
}

/** One HTTP answer as the sorting rule needs it. */
export interface Answer {
  status: number;
  body: unknown;
  retryAfterMs: number | null;
  /** The media type without parameters, lower case; null when the answer named none. */
  contentType: string | null;
}

/**
 * Whether an error answer is the back office itself speaking: RFC 9457 problem+json with
 * the contract's fields. A proxy's or captive portal's page (HTML, empty, other JSON) is not.
 */
export function isBackOfficeProblem(answer: Pick<Answer, 'body' | 'contentType'>): boolean {
  return answer.contentType === PROBLEM_CONTENT_TYPE && ProblemCheck.Check(answer.body);
}

/**
 * The sorting rule of the outbox: what is worth sending again, and what only a manager
 * can fix. Only a 4xx problem+json from the back office is a refusal (it will fail the
 * same way forever and must not block the queue). Everything else, a 5xx, 429, 408,
 * "still in progress", and any answer the back office did not give (a proxy's HTML error
 * page, an empty or foreign body, a redirect), is transient: the entry may even be
 * recorded already, so it goes again under the same key and is never voidable.
 */
export function classifyAnswer(
  answer: Answer,
  readReceipt: (body: unknown) => unknown = readSaleReceipt,
  entryKind = 'sale',
  /** A refund whose sale was acknowledged to the terminal sending it (not under an earlier pairing, nor before it was kept). */
  saleAcknowledgedHere = false,
): Delivery {
  const { status, body, retryAfterMs } = answer;
  if (status === 200 || status === 201) {
    const receipt = readReceipt(body);
    if (receipt !== null) return { kind: 'synced', status, receipt, response: JSON.stringify(body) };
    return {
      kind: 'retry',
      status,
      code: 'invalid_response',
      detail: `The back office acknowledged the ${entryKind} with a body this terminal cannot read.`,
      cause: null,
      retryAfterMs,
      neverSent: false,
    };
  }
  const fromBackOffice = isBackOfficeProblem(answer);
  const problem = problemOf(status, body);
  if (status >= 500) return { kind: 'retry', status, ...problem, cause: 'server_unreachable', retryAfterMs, neverSent: false };
  if (status === 429 || status === 408) return { kind: 'retry', status, ...problem, cause: null, retryAfterMs, neverSent: false };
  if (!fromBackOffice) {
    const detail = `HTTP ${status} without a problem+json body: not the back office's answer (a proxy or portal in between?). It is sent again.`;
    return { kind: 'retry', status, code: `http_${status}`, detail, cause: 'server_unreachable', retryAfterMs, neverSent: false };
  }
  // Its own code kept: terminal_revoked (a lost till cut off) is not a mistyped token (unauthorized).
  if (status === 401)
    return { kind: 'unauthorized', status, code: problem.code === 'terminal_revoked' ? 'terminal_revoked' : 'unauthorized', detail: problem.detail };
  if (status === 409 && problem.code === 'request_in_progress')
    return { kind: 'retry', status, ...problem, cause: null, retryAfterMs, neverSent: false };
  // A refund goes to its sale's id as the back office acknowledged it to this very terminal:
  // "not found" there means the back office lost that sale (restored from an older backup). The
  // heartbeat finds the loss and sends the sale again (acknowledged-check.ts); the refund, given
  // at the counter, goes after it to its new id. Never a refusal a manager could void. (A sale
  // acknowledged under an earlier pairing may be another store's now: that 404 needs a person.)
  if (status === 404 && entryKind === 'refund' && saleAcknowledgedHere && problem.code === 'not_found')
    return {
      kind: 'retry',
      status,
      code: 'sale_not_at_back_office',
      detail: `${problem.detail} The back office had acknowledged it (restored from an older backup?): the refund goes again once its sale is back there.`,
      cause: null,
      retryAfterMs,
      neverSent: false,
    };
  if (status === 409 && problem.code === 'local_number_reused' && ProblemCheck.Check(body) && body.lastLocalNumber !== undefined)
    return { kind: 'number_again', status, ...problem, lastLocalNumber: body.lastLocalNumber };
  if (status >= 400 && status < 500) return { kind: 'refused', status, ...problem };
  return { kind: 'retry', status, ...problem, cause: 'server_unreachable', retryAfterMs, neverSent: false };
}
