import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DocumentParamsSchema, ProblemSchema, TransferDraftSchema, TransferReceiveSchema, TransferSchema, TransferSendSchema } from '../../protocol';
import { requireAdmin, requireAdminOrTerminal } from '../auth/callers';
import { requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { decisionRoute } from '../inventory/decision-route';
import { runDocumentWrite } from '../inventory/document-writes';
import { emptyBodyIsEmptyObject, toMilli } from '../inventory/quantities';
import type { Services } from '../services';
import { checkTransferDraft, discardTransfer, draftTransfer, receiveTransfer, sendTransfer } from './stock-transfers';

export const transferRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const admin = requireAdmin(services.store, services.settings);
  const adminOrTill = requireAdminOrTerminal(services.store, services.settings);
  const responses = { 200: TransferSchema, 201: TransferSchema, '4xx': ProblemSchema };
  const kind = services.store.kind;

  app.post(
    '/v1/transfers',
    {
      onRequest: admin,
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Draft a stock transfer between two stores (numbered TRF-…)', body: TransferDraftSchema, response: responses },
    },
    async (request, reply) => {
      checkTransferDraft(request.body);
      const qtyMilli = toMilli(request.body.lines, (line) => line.qty, 'qty');
      const response = await runDocumentWrite(services, request, (trx, context) => draftTransfer(trx, request.body, qtyMilli, context));
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/transfers/:id/send',
    {
      onRequest: adminOrTill,
      preValidation: [requireIdempotencyKey, emptyBodyIsEmptyObject],
      schema: {
        summary: 'Send a transfer: its stock leaves the source store, once',
        params: DocumentParamsSchema,
        body: TransferSendSchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const till = request.terminal ?? null;
      const response = await runDocumentWrite(services, request, (trx, context) =>
        sendTransfer(trx, kind, request.params.id, request.body, context, till),
      );
      return sendWrite(reply, response);
    },
  );

  decisionRoute(app, services, admin, {
    path: '/v1/transfers/:id/discard',
    summary: 'Discard a drafted transfer before it is sent: nothing moves; its number stays on it',
    params: DocumentParamsSchema,
    response: responses,
    decide: discardTransfer,
  });

  app.post(
    '/v1/transfers/:id/receive',
    {
      onRequest: adminOrTill,
      preValidation: [requireIdempotencyKey, emptyBodyIsEmptyObject],
      schema: {
        summary: 'Receive a transfer: its stock arrives at the destination, once; differences are recorded',
        params: DocumentParamsSchema,
        body: TransferReceiveSchema,
        response: responses,
      },
    },
    async (request, reply) => {
      const till = request.terminal ?? null;
      const response = await runDocumentWrite(services, request, (trx, context) =>
        receiveTransfer(trx, kind, request.params.id, request.body, context, till),
      );
      return sendWrite(reply, response);
    },
  );
};
