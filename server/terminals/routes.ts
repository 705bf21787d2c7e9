import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  HeartbeatAnswerSchema,
  HeartbeatSchema,
  PairRequestSchema,
  PairResponseSchema,
  ProblemSchema,
  utcText,
  VOIDED_DOCUMENTS_PATH,
  VoidedDocumentRecordedSchema,
  VoidedDocumentSchema,
} from '../../protocol';
import { forgetTerminalTokens, requireTerminal, terminalOf } from '../auth/callers';
import type { Services } from '../services';
import { heldDocuments } from './held-documents';
import { pairTerminal } from './pairing';
import { recordVoidedDocument } from './voided-documents';

export const terminalRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/v1/terminals/pair',
    {
      schema: {
        summary: 'Pair a terminal with its one-time code (no Idempotency-Key: the code itself works once)',
        body: PairRequestSchema,
        response: { 201: PairResponseSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const paired = await pairTerminal(services.store, request.body.pairingCode, { storeCode: request.body.storeCode });
      // The terminal's old token stopped working: forget what this process cached of it.
      forgetTerminalTokens(services.store);
      return reply.code(201).send(paired);
    },
  );

  app.post(
    '/v1/terminals/heartbeat',
    {
      onRequest: requireTerminal(services.store, services.settings),
      schema: {
        summary: "Report the terminal's queue to the back office",
        body: HeartbeatSchema,
        response: { 200: HeartbeatAnswerSchema, 204: Type.Null(), '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const terminal = terminalOf(request);
      const { synced, sentAt } = request.body;
      const now = new Date();
      await services.store.db
        .updateTable('terminals')
        .set({
          last_contact_at: now.toISOString(),
          // The till's clock less ours: the request's time on the wire is counted in, a second at most on a sane link.
          ...(sentAt === undefined ? {} : { clock_offset_ms: Date.parse(sentAt) - now.getTime() }),
          queue_depth: request.body.queueDepth,
          oldest_pending_at: request.body.oldestPendingAt === null ? null : utcText(request.body.oldestPendingAt),
          needs_attention: request.body.needsAttention,
          pending_value_minor: request.body.pendingValueMinor ?? null,
          app_version: request.body.appVersion,
        })
        .where('id', '=', terminal.terminalId)
        .execute();
      if (synced === undefined) return reply.code(204).send(null);
      return reply.code(200).send({ held: await heldDocuments(services.store.db, terminal.terminalId, synced) });
    },
  );

  app.post(
    VOIDED_DOCUMENTS_PATH,
    {
      onRequest: requireTerminal(services.store, services.settings),
      schema: {
        summary: 'Report a sale or refund the till voided before it was ever sent (keyed by terminal and local number: a duplicate is stored once)',
        body: VoidedDocumentSchema,
        response: { 200: VoidedDocumentRecordedSchema, 201: VoidedDocumentRecordedSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const { status, body } = await recordVoidedDocument(services.store.db, terminalOf(request), request.body, new Date());
      return reply.code(status).send(body);
    },
  );
};
