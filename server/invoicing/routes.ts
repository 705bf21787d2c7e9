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
  StoreBranchInputSchema,
  StoreBranchSchema,
  TerminalIdParamsSchema,
  TillProfileSchema,
} from '../../protocol';
import { requireAdmin, requireTerminal, terminalOf } from '../auth/callers';
import type { Services } from '../services';
import { recordedBnpcWeek } from '../sales/sale-benefits';
import { businessByCode } from '../place-codes';
import { notFound, Problem } from '../problem';
import { saveStoreBranch, storeBranchOf } from '../store-branch';
import {
  businessProfileOf,
  profileVersion,
  saveBusinessProfile,
  saveMachineProfile,
  tillProfileOf,
  type ProfilePrecondition,
} from './invoice-profile';

/**
 * `If-Match` (RFC 9110 §13.1.1) on the profile's PUT: absent, the save is unconditional (as
 * before); `*`, a profile must exist; else a list of entity tags, one of which must be the
 * stored profile's version (the ETag of the last answer), compared strongly: a weak tag
 * (`W/"…"`) never matches, and neither does anything when the business has no profile yet.
 */
export function ifMatchPrecondition(header: string | undefined): ProfilePrecondition | undefined {
  if (header === undefined) return undefined;
  const tags = header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  if (tags.includes('*')) return (current) => current !== null;
  const strong = tags.filter((tag) => !tag.startsWith('W/')).map((tag) => tag.replace(/^"(.*)"$/, '$1'));
  return (current, version) => current !== null && strong.includes(version);
}

export const invoicingRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const admin = requireAdmin(services.store, services.settings);
  const problems = { '4xx': ProblemSchema };

  app.put(
    '/v1/admin/businesses/:businessCode/profile',
    {
      onRequest: admin,
      schema: {
        summary:
          "Set what the business's sales invoices print: registered name, trade name, address, TIN with branch code, VAT registration, footer, BNPC weekly caps, the POS supplier and its accreditation",
        description:
          "The answer carries the saved profile's version as `ETag`. With `If-Match` (that ETag), the profile is saved only if it is still that version, else 412 `profile_changed` and nothing saved; without it, the save is unconditional.",
        params: Type.Object({ businessCode: Type.String({ minLength: 1, maxLength: 32 }) }),
        body: BusinessProfileInputSchema,
        response: { 200: BusinessProfileSchema, ...problems },
      },
    },
    async (request, reply) => {
      const precondition = ifMatchPrecondition(request.headers['if-match']);
      const saved = await saveBusinessProfile(services.store, request.params.businessCode, request.body, new Date(), precondition);
      reply.header('etag', `"${profileVersion(saved)}"`);
      return saved;
    },
  );

  app.get(
    '/v1/admin/businesses/:businessCode/profile',
    {
      onRequest: admin,
      schema: {
        summary: "What the business's sales invoices print, as saved, with its version as `ETag` (for a PUT's `If-Match`)",
        params: Type.Object({ businessCode: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: { 200: BusinessProfileSchema, ...problems },
      },
    },
    async (request, reply) => {
      const business = await businessByCode(services.store.db, request.params.businessCode);
      if (!business) throw notFound(`Business ${request.params.businessCode}`);
      const profile = await businessProfileOf(services.store.db, business.id);
      if (profile === null)
        throw new Problem(404, 'not_found', 'No profile yet', `Business ${business.code} has no sales invoice profile yet: PUT one.`);
      reply.header('etag', `"${profileVersion(profile)}"`);
      return profile;
    },
  );

  const branchParams = Type.Object({
    businessCode: Type.String({ minLength: 1, maxLength: 32 }),
    storeCode: Type.String({ minLength: 1, maxLength: 32 }),
  });
  app.put(
    '/v1/admin/businesses/:businessCode/stores/:storeCode/branch',
    {
      onRequest: admin,
      schema: {
        summary:
          "Set a branch's own address and TIN branch code, printed by its tills instead of the business's (both, or both null to print the business's again)",
        params: branchParams,
        body: StoreBranchInputSchema,
        response: { 200: StoreBranchSchema, ...problems },
      },
    },
    async (request) => saveStoreBranch(services.store.db, request.params.businessCode, request.params.storeCode, request.body),
  );

  app.get(
    '/v1/admin/businesses/:businessCode/stores/:storeCode/branch',
    {
      onRequest: admin,
      schema: {
        summary: "What a store's tills print at the head of their documents: its own address and TIN branch code, or null (the business's)",
        params: branchParams,
        response: { 200: StoreBranchSchema, ...problems },
      },
    },
    async (request) => storeBranchOf(services.store.db, request.params.businessCode, request.params.storeCode),
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
      onRequest: requireTerminal(services.store, services.settings),
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
      onRequest: requireTerminal(services.store, services.settings),
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
