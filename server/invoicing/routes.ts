import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BusinessProfileInputSchema,
  BusinessProfileSchema,
  MachineProfileInputSchema,
  MachineProfileSchema,
  ProblemSchema,
  TerminalIdParamsSchema,
  TillProfileSchema,
} from '../../protocol';
import { requireAdmin, requireTerminal, terminalOf } from '../auth/callers';
import type { Services } from '../services';
import { saveBusinessProfile, saveMachineProfile, tillProfileOf } from './invoice-profile';

export const invoicingRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const admin = requireAdmin(services.store, services.settings.adminToken);
  const problems = { '4xx': ProblemSchema };

  app.put(
    '/v1/admin/businesses/:businessCode/profile',
    {
      onRequest: admin,
      schema: {
        summary:
          "Set what the business's sales invoices print: registered name, trade name, address, TIN with branch code, VAT registration, footer, BNPC weekly caps",
        params: Type.Object({ businessCode: Type.String({ minLength: 1, maxLength: 32 }) }),
        body: BusinessProfileInputSchema,
        response: { 200: BusinessProfileSchema, ...problems },
      },
    },
    async (request) => saveBusinessProfile(services.store, request.params.businessCode, request.body),
  );

  app.put(
    '/v1/admin/terminals/:terminalId/machine',
    {
      onRequest: admin,
      schema: {
        summary: "Set a till's machine identification number, serial number and permit to use (printed on its invoices)",
        params: TerminalIdParamsSchema,
        body: MachineProfileInputSchema,
        response: { 200: MachineProfileSchema, ...problems },
      },
    },
    async (request) => saveMachineProfile(services.store, request.params.terminalId, request.body),
  );

  app.get(
    '/v1/terminals/profile',
    {
      onRequest: requireTerminal(services.store),
      schema: {
        summary: "The business's and this till's invoice profile (null parts are not set yet)",
        response: { 200: TillProfileSchema, ...problems },
      },
    },
    async (request) => tillProfileOf(services.store, terminalOf(request)),
  );
};
