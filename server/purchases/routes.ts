import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DocumentParamsSchema, EmptyBodySchema, ProblemSchema, PurchaseReceiptDraftSchema, PurchaseReceiptSchema } from '../../protocol';
import { requireAdmin } from '../auth/callers';
import { requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { runDocumentWrite } from '../inventory/document-writes';
import { emptyBodyIsEmptyObject, toMilli } from '../inventory/quantities';
import type { Services } from '../services';
import { approvePurchaseReceipt, draftPurchaseReceipt } from './purchase-receipts';

export const purchaseRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.addHook('onRequest', requireAdmin(services.store, services.settings.adminToken));
  const responses = { 200: PurchaseReceiptSchema, 201: PurchaseReceiptSchema, '4xx': ProblemSchema };

  app.post(
    '/v1/purchase-receipts',
    {
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Draft a purchase receipt (no stock moves yet)', body: PurchaseReceiptDraftSchema, response: responses },
    },
    async (request, reply) => {
      const qtyMilli = toMilli(request.body.lines, (line) => line.qty, 'qty');
      const response = await runDocumentWrite(services, request, 'POST /v1/purchase-receipts', (trx, context) =>
        draftPurchaseReceipt(trx, request.body, qtyMilli, context),
      );
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/purchase-receipts/:id/approve',
    {
      preValidation: [requireIdempotencyKey, emptyBodyIsEmptyObject],
      schema: {
        summary: 'Approve a purchase receipt: number it RCV-… and add its stock, once',
        params: DocumentParamsSchema,
        body: EmptyBodySchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const response = await runDocumentWrite(services, request, 'POST /v1/purchase-receipts/:id/approve', (trx, context) =>
        approvePurchaseReceipt(trx, services.store.kind, request.params.id, context),
      );
      return sendWrite(reply, response);
    },
  );
};
