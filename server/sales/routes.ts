import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema, SaleReceiptSchema, SaleRequestSchema } from '../../protocol';
import { requireTerminal, terminalOf } from '../auth/callers';
import type { Services } from '../services';
import { idempotencyKeyOf, pathOf, requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { saleWrite } from './sale-write';

export const salesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/v1/sales',
    {
      onRequest: requireTerminal(services.store, services.settings),
      preValidation: requireIdempotencyKey,
      schema: {
        summary: 'Record a sale rung up at a terminal (idempotent)',
        body: SaleRequestSchema,
        response: { 200: SaleReceiptSchema, 201: SaleReceiptSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const terminal = terminalOf(request);
      const key = idempotencyKeyOf(request);
      const response = await services.pipeline.submit(saleWrite(terminal, key, pathOf(request), request.body));
      services.metrics.salesIngested(response);
      return sendWrite(reply, response);
    },
  );
};
