import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  InventoryCorrectionSchema,
  PostedDocumentSchema,
  ProblemSchema,
  StockQuerySchema,
  StockReportSchema,
  SupplierReturnSchema,
} from '../../protocol';
import { requireAdmin } from '../auth/callers';
import { requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { Problem } from '../problem';
import type { Services } from '../services';
import { runDocumentWrite } from './document-writes';
import { toMilli } from './quantities';
import { postCorrection, postSupplierReturn } from './stock-adjustments';
import { stockReport } from './stock-ledger';

export const inventoryRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.addHook('onRequest', requireAdmin(services.store, services.settings));
  const responses = { 200: PostedDocumentSchema, 201: PostedDocumentSchema, '4xx': ProblemSchema };

  app.post(
    '/v1/inventory-corrections',
    {
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Correct stock after a count (numbered ADJ-…)', body: InventoryCorrectionSchema, response: responses },
    },
    async (request, reply) => {
      const deltaMilli = toMilli(request.body.lines, (line) => line.qtyDelta, 'qtyDelta');
      const zero = deltaMilli.findIndex((delta) => delta === 0);
      if (zero >= 0)
        throw new Problem(400, 'validation_failed', 'Invalid correction', 'A correction line changes stock.', [
          { path: `/lines/${zero}/qtyDelta`, message: 'must not be 0' },
        ]);
      const response = await runDocumentWrite(services, request, (trx, context) => postCorrection(trx, request.body, deltaMilli, context));
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/supplier-returns',
    {
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Return goods to a supplier (numbered SRT-…)', body: SupplierReturnSchema, response: responses },
    },
    async (request, reply) => {
      const qtyMilli = toMilli(request.body.lines, (line) => line.qty, 'qty');
      const response = await runDocumentWrite(services, request, (trx, context) => postSupplierReturn(trx, request.body, qtyMilli, context));
      return sendWrite(reply, response);
    },
  );

  app.get(
    '/v1/admin/stock',
    {
      schema: {
        summary: 'Stock on hand per store and SKU, from the ledger',
        querystring: StockQuerySchema,
        response: { 200: StockReportSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => stockReport(services.store, request.query),
  );
};
