import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  COUNT_FILE_MAX_BYTES,
  StockDocumentKindSchema,
  StockDocumentStatusSchema,
  type CountFilePreview,
  type StockDocumentQuery,
} from '../../protocol';
import { listCounts, countDetail } from '../counts/count-sessions';
import { COUNT_FILE_NOT_UTF8 } from '../counts/count-file-body';
import { cookieValue, FLEET_COOKIE, isSignedOut, overHttps, signedSession } from '../fleet-page/fleet-session';
import { htmlReply } from '../fleet-page/html';
import { clearedDoneNotice, doneNoticeCookie, doneNoticeOf } from '../fleet-page/done-notice';
import { listStockDocuments } from '../inventory/document-list';
import { stockReport } from '../inventory/stock-ledger';
import type { Services } from '../services';
import { NOT_UTF8, readMultipart, type FormFields } from './multipart';
import { onHandCsv } from './on-hand-csv';
import { runForm, type Outcome } from './stock-actions';
import { countPage, DOCUMENTS_SHOWN, previewPage, stockPage, type StockView } from './stock-html';

/** Forms of lines typed by hand; a count file travels in a multipart form of its own. */
const FORM_BYTES = 256 * 1024;
/** A count file and a few fields; the file itself is bounded again by the API (COUNT_FILE_MAX_BYTES). */
const UPLOAD_BYTES = COUNT_FILE_MAX_BYTES + 64 * 1024;

const StockQuery = Type.Object({
  kind: Type.Optional(Type.Union([StockDocumentKindSchema, Type.Literal('')])),
  status: Type.Optional(Type.Union([StockDocumentStatusSchema, Type.Literal('')])),
  storeCode: Type.Optional(Type.String({ maxLength: 32, pattern: '^[A-Za-z0-9_-]*$' })),
});
const CountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The back office's stock page, beside /fleet and behind the same sign-in (the fleet
 * cookie's path is /fleet): documents by kind and state, new documents, approvals, counts
 * with a file import and its preview, stock on hand with a CSV export. Server-rendered, no
 * script, the same CSP; every form writes through the API itself (stock-actions.ts).
 */
