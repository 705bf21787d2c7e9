import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseIdempotencyKey } from '../../protocol/idempotency-key';
import type { WriteResponse } from '../idempotency/idempotent-writes';
import { Problem } from '../problem';

/** The Idempotency-Key of a write, or a 400 that says what is wrong with it. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const parsed = parseIdempotencyKey(request.headers['idempotency-key']);
  if (parsed.ok) return parsed.key;
  if (parsed.reason === 'missing') {
    throw new Problem(
      400,
      'idempotency_key_missing',
      'Idempotency-Key required',
      'Every write needs an Idempotency-Key header: a unique value per operation, reused on every retry of it.',
    );
  }
  throw new Problem(
    400,
    'idempotency_key_malformed',
    'Idempotency-Key malformed',
    'The Idempotency-Key must be 1 to 255 characters of A-Z a-z 0-9 . _ : - (optionally as a quoted string).',
  );
}

/** preValidation hook: a write without a usable key is refused before anything else. */
export async function requireIdempotencyKey(request: FastifyRequest): Promise<void> {
  idempotencyKeyOf(request);
}

export const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? request.url;

/** Sends the stored JSON text as it is, so a replay is byte-for-byte the original. */
export function sendWrite(reply: FastifyReply, response: WriteResponse): FastifyReply {
  reply.code(response.status).type('application/json; charset=utf-8');
  if (response.replayed) reply.header('x-idempotent-replay', 'true');
  return reply.serializer((payload: unknown) => payload as string).send(response.body);
}
