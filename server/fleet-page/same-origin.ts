import type { FastifyRequest } from 'fastify';
import { Problem } from '../problem';

/**
 * The fleet and stock pages' forms are posted by the manager's browser with its session
 * cookie. A page of another origin could post them too (cross-site request forgery):
 * `SameSite=Strict` does not stop another port of the same host, or a sibling subdomain,
 * which are the same "site". So a form post the browser says came from elsewhere is refused
 * (403 `forbidden`, nothing done). The browser says it with `Sec-Fetch-Site` (same-origin,
 * or none: typed, a bookmark, are ours); one that does not send it, with `Origin`, whose host
 * must be this one (the pages send no referrer, so a browser's own form may say `Origin: null`:
 * trusted only beside `Sec-Fetch-Site`). A client that sends neither (curl, a script with the
 * token) is no browser carrying someone's cookie, and goes on to the session check as before.
 */
export async function refuseCrossSiteForms(request: FastifyRequest): Promise<void> {
  if (request.method !== 'POST' || !(request.url === '/fleet' || request.url.startsWith('/fleet/'))) return;
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const elsewhere =
    typeof site === 'string' ? site !== 'same-origin' && site !== 'none' : typeof origin === 'string' && hostOf(origin) !== request.host;
  if (elsewhere) {
    throw new Problem(
      403,
      'forbidden',
      'Sent from another site',
      'This form was sent from a page of another site: open the back office and send it from there.',
    );
  }
}

const hostOf = (origin: string): string | null => {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};
