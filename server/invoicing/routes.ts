import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BusinessProfileInputSchema,
  BusinessProfileSchema,
  BnpcWeekElsewhereSchema,
  bnpcWeekOf,
  MachineProfileInputSchema,
  MachineProfileSchema,
  ProblemSchema,
  TerminalIdParamsSchema,
  TillProfileSchema,
} from '../../protocol';
import { requireAdmin, requireTerminal, terminalOf } from '../auth/callers';
import type { Services } from '../services';
import { recordedBnpcWeek } from '../sales/sale-benefits';
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
          "Set what the business's sales invoices print: registered name, trade name, address, TIN with branch code, VAT registration, footer, BNPC weekly caps, the POS supplier and its accreditation",
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
        summary: "Set a till's machine identification number, serial number and permit to use (printed on its invoices as PTU No. and Date issued)",
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

  app.get(
    '/v1/terminals/bnpc-week',
    {
      onRequest: requireTerminal(services.store),
      schema: {
        summary:
          "A senior citizen's or PWD's 5% on basic necessities this week at the business's other tills (this till adds its own): purchases and discount, less what came back",
        querystring: Type.Object({ idNumber: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }) }),
        response: { 200: BnpcWeekElsewhereSchema, ...problems },
      },
    },
    async (request) => {
      const terminal = terminalOf(request);
      const now = new Date().toISOString();
      const week = await services.store.db
        .transaction()
        .execute((trx) => recordedBnpcWeek(trx, terminal.businessId, request.query.idNumber.trim(), now, terminal.timezone, terminal.terminalId));
      const { startsAt, endsAt } = bnpcWeekOf(now, terminal.timezone);
      return { ...week, weekStartsAt: startsAt, weekEndsAt: endsAt };
    },
  );
};
