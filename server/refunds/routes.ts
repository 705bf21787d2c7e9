import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema, RefundParamsSchema, RefundReceiptSchema, RefundRequestSchema } from '../../sync/protocol';
import { requireTerminal, terminalOf } from '../auth/callers';
import { idempotencyKeyOf, pathOf, requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { requireValidDate, toMilli } from '../inventory/quantities';
import type { Services } from '../services';
import { recordRefund } from './record-refund';

export const REFUND_ENDPOINT = 'POST /v1/sales/:id/refund';

export const refundRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/v1/sales/:id/refund',
    {
      onRequest: requireTerminal(services.store),
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
      requireValidDate(request.body.occurredAt, '/occurredAt');
      const qtyMilli = toMilli(request.body.lines, (line) => line.qty, 'qty');
      const response = await services.writes.run(
        { scope: `terminal:${terminal.terminalId}`, key, method: 'POST', path: pathOf(request), body: request.body, endpoint: REFUND_ENDPOINT },
        (trx, context) => recordRefund(trx, services.store.kind, terminal, request.params.id, key, request.body, qtyMilli, context),
      );
      return sendWrite(reply, response);
    },
  );
};
