import type { FastifyRequest } from 'fastify';
import { Problem } from '../problem';

/** What @fastify/rate-limit's createRateLimit() answers for one counted request. */
export interface LimitResult {
  isAllowed: boolean;
  isExceeded?: boolean;
  ttlInSeconds?: number;
}

export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new Problem(429, 'rate_limited', 'Too many requests', detail, undefined, { 'retry-after': String(Math.max(1, retryAfterSeconds)) });

const MAX_BLOCKED_ADDRESSES = 10_000;

/**
 * Guessing the admin token: every admin-API request that does not carry the valid token
 * (none, a wrong one, a terminal's) is counted per client address by @fastify/rate-limit;
 * past the limit the address is shut out of the whole admin API, a right guess included,
 * until the window ends, so guessing cannot go on at full speed. Valid requests are not
 * counted: a busy manager's screen is never throttled. Per server instance.
 */
export class AdminGuard {
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly countFailure: (request: FastifyRequest) => Promise<LimitResult>) {}

  /** Before the token is looked at: a shut-out address gets 429 whatever it sends. */
  refuseIfBlocked(request: FastifyRequest, now = Date.now()): void {
    const until = this.blockedUntil.get(request.ip);
    if (until === undefined) return;
    if (until <= now) {
      this.blockedUntil.delete(request.ip);
      return;
    }
    throw tooManyRequests(
      'Too many admin requests without a valid admin token from this address; wait before trying again.',
      Math.ceil((until - now) / 1000),
    );
  }

  /** After a refused token: counted; the one that goes past the limit is already a 429. */
  async failed(request: FastifyRequest, now = Date.now()): Promise<void> {
    const result = await this.countFailure(request);
    if (!result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds ?? 60);
    if (this.blockedUntil.size >= MAX_BLOCKED_ADDRESSES) {
      for (const [ip, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(ip);
      if (this.blockedUntil.size >= MAX_BLOCKED_ADDRESSES) this.blockedUntil.delete(this.blockedUntil.keys().next().value as string);
    }
    this.blockedUntil.set(request.ip, now + seconds * 1000);
    throw tooManyRequests('Too many admin requests without a valid admin token from this address; wait before trying again.', seconds);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    adminGuard?: AdminGuard;
  }
}
