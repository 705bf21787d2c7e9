import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AdminRefundsPageSchema,
  AdminRefundsQuerySchema,
  AdminSalesPageSchema,
  AdminSalesQuerySchema,
  BusinessCreateSchema,
  BusinessSchema,
  EmptyBodySchema,
  ProblemSchema,
  SeriesSettingsSchema,
  StoreCreateSchema,
  StoreSchema,
  PairingCodeIssuedSchema,
  TerminalCreatedSchema,
  TerminalCreateSchema,
  TerminalIdParamsSchema,
  TerminalRevokedSchema,
  TerminalRevokeRequestSchema,
} from '../../protocol';
import { forgetTerminalTokens, requireAdmin } from '../auth/callers';
import { DEFAULT_BUSINESS_CODE, insertBusiness, insertStore } from '../businesses';
import { requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { runDocumentWrite } from '../inventory/document-writes';
import { emptyBodyIsEmptyObject } from '../inventory/quantities';
import { configurableSeries } from '../numbering/number-series';
import { saveSeriesSettings } from '../numbering/series-settings';
import type { Services } from '../services';
import { addTerminal } from '../terminals/pairing';
import { issuePairingCode, revokeTerminal } from '../terminals/revocation';
import { listRefunds } from './admin-refunds';
import { listSales } from './admin-sales';

export const adminRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.addHook('onRequest', requireAdmin(services.store, services.settings));
  const problems = { '4xx': ProblemSchema };

  app.post(
    '/v1/admin/businesses',
    {
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Create a business', body: BusinessCreateSchema, response: { 200: BusinessSchema, 201: BusinessSchema, ...problems } },
    },
    async (request, reply) => {
      const response = await runDocumentWrite(services, request, async (trx) => {
        const b = await insertBusiness(trx, services.store.kind, request.body);
        return { status: 201, body: { id: b.id, code: b.code, name: b.name, currency: b.currency, timezone: b.timezone } };
      });
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/admin/stores',
    {
      preValidation: requireIdempotencyKey,
      schema: { summary: 'Create a store', body: StoreCreateSchema, response: { 200: StoreSchema, 201: StoreSchema, ...problems } },
    },
    async (request, reply) => {
      const response = await runDocumentWrite(services, request, async (trx) => {
        const s = await insertStore(trx, { ...request.body, businessCode: request.body.businessCode ?? DEFAULT_BUSINESS_CODE });
        return { status: 201, body: { id: s.id, businessCode: s.businessCode, code: s.code, name: s.name } };
      });
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/admin/terminals',
    {
      preValidation: requireIdempotencyKey,
      schema: {
        summary: 'Register a terminal and get its one-time pairing code',
        body: TerminalCreateSchema,
        response: { 200: TerminalCreatedSchema, 201: TerminalCreatedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const response = await runDocumentWrite(services, request, async (trx) => {
        const input = {
          businessCode: request.body.businessCode ?? DEFAULT_BUSINESS_CODE,
          storeCode: request.body.storeCode,
          name: request.body.name,
        };
        return { status: 201, body: await addTerminal(trx, input) };
      });
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/admin/terminals/:terminalId/revoke',
    {
      preValidation: requireIdempotencyKey,
      schema: {
        summary: 'Revoke a lost or stolen terminal: its token answers 401 terminal_revoked until it is paired again',
        params: TerminalIdParamsSchema,
        body: TerminalRevokeRequestSchema,
        response: { 200: TerminalRevokedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const response = await runDocumentWrite(services, request, async (trx, { now }) => ({
        status: 200,
        body: await revokeTerminal(trx, request.params.terminalId, request.body.reason, now),
      }));
      // Committed: this process's cached tokens are looked up again (another process's within TOKEN_CACHE_MS).
      forgetTerminalTokens(services.store);
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/admin/terminals/:terminalId/pairing-code',
    {
      // No body, `{}` and an empty body are the same request (one fingerprint), as for approve and send.
      preValidation: [requireIdempotencyKey, emptyBodyIsEmptyObject],
      schema: {
        summary: 'A new one-time pairing code (24 h) for the same terminal: pairing with it issues a new token and lifts a revocation',
        params: TerminalIdParamsSchema,
        body: EmptyBodySchema,
        response: { 200: PairingCodeIssuedSchema, 201: PairingCodeIssuedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const response = await runDocumentWrite(services, request, async (trx, { now }) => ({
        status: 201,
        body: await issuePairingCode(trx, request.params.terminalId, now),
      }));
      return sendWrite(reply, response);
    },
  );

  app.put(
    '/v1/admin/series/:series',
    {
      schema: {
        summary: "Set a number series' format and reset policy",
        params: Type.Object({ series: Type.Union(configurableSeries.map((s) => Type.Literal(s))) }),
        body: SeriesSettingsSchema,
        response: { 200: SeriesSettingsSchema, ...problems },
      },
    },
    async (request) => saveSeriesSettings(services.store, request.params.series, request.body),
  );

  app.get(
    '/v1/admin/sales',
    {
      schema: {
        summary: 'Sales, oldest first, a page at a time',
        querystring: AdminSalesQuerySchema,
        response: { 200: AdminSalesPageSchema, ...problems },
      },
    },
    async (request) => {
      const limit = Number(request.query.limit ?? '100');
      return listSales(services.store, { ...request.query, limit });
    },
  );

  app.get(
    '/v1/admin/refunds',
    {
      schema: {
        summary: 'Refunds (return slips), oldest first, a page at a time',
        querystring: AdminRefundsQuerySchema,
        response: { 200: AdminRefundsPageSchema, ...problems },
      },
    },
    async (request) => {
      const limit = Number(request.query.limit ?? '100');
      return listRefunds(services.store, { ...request.query, limit });
    },
  );
};