export const stockPageRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const adminToken = services.settings.adminToken;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BYTES }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: UPLOAD_BYTES }, (request, body, done) => {
    try {
      done(null, readMultipart(body as Buffer, String(request.headers['content-type'])));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  /** Signed in, or sent to the sign-in page; the admin token the page writes with. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply): Promise<string | null> => {
    const session = signedSession(adminToken, cookieValue(request.headers.cookie, FLEET_COOKIE));
    if (adminToken === null || session === null || (await isSignedOut(services.store, session))) {
      await reply.redirect('/fleet/login', 303);
      return null;
    }
    return adminToken;
  };

  /** The stock pages are the MAIN business's: its time zone, as /fleet reads times. */
  const mainTimeZone = async () =>
    (await services.store.db.selectFrom('businesses').select('timezone').where('code', '=', 'MAIN').executeTakeFirst())?.timezone ?? 'Asia/Manila';

  const loadView = async (filter: StockView['filter']): Promise<StockView> => {
    const query: StockDocumentQuery = { limit: String(DOCUMENTS_SHOWN) };
    if (filter.kind) query.kind = filter.kind as NonNullable<StockDocumentQuery['kind']>;
    if (filter.status) query.status = filter.status as NonNullable<StockDocumentQuery['status']>;
    if (filter.storeCode) query.storeCode = filter.storeCode;
    const stores = await services.store.db
      .selectFrom('stores as s')
      .innerJoin('businesses as b', 'b.id', 's.business_id')
      .select('s.code')
      .where('b.code', '=', 'MAIN')
      .orderBy('s.code')
      .execute();
    return {
      now: new Date(),
      timeZone: await mainTimeZone(),
      stores: stores.map((s) => s.code),
      documents: (await listStockDocuments(services.store, query)).items,
      counts: (await listCounts(services.store, {})).items,
      stock: await stockReport(services.store, filter.storeCode ? { storeCode: filter.storeCode } : {}),
      filter,
    };
  };
  const filterOf = (query: { kind?: string | undefined; status?: string | undefined; storeCode?: string | undefined }) => ({
    kind: query.kind || undefined,
    status: query.status || undefined,
    storeCode: query.storeCode || undefined,
  });

  /** Post, redirect, get: the form's success is said on the page it lands on, and a reload sends nothing again. */
  const doneThenShow = (request: FastifyRequest, reply: FastifyReply, outcome: Outcome, location: string) =>
    reply.header('set-cookie', doneNoticeCookie(String(adminToken), outcome.message, overHttps(request))).redirect(location, 303);
  /** The success a redirect brought, said once. */
  const noticeFor = (request: FastifyRequest, reply: FastifyReply): Outcome | undefined => {
    const message = doneNoticeOf(adminToken, request.headers.cookie);
    if (message === undefined) return undefined;
    reply.header('set-cookie', clearedDoneNotice(overHttps(request)));
    return { ok: true, message };
  };

  app.get('/fleet/stock', { schema: { hide: true, querystring: StockQuery } }, async (request, reply) => {
    if ((await signedIn(request, reply)) === null) return reply;
    return htmlReply(reply, 200, stockPage(await loadView(filterOf(request.query)), noticeFor(request, reply)));
  });

  app.post('/fleet/stock/do', { schema: { hide: true } }, async (request, reply) => {
    const token = await signedIn(request, reply);
    if (token === null) return reply;
    const form = (request.body ?? {}) as FormFields;
    const outcome = await runForm(app, token, String(form.action ?? ''), form);
    if (outcome.ok) return doneThenShow(request, reply, outcome, '/fleet/stock');
    // Refused: the form comes back as typed, to be fixed rather than typed again.
    return htmlReply(reply, 400, stockPage(await loadView({}), outcome, { action: String(form.action ?? ''), form }));
  });

  app.get('/fleet/stock/counts/:id', { schema: { hide: true, params: CountParams } }, async (request, reply) => {
    if ((await signedIn(request, reply)) === null) return reply;
    const detail = await countDetail(services.store, request.params.id);
    return htmlReply(reply, 200, countPage(detail, await mainTimeZone(), noticeFor(request, reply)));
  });

  /** Approve, discard or import: the answer is shown on the count's own page. */
  app.post('/fleet/stock/counts/:id', { schema: { hide: true, params: CountParams } }, async (request, reply) => {
    const token = await signedIn(request, reply);
    if (token === null) return reply;
    const form: FormFields = { ...((request.body ?? {}) as FormFields), id: request.params.id };
    const outcome: Outcome =
      form[NOT_UTF8] !== undefined
        ? { ok: false, message: COUNT_FILE_NOT_UTF8, code: 'count_file_invalid' }
        : await runForm(app, token, String(form.action ?? ''), form);
    if (outcome.ok) return doneThenShow(request, reply, outcome, `/fleet/stock/counts/${encodeURIComponent(request.params.id)}`);
    return htmlReply(reply, 400, countPage(await countDetail(services.store, request.params.id), await mainTimeZone(), outcome));
  });

  app.post('/fleet/stock/counts/:id/preview', { schema: { hide: true, params: CountParams } }, async (request, reply) => {
    const token = await signedIn(request, reply);
    if (token === null) return reply;
    const fields = (request.body ?? {}) as FormFields;
    if (fields[NOT_UTF8] !== undefined) {
      const detail = await countDetail(services.store, request.params.id);
      return htmlReply(reply, 400, countPage(detail, await mainTimeZone(), { ok: false, message: COUNT_FILE_NOT_UTF8, code: 'count_file_invalid' }));
    }
    const file = fields.file ?? '';
    const response = await app.inject({
      method: 'POST',
      url: `/v1/stock-counts/${encodeURIComponent(request.params.id)}/import-preview`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: file,
    });
    const detail = await countDetail(services.store, request.params.id);
    if (response.statusCode !== 200) {
      const problem = response.json() as { detail?: string; code?: string; errors?: { path: string; message: string }[] };
      const listed = (problem.errors ?? []).slice(0, 5).map((error) => `${error.path}: ${error.message}`);
      return htmlReply(
        reply,
        400,
        countPage(detail, await mainTimeZone(), {
          ok: false,
          message: [problem.detail ?? 'The file was refused.', ...listed.slice(1)].join(' · '),
          code: problem.code ?? '',
        }),
      );
    }
    return htmlReply(reply, 200, previewPage(detail.count, file, response.json() as CountFilePreview, await mainTimeZone()));
  });

  app.get('/fleet/stock/on-hand.csv', { schema: { hide: true, querystring: StockQuery } }, async (request, reply) => {
    if ((await signedIn(request, reply)) === null) return reply;
    const report = await stockReport(services.store, request.query.storeCode ? { storeCode: request.query.storeCode } : {});
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="stock-on-hand-${new Date().toISOString().slice(0, 10)}.csv"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(onHandCsv(report));
  });
};
