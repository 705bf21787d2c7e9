import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../problem';
import { loginPage } from './fleet-html';
import { escapeHtml as e, htmlReply, page } from './html';

/** The managers' pages (/fleet, /fleet/stock, …): a browser reads their refusals, not a program. */
export const isPagePath = (url: string) => /^\/fleet(?:[/?]|$)/.test(url);

/**
 * A refusal on a manager's page as a page: what went wrong in words, and the way back. The
 * same status and headers (Retry-After) as the problem+json the API would have answered;
 * a refused sign-in (too many attempts) is the sign-in page saying so.
 */
export function problemPageReply(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  reply.headers(problem.headers);
  const path = request.url.split('?')[0];
  if (path === '/fleet/login') return htmlReply(reply, problem.status, loginPage(problem.detail));
  // What the link or form asked that the page does not have, field by field (found by a walk: "the request querystring
  // does not match the schema" for a filter link with ?kind=bogus, the values it takes named only in the API's body).
  const fields = problem.errors?.length
    ? `<ul id="problem-fields">${problem.errors.map((f) => `<li>${e(`${f.path.replace(/^\//, '') || 'the request'}: ${f.message}`)}</li>`).join('')}</ul>`
    : '';
  return htmlReply(
    reply,
    problem.status,
    page(
      `Counter fleet: ${problem.title}`,
      `<header><h1>Counter fleet</h1><nav><a href="/fleet">Fleet</a> · <a href="/fleet/stock">Stock</a></nav></header>
<main><section id="problem"><h2>${e(problem.title)}</h2><p class="error" role="alert">${e(problem.detail)}</p>${fields}
<p class="empty">${e(`${problem.status} ${problem.code}`)}</p><p><a href="/fleet">Back to the fleet page</a></p></section></main>`,
    ),
  );
}
