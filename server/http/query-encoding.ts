import type { FastifyRequest } from 'fastify';
import { Problem } from '../problem';

/**
 * A query string that is not valid percent-encoding (`?importedBy=a%zzb`, `%C3%28`: no
 * UTF-8) is refused as the router refuses such a path: 400 `validation_failed`. The parser
 * keeps what it cannot decode as it is, and a count file's importer was stored as "a%zzb".
 */
export async function refuseBadQueryEncoding(request: FastifyRequest): Promise<void> {
  const at = request.url.indexOf('?');
  if (at < 0) return;
  for (const part of request.url.slice(at + 1).split(/[&=]/)) {
    if (!part.includes('%')) continue;
    try {
      decodeURIComponent(part);
    } catch {
      throw new Problem(400, 'validation_failed', 'Invalid URL', 'A part of the query string is not valid percent-encoding.');
    }
  }
}
