import type { ProblemBody, ProblemCode } from '../protocol/problem';

/** Where each code is explained: docs/problems.md, served by the server itself. */
export const problemTypeUrl = (code: ProblemCode) => `/docs/problems#${code}`;

/** The body's members beyond the standard ones and `errors`. */
export type ProblemMembers = Pick<ProblemBody, 'lastLocalNumber' | 'lastSeq'>;

/**
 * An error that is an answer: a status, a stable code a manager can read and a test can
 * assert on, and a sentence. Thrown anywhere in a request, rendered as problem+json.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail: string,
    readonly errors?: { path: string; message: string }[],
    readonly headers: Record<string, string> = {},
    /** Extension members of the body (RFC 9457 §3.2), as ProblemSchema names them. */
    readonly members: ProblemMembers = {},
  ) {
    super(detail);
  }

  toBody(): ProblemBody {
    return {
      type: problemTypeUrl(this.code),
      title: this.title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.members,
    };
  }
}

export const notFound = (what: string) => new Problem(404, 'not_found', 'Not found', `${what} was not found.`);
