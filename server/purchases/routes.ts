import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DocumentParamsSchema, ProblemSchema, PurchaseReceiptDraftSchema, PurchaseReceiptSchema, ReceiptApprovalSchema } from '../../protocol';
import { requireAdmin, requireAdminOrTerminal } from '../auth/callers';
import { requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { decisionRoute } from '../inventory/decision-route';
import { runDocumentWrite } from '../inventory/document-writes';
import { emptyBodyIsEmptyObject, toMilli } from '../inventory/quantities';
import type { Services } from '../services';
import { approvePurchaseReceipt, discardPurchaseReceipt, draftPurchaseReceipt } from './purchase-receipts';

export const purchaseRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const admin = requireAdmin(services.store, services.settings);
  const adminOrTill = requireAdminOrTerminal(services.store, services.settings);
  const responses = { 200: PurchaseReceiptSchema, 201: PurchaseReceiptSchema, '4xx': ProblemSchema };

  app.post(
    '/v1/purchase-receipts',
    {
      onRequest: admin,
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Draft a purchase receipt (no stock moves yet)', body: PurchaseReceiptDraftSchema, response: responses },
    },
    async (request, reply) => {
      const qtyMilli = toMilli(request.body.lines, (line) => line.qty, 'qty');
      const response = await runDocumentWrite(services, request, (trx, context) => draftPurchaseReceipt(trx, request.body, qtyMilli, context));
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/purchase-receipts/:id/approve',
    {
      onRequest: adminOrTill,
      preValidation: [requireIdempotencyKey, emptyBodyIsEmptyObject],
      schema: {
        summary: 'Approve a purchase receipt (the back office, or a till of its store): number it RCV-… and add what arrived, once',
        params: DocumentParamsSchema,
        body: ReceiptApprovalSchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const till = request.terminal;
      const response = await runDocumentWrite(services, request, (trx, context) =>
        approvePurchaseReceipt(trx, services.store.kind, request.params.id, context, request.body, till ?? null),
      );
      return sendWrite(reply, response);
    },
  );

  decisionRoute(app, services, admin, {
    path: '/v1/purchase-receipts/:id/discard',
    summary: 'Discard a drafted purchase receipt: nothing moves, no number; the tills stop offering it',
    params: DocumentParamsSchema,
    response: responses,
    decide: discardPurchaseReceipt,
  });
};
