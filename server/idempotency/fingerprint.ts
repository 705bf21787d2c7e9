import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { asSent } from '../http/unpaired-surrogates';

/**
 * What makes two requests "the same payload": method, path and the body in canonical
 * JSON (RFC 8785: keys sorted, numbers normalised), hashed. The body as it was sent: before
 * half a surrogate pair in its text was mended (server/http/unpaired-surrogates.ts).
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = canonicalize(asSent(body) ?? null) ?? 'null';
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonical}`).digest('hex');
}
