import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * What makes two requests "the same payload": method, path and the body in canonical
 * JSON (RFC 8785: keys sorted, numbers normalised), hashed.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = canonicalize(body ?? null) ?? 'null';
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonical}`).digest('hex');
}
