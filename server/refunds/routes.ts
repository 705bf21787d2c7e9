import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema, RefundParamsSchema, RefundReceiptSchema, RefundRequestSchema } from '../../protocol';
import { requireTerminal, terminalOf } from '../auth/callers';
import { idempotencyKeyOf, pathOf, requireIdempotencyKey, sendWrite } from '../http/write-reply';
import type { Services } from '../services';
import { refundWrite } from './refund-write';

export { REFUND_ENDPOINT } from './refund-write';

export const refundRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/v1/sales/:id/refund',
    {
      onRequest: requireTerminal(services.store, services.settings),
      preValidation: requireIdempotencyKey,
      schema: {
        summary: 'Refund some or all of a sale of this store (idempotent)',
        params: RefundParamsSchema,
        body: RefundRequestSchema,
        response: { 200: RefundReceiptSchema, 201: RefundReceiptSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const terminal = terminalOf(request);
      const key = idempotencyKeyOf(request);
      const response = await services.pipeline.submit(refundWrite(terminal, request.params.id, key, pathOf(request), request.body));
      return sendWrite(reply, response);
    },
  );
};
