import type { FastifyRequest } from 'fastify';
import { idempotencyKeyOf, pathOf } from '../http/write-reply';
import { reusedKeyProblem, type EffectContext, type WriteResponse } from '../idempotency/idempotent-writes';
import type { Tx } from '../db/database';
import type { Services } from '../services';

export const ADMIN_SCOPE = 'admin';

/**
 * An admin document write under the idempotency contract, with permanent dedup: the
 * answer is also kept in document_writes (forever, unlike the 24 h response cache), so a
 * correction replayed a week later is still not applied twice. A till (a route open to
 * admin or till) writes under its own scope (`terminal:<id>`), the back office under
 * ADMIN_SCOPE. The endpoint, what monitoring counts requests and replays by, is the route
 * as registered (`POST /v1/transfers/:id/send`).
 */
export function runDocumentWrite(
  services: Services,
  request: FastifyRequest,
  effect: (trx: Tx, context: EffectContext) => Promise<{ status: number; body: unknown }>,
): Promise<WriteResponse> {
  const key = idempotencyKeyOf(request);
  const scope = request.terminal ? `terminal:${request.terminal.terminalId}` : ADMIN_SCOPE;
  const endpoint = `${request.method} ${request.routeOptions.url ?? pathOf(request)}`;
  // What a write's query string says is part of the request (a count file's `importedBy`):
  // the same key with another value is another request (422), not a replay. A write without
  // one is fingerprinted by its body alone, as it always was.
  const query = request.query !== null && typeof request.query === 'object' && Object.keys(request.query).length > 0 ? request.query : null;
  const payload = query === null ? (request.body ?? null) : { body: request.body ?? null, query };
  return services.writes.run({ scope, key, method: request.method, path: pathOf(request), body: payload, endpoint }, async (trx, context) => {
    const earlier = await trx
      .selectFrom('document_writes')
      .select(['fingerprint', 'body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.fingerprint !== context.fingerprint) throw reusedKeyProblem();
      return { status: 200, body: JSON.parse(earlier.body) as unknown, replayedFromRecord: true };
    }
    const result = await effect(trx, context);
    await trx
      .insertInto('document_writes')
      .values({
        scope,
        key,
        fingerprint: context.fingerprint,
        status: result.status,
        body: JSON.stringify(result.body),
        created_at: context.now.toISOString(),
      })
      .execute();
    return result;
  });
}
