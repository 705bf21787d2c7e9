import type { FastifyRequest } from 'fastify';
import { Problem } from '../problem';

/**
 * HTTP/1.1 requires a Host header (RFC 9112, 3.2). Node refuses a request without one
 * with a bare 400 and no body, before any handler of ours runs; the server lets it through
 * (requireHostHeader: false) and refuses it here, as every other malformed request is
 * refused: 400 malformed_request, problem+json.
 */
export async function requireHost(request: FastifyRequest): Promise<void> {
  if (request.raw.httpVersion === '1.1' && !request.headers.host)
    throw new Problem(400, 'malformed_request', 'Malformed request', 'An HTTP/1.1 request must carry a Host header.');
}
