import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema, SaleReceiptSchema, SaleRequestSchema } from '../../sync/protocol';
import { requireTerminal, terminalOf } from '../auth/callers';
import type { Services } from '../services';
import { idempotencyKeyOf, pathOf, requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { priceSale } from './priced-sale';
import { recordSale } from './record-sale';

export const salesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/v1/sales',
    {
      onRequest: requireTerminal(services.store),
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
      const priced = priceSale(request.body);
      const response = await services.writes.run(
        { scope: `terminal:${terminal.terminalId}`, key, method: 'POST', path: pathOf(request), body: request.body, endpoint: 'POST /v1/sales' },
        (trx, context) => recordSale(trx, terminal, key, request.body, priced, context),
      );
      services.metrics.salesIngested(response);
      return sendWrite(reply, response);
    },
  );
};
