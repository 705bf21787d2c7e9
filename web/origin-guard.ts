import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problems';

/** The names this host answers to on its own port; anything else is another site. */
export function ownOrigins(port: number): { hosts: Set<string>; origins: Set<string> } {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return { hosts, origins: new Set([...hosts].map((h) => `http://${h}`)) };
}

/**
 * DNS-rebinding and cross-site guard: a page on another site may resolve its own name to
 * 127.0.0.1, or post to us from the cashier's browser. Its Host or Origin then names that
 * site, so only our own host and origin get through.
 */
export function registerOriginGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const address = app.server.address();
    const port = address !== null && typeof address === 'object' ? address.port : -1;
    const own = ownOrigins(port);
    const host = request.headers.host ?? '';
    const origin = request.headers.origin;
    if (!own.hosts.has(host)) {
      return sendProblem(reply, problem(403, 'forbidden', 'Forbidden', `This terminal only answers to 127.0.0.1:${port}.`));
    }
    if (origin !== undefined && !own.origins.has(origin)) {
      return sendProblem(reply, problem(403, 'forbidden', 'Forbidden', 'Requests from other sites are refused.'));
    }
    // A GET carries no Origin: a page of another site (another port of localhost included) could
    // still hold the status feed open or load the API with an <img>. The browser says where a
    // request comes from (Fetch Metadata); only our own pages (same-origin) and a typed address
    // or a bookmark (none) get through. A client that is not a browser sends no such header.
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return sendProblem(reply, problem(403, 'forbidden', 'Forbidden', 'Requests from other sites are refused.'));
    }
  });
}
