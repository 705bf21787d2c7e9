import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CorrectionDraftSchema,
  CorrectionSchema,
  DocumentParamsSchema,
  ProblemSchema,
  StockDocumentListSchema,
  StockDocumentQuerySchema,
} from '../../protocol';
import { requireAdmin, requireAdminOrTerminal } from '../auth/callers';
import { requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { Problem } from '../problem';
import type { Services } from '../services';
import { approveCorrection, discardCorrection, draftCorrection } from './correction-drafts';
import { decisionRoute } from './decision-route';
import { listStockDocuments } from './document-list';
import { runDocumentWrite } from './document-writes';
import { toMilli } from './quantities';

/** Corrections under the two-person rule (drafted, approved by another manager, or discarded) and the document list. */
export const correctionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const admin = requireAdmin(services.store, services.settings);
  const adminOrTill = requireAdminOrTerminal(services.store, services.settings);
  const kind = services.store.kind;
  const responses = { 200: CorrectionSchema, 201: CorrectionSchema, '4xx': ProblemSchema };

  app.post(
    '/v1/correction-drafts',
    {
      onRequest: admin,
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Draft a correction for a second manager to approve (moves nothing yet)', body: CorrectionDraftSchema, response: responses },
    },
    async (request, reply) => {
      const deltaMilli = toMilli(request.body.lines, (line) => line.qtyDelta, 'qtyDelta');
      const zero = deltaMilli.findIndex((delta) => delta === 0);
      if (zero >= 0)
        throw new Problem(400, 'validation_failed', 'Invalid correction', 'A correction line changes stock.', [
          { path: `/lines/${zero}/qtyDelta`, message: 'must not be 0' },
        ]);
      const response = await runDocumentWrite(services, request, (trx, context) => draftCorrection(trx, kind, request.body, deltaMilli, context));
      return sendWrite(reply, response);
    },
  );

  decisionRoute(app, services, admin, {
    path: '/v1/correction-drafts/:id/approve',
    summary: 'Approve a drafted correction (another manager than its author): numbered ADJ-…, stock moves once',
    params: DocumentParamsSchema,
    response: responses,
    decide: approveCorrection,
  });
  decisionRoute(app, services, admin, {
    path: '/v1/correction-drafts/:id/discard',
    summary: 'Discard a drafted correction: nothing moves, no number',
    params: DocumentParamsSchema,
    response: responses,
    decide: discardCorrection,
  });

  app.get(
    '/v1/stock-documents',
    {
      onRequest: adminOrTill,
      schema: {
        summary: 'Stock documents by kind, state and store, newest first, with their lines (a till: its own store only)',
        querystring: StockDocumentQuerySchema,
        response: { 200: StockDocumentListSchema, '4xx': ProblemSchema },
      },
    },
    async (request) =>
      listStockDocuments(
        services.store,
        request.terminal ? { ...request.query, businessCode: request.terminal.businessCode, storeCode: request.terminal.storeCode } : request.query,
      ),
  );
};
