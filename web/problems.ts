import type { FastifyReply } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Codes the web host itself answers with; a core error keeps the code the core gave it. */
export type WebHostProblemCode =
  | 'validation_failed'
  | 'malformed_json'
  | 'json_too_deep'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'forbidden'
  | 'internal_error';

export interface WebHostProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { path: string; message: string }[];
}

export function problem(status: number, code: string, title: string, detail: string, errors?: WebHostProblem['errors']): WebHostProblem {
  return { type: `/docs/web-host#${code}`, title, status, detail, code, ...(errors ? { errors } : {}) };
}

export function sendProblem(reply: FastifyReply, body: WebHostProblem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

const STATUS_OF_CORE_CODE: Record<string, number> = {
  validation_failed: 400,
  invalid_argument: 400,
  quantity_too_small: 400,
  whole_quantity_required: 400,
  refund_reason_too_short: 400,
  cash_move_reason_too_short: 400,
  // The request is right; the drawer's cash now is what refuses it.
  refund_beyond_drawer: 409,
  pay_out_beyond_drawer: 409,
  cash_move_key_reused: 409,
  not_found: 404,
  not_paired: 409,
  no_network: 503,
  server_unreachable: 503,
  closed: 503,
  manager_required: 403,
  insecure_server_url: 400,
  queue_unsettled: 409,
  pairing_code_used: 409,
  store_locked: 409,
  // The terminal's own database would not take the write: nothing was saved, try again later.
  storage_full: 503,
  storage_read_only: 503,
  storage_busy: 503,
  storage_failed: 503,
};

/**
 * The core reports a refusal (bad pairing code, not paired, unknown entry...) as an Error
 * carrying a string `code`: an answer the cashier must see, so its code goes through as is.
 */
export function problemOfCoreError(error: unknown): WebHostProblem {
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    const { code, errors } = error as Error & { code: string; errors?: unknown };
    const fieldErrors = Array.isArray(errors) && errors.length > 0 ? (errors as WebHostProblem['errors']) : undefined;
    return problem(STATUS_OF_CORE_CODE[code] ?? 422, code, 'The terminal refused this', error.message, fieldErrors);
  }
  return problem(500, 'internal_error', 'Terminal fault', 'The terminal failed to handle this request. Retry it; if it persists, restart the app.');
}
