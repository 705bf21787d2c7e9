import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BatchRequestSchema, BatchResponseSchema, ProblemSchema, type BatchResult } from '../../sync/protocol';
import { requireTerminal } from '../auth/callers';
import { Problem } from '../problem';
import type { Services } from '../services';

/** The writes a terminal queues offline; only these may travel in a batch. */
const BATCHABLE_PATHS = [/^\/v1\/sales$/, /^\/v1\/sales\/[^/?#]+\/refund$/];

/**
 * Several queued writes in one round trip. Each item is handed to the server exactly as
 * if it had come alone (its own key, its own transaction, the same answer), in order.
 */
export const batchRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/v1/sync/batch',
    {
      onRequest: requireTerminal(services.store),
      schema: { summary: 'Send queued writes in one round trip (no Idempotency-Key on the batch itself)', body: BatchRequestSchema, response: { 200: BatchResponseSchema, '4xx': ProblemSchema } },
    },
    async (request) => {
      const results: BatchResult[] = [];
      for (const item of request.body.items) {
        if (!BATCHABLE_PATHS.some((pattern) => pattern.test(item.path))) {
          const problem = new Problem(400, 'batch_item_not_allowed', 'Not allowed in a batch', `${item.method} ${item.path} cannot be sent in a batch.`);
          results.push({ key: item.key, status: 400, body: problem.toBody(), replayed: false });
          continue;
        }
        const response = await app.inject({
          method: item.method,
          url: item.path,
          headers: {
            authorization: request.headers.authorization ?? '',
            'idempotency-key': item.key,
            'content-type': 'application/json',
          },
          payload: JSON.stringify(item.body ?? null),
        });
        results.push({
          key: item.key,
          status: response.statusCode,
          body: response.body === '' ? null : (JSON.parse(response.body) as unknown),
          replayed: response.headers['x-idempotent-replay'] === 'true',
        });
      }
      return { results };
    },
  );
};
