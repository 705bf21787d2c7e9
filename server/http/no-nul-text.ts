import type { FastifyRequest } from 'fastify';
import { Problem } from '../problem';

/** The first string in a JSON value that holds a NUL character, as a JSON pointer. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const found = nulPath(key, `${path}/${key}`) ?? nulPath(inner, `${path}/${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can): refuse it up front, the same on both
 * databases, as a 400 the terminal keeps for a manager rather than a 500 it retries forever.
 * A batch is checked item by item, as each item is handed on alone.
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
  const path = nulPath(value, '');
  if (path !== null) {
    throw new Problem(400, 'validation_failed', 'Invalid text', `Text in the request ${part} may not contain the NUL character.`, [
      { path, message: 'must not contain U+0000' },
    ]);
  }
}
