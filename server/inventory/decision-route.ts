import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestHookHandler } from 'fastify';
import type { TObject, TSchema, TString } from 'typebox';
import { CountDecisionSchema, type CountDecision } from '../../protocol';
import type { DatabaseKind, Tx } from '../db/database';
import { requireIdempotencyKey, sendWrite } from '../http/write-reply';
import type { EffectContext } from '../idempotency/idempotent-writes';
import type { Services } from '../services';
import { runDocumentWrite } from './document-writes';

type TypeBoxApp = Parameters<FastifyPluginAsyncTypebox>[0];

/**
 * `POST <path>` with `{by}`: a manager's decision on an open document (a count or a drafted
 * correction, approved or discarded), under the admin token and the idempotency contract
 * with permanent dedup (runDocumentWrite). The route's endpoint is `POST <path>`.
 */
export function decisionRoute(
  app: TypeBoxApp,
  services: Services,
  admin: onRequestHookHandler,
  route: {
    path: string;
    summary: string;
    params: TObject<{ id: TString }>;
    response: Record<string, TSchema>;
    decide: (trx: Tx, kind: DatabaseKind, id: string, decision: CountDecision, context: EffectContext) => Promise<{ status: number; body: unknown }>;
  },
): void {
  app.post(
    route.path,
    {
      onRequest: admin,
      preValidation: requireIdempotencyKey,
      schema: { summary: route.summary, params: route.params, body: CountDecisionSchema, response: route.response },
    },
    async (request, reply) =>
      sendWrite(
        reply,
        await runDocumentWrite(services, request, (trx, context) => route.decide(trx, services.store.kind, request.params.id, request.body, context)),
      ),
  );
}
