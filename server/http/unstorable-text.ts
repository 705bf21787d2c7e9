import type { FastifyRequest } from 'fastify';
import { unstorableTextAt } from '../../protocol/json-limits';
import { Problem } from '../problem';

/**
 * Text neither database stores as sent (U+0000, half of a surrogate pair:
 * protocol/json-limits.ts) is refused up front, the same on both databases, as a 400 the
 * terminal keeps for a manager rather than a 500 it retries forever (or text stored other
 * than it was sent). A batch is checked item by item, as each item is handed on alone.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const parts: [string, unknown][] = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.routeOptions.url === '/v1/sync/batch' ? null : request.body],
  ];
  for (const [part, value] of parts) refuseUnstorableIn(part, value);
}

/** The same refusal for one part of a request: a batch item's body. */
export function refuseUnstorableIn(part: string, value: unknown): void {
  const found = unstorableTextAt(value);
  if (found !== null) {
    throw new Problem(
      400,
      'validation_failed',
      'Invalid text',
      `Text in the request ${part} may not contain the NUL character nor half of a surrogate pair.`,
      [found],
    );
  }
}
