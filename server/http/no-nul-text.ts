import type { FastifyRequest } from 'fastify';
import { unstorableTextAt } from '../../protocol/json-limits';
import { Problem } from '../problem';

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can): refuse it up front, the same on both
 * databases, as a 400 the terminal keeps for a manager rather than a 500 it retries forever.
 * A batch is checked item by item, as each item is handed on alone. (Half of a surrogate
 * pair is not refused but stored as U+FFFD: server/http/unpaired-surrogates.ts.)
 */
export async function refuseNulText(request: FastifyRequest): Promise<void> {
  const parts: [string, unknown][] = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.routeOptions.url === '/v1/sync/batch' ? null : request.body],
  ];
  for (const [part, value] of parts) refuseNulIn(part, value);
}

/** The same refusal for one part of a request: a batch item's body. */
export function refuseNulIn(part: string, value: unknown): void {
  const found = unstorableTextAt(value, true);
  if (found !== null) {
    throw new Problem(400, 'validation_failed', 'Invalid text', `Text in the request ${part} may not contain the NUL character.`, [found]);
  }
}
