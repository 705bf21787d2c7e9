import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sql } from 'kysely';
import { findTerminalByToken } from '../auth/callers';
import { sameSecret } from '../auth/tokens';
import type { Services } from '../services';
import { fleetPage, loginPage, signOutPage } from './fleet-html';
import { htmlReply } from './html';
import { invoiceProfilePage, profileFieldLabel, SUPPLIER_FIELDS } from './invoice-profile-html';
import {
  BusinessProfileInputSchema,
  StoreBranchInputSchema,
  DATE_TYPED_PATTERN,
  PosSupplierInputSchema,
  type BusinessProfileInput,
} from '../../protocol';
import { DISPLAY_NAME_PATTERN } from '../../protocol/display-name';
import { Value } from 'typebox/value';
import { businessProfileOf, NO_PROFILE_VERSION, profileVersion, saveBusinessProfile } from '../invoicing/invoice-profile';
import { businessByCode } from '../place-codes';
import { isCalendarDate, SALES_BOOKS, type SalesBookName } from '../../protocol';
import { dayBookCsv } from '../books/day-books';
import { sendBookCsv } from '../books/routes';
import { wallClockOf } from '../books/business-day';
import { booksPage } from './books-page';
import { branchesPage, type BranchTyped } from './branches-html';
import { saveStoreBranch, storeBranchesOf } from '../store-branch';
import { sellingBusinesses } from './fleet-data';
import { Problem } from '../problem';
import {
  clearedSessionCookie,
  cookieValue,
  FLEET_COOKIE,
  isSignedOut,
  newSessionValue,
  overHttps,
  sessionCookie,
  signedSession,
  signOut,
} from './fleet-session';

/**
 * The profile as the form sends it: never a null (a blank form field is left out), so a
 * supplier refused is named by its field ("POS supplier TIN"), not as the union of a supplier
 * or null the API takes.
 */
const FormProfileSchema = Type.Object(
  { ...BusinessProfileInputSchema.properties, posSupplier: Type.Optional(PosSupplierInputSchema) },
  { additionalProperties: false },
);

/** Why a form field was refused, where its label does not say it: blank, a name's characters, a date's years. */
function formRuleWords(error: { keyword: string; params: Record<string, unknown> }): string {
  if (error.keyword === 'minLength') return 'blank';
  if (error.keyword !== 'pattern') return '';
  if (error.params.pattern === DISPLAY_NAME_PATTERN)
    return 'a name as printed: no tab, line break or text-reversing character, nor an invisible one at its start or end';
  if (error.params.pattern === DATE_TYPED_PATTERN) return 'a date from 1900 on';
  return '';
}

const isSalesBook = (book: string): book is SalesBookName => (SALES_BOOKS as readonly string[]).includes(book);

/**
 * The managers' fleet page: server-rendered HTML behind a sign-in with the admin token,
 * which leaves only a signed, HttpOnly, SameSite=Strict session cookie in the browser.
 */
export const fleetPageRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { watch } = services.settings;
  const adminToken = services.settings.adminToken;
  // The invoice profile's longest fields (a 200-character name, a 500-character footer) in any script: each
  // character up to 9 bytes percent-encoded, so 4 KiB refused valid profiles (a Chinese trade name) as too large.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  const sessionOf = (request: FastifyRequest) => signedSession(adminToken, cookieValue(request.headers.cookie, FLEET_COOKIE));
  const signedIn = async (request: FastifyRequest) => {
    const session = sessionOf(request);
    return session !== null && !(await isSignedOut(services.store, session));
  };

  app.get('/fleet', { schema: { hide: true } }, async (request, reply) => {
    if (!(await signedIn(request))) return reply.redirect('/fleet/login', 303);
    return htmlReply(reply, 200, fleetPage(await services.reports.fleetView(watch, new Date(), services.settings.idempotencyTtlSeconds)));
  });

  const noBusinessPage = (code: string) =>
    invoiceProfilePage(code, null, { version: NO_PROFILE_VERSION, message: { ok: false, text: `There is no business ${code}.` } });
  const profileOf = async (businessCode: string) => {
    const business = await businessByCode(services.store.db, businessCode);
    return business ? { found: true as const, profile: await businessProfileOf(services.store.db, business.id) } : { found: false as const };
  };

  app.get(
    '/fleet/invoice-profile',
    {
      schema: {
        hide: true,
        querystring: Type.Object({ business: Type.Optional(Type.String({ maxLength: 32 })), saved: Type.Optional(Type.String({ maxLength: 8 })) }),
      },
    },
    async (request, reply) => {
      if (!(await signedIn(request))) return reply.redirect('/fleet/login', 303);
      const code = request.query.business ?? 'MAIN';
      const current = await profileOf(code);
      if (!current.found) return htmlReply(reply, 404, noBusinessPage(code));
      return htmlReply(
        reply,
        200,
        invoiceProfilePage(code, current.profile, {
          version: profileVersion(current.profile),
          ...(request.query.saved ? { message: { ok: true, text: 'Saved: the tills print it from their next pull (within a minute).' } } : {}),
        }),
      );
    },
  );

  app.post(
    '/fleet/invoice-profile',
    { schema: { hide: true, body: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 600 })) } },
    async (request, reply) => {
      if (!(await signedIn(request))) return reply.redirect('/fleet/login', 303);
      const form = request.body;
      const code = form.businessCode ?? 'MAIN';
      const current = await profileOf(code);
      if (!current.found) return htmlReply(reply, 404, noBusinessPage(code));
      // A refused form comes back as typed, with the version its page was opened from (not the one saved now): fixed
      // and sent again, it is still refused if someone saved the profile meanwhile. No version (a page from before the
      // back office carried one, a script posting the form): saved as it always was, unconditionally.
      const pageVersion = form.profileVersion === '' ? undefined : form.profileVersion;
      const refusedAsTyped = (text: string) =>
        htmlReply(reply, 400, invoiceProfilePage(code, current.profile, { version: pageVersion ?? '', message: { ok: false, text }, typed: form }));
      // "2,500.00" as a manager writes it, thousands grouped by commas (found by a walk: refused), or "2500".
      const centavos = (text: string | undefined) => {
        const typed = text?.trim().replace(/^(\d{1,3}(?:,\d{3})+)(\.\d{1,2})?$/, (_, whole: string, cents = '') => whole.replace(/,/g, '') + cents);
        return typed === undefined || !/^\d{1,7}(\.\d{1,2})?$/.test(typed) ? Number.NaN : Math.round(Number(typed) * 100);
      };
      const optional = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text.trim());
      const input: Record<string, unknown> = {
        registeredName: (form.registeredName ?? '').trim(),
        address: (form.address ?? '').trim(),
        tin: (form.tin ?? '').trim(),
        // One of the form's two choices; anything else (a crafted post's "maybe") is refused as the field, never taken as yes.
        ...(form.vatRegistered === 'yes' || form.vatRegistered === 'no' ? { vatRegistered: form.vatRegistered === 'yes' } : {}),
        bnpcWeeklyPurchaseCapMinor: centavos(form.bnpcWeeklyPurchaseCap),
        bnpcWeeklyDiscountCapMinor: centavos(form.bnpcWeeklyDiscountCap),
        ...(optional(form.tradeName) === undefined ? {} : { tradeName: optional(form.tradeName) }),
        ...(optional(form.footer) === undefined ? {} : { footer: optional(form.footer) }),
        // All blank: no supplier; anything typed: the whole supplier, each blank field refused by its label.
        ...(SUPPLIER_FIELDS.every((f) => optional(form[f.name]) === undefined)
          ? {}
          : { posSupplier: Object.fromEntries(SUPPLIER_FIELDS.map((f) => [f.schemaName, (form[f.name] ?? '').trim()])) }),
      };
      if (!Value.Check(FormProfileSchema, input)) {
        // Each field once, by its label, with why where the label alone does not say it (found by a walk: "check
        // Trade name" for a tab pasted in it, "check Accreditation date issued, like YYYY-MM-DD" for 1899-12-31).
        const why = new Map<string, string>();
        for (const error of Value.Errors(FormProfileSchema, input)) {
          // A field missing is named by the object that lacks it: say the field itself.
          const paths =
            error.keyword === 'required' && Array.isArray(error.params.requiredProperties)
              ? (error.params.requiredProperties as string[]).map((name) => `${error.instancePath}/${name}`)
              : [error.instancePath];
          for (const path of paths) {
            const label = profileFieldLabel(path.slice(1)) || 'the form';
            if (!why.get(label)) why.set(label, formRuleWords(error));
          }
        }
        const fields = [...why].map(([label, reason]) => (reason ? `${label} (${reason})` : label));
        return refusedAsTyped(`Not saved: check ${fields.join(', ')}.`);
      }
      try {
        // Saved only if the stored profile is still the one the page was opened from, checked in the save's own
        // transaction: a page left open while someone else saved would otherwise put back what they changed.
        await saveBusinessProfile(
          services.store,
          code,
          input as BusinessProfileInput,
          new Date(),
          (_stored, version) => pageVersion === undefined || version === pageVersion,
        );
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        if (error.code === 'profile_changed') {
          const now = await profileOf(code);
          if (!now.found) return htmlReply(reply, 404, noBusinessPage(code));
          const text =
            'Not saved: someone else saved this profile since this page was opened, and saving this page would have undone their changes. Nothing was saved. What your page said is listed just below; the form under it shows the profile as saved now.';
          return htmlReply(
            reply,
            409,
            invoiceProfilePage(code, now.profile, { version: profileVersion(now.profile), message: { ok: false, text }, notSaved: form }),
          );
        }
        // A rule past the schema (an accreditation valid until before its date issued): said on the form too.
        if (error.code !== 'validation_failed') throw error;
        return refusedAsTyped(`Not saved: ${error.detail}`);
      }
      return reply.redirect(`/fleet/invoice-profile?business=${encodeURIComponent(code)}&saved=1`, 303);
    },
  );

  // Each store's own address and TIN branch code (what its tills print), one small form per store.
  const branchesView = async (
    reply: FastifyReply,
    code: string,
    status: number,
    message?: { ok: boolean; text: string } | { savedStore: string },
    typed?: BranchTyped,
  ) => {
    const business = await businessByCode(services.store.db, code);
    if (!business) return htmlReply(reply, 404, branchesPage(code, null, [], { ok: false, text: `There is no business ${code}.` }));
    const profile = await businessProfileOf(services.store.db, business.id);
    const branches = await storeBranchesOf(services.store.db, business.id, business.code);
    // "Saved" only for a store of this business (the link's ?saved= is the store just saved, never text to show as is).
    const said =
      message && 'savedStore' in message
        ? branches.some((b) => b.storeCode === message.savedStore)
          ? { ok: true, text: `Saved: the tills of store ${message.savedStore} print it from their next pull (within a minute).` }
          : undefined
        : message;
    return htmlReply(reply, status, branchesPage(business.code, profile, branches, said, typed));
  };
  app.get(
    '/fleet/branches',
    {
      schema: {
        hide: true,
        querystring: Type.Object({ business: Type.Optional(Type.String({ maxLength: 32 })), saved: Type.Optional(Type.String({ maxLength: 32 })) }),
      },
    },
    async (request, reply) => {
      if (!(await signedIn(request))) return reply.redirect('/fleet/login', 303);
      const saved = request.query.saved;
      return branchesView(reply, request.query.business ?? 'MAIN', 200, saved === undefined ? undefined : { savedStore: saved });
    },
  );
  app.post(
    '/fleet/branches',
    { schema: { hide: true, body: Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 600 })) } },
    async (request, reply) => {
      if (!(await signedIn(request))) return reply.redirect('/fleet/login', 303);
      const form = request.body;
      const code = form.businessCode ?? 'MAIN';
      const typed = { storeCode: form.storeCode ?? '', address: (form.address ?? '').trim(), branchCode: (form.branchCode ?? '').trim() };
      const input = { address: typed.address === '' ? null : typed.address, branchCode: typed.branchCode === '' ? null : typed.branchCode };
      const refused = (text: string, status = 400) =>
        branchesView(reply, code, status, { ok: false, text: `Not saved (store ${typed.storeCode}): ${text}` }, typed);
      if (!Value.Check(StoreBranchInputSchema, input)) {
        const fields = [...new Set([...Value.Errors(StoreBranchInputSchema, input)].map((error) => error.instancePath))];
        return refused(
          fields
            .map((path) =>
              path === '/branchCode'
                ? 'check TIN branch code (the last group of the TIN, 3 to 5 digits, like 00001)'
                : 'check Address (one line of at most 300 characters, as printed: no tab, line break or text-reversing character)',
            )
            .join('; ') + '.',
        );
      }
      try {
        const saved = await saveStoreBranch(services.store.db, code, typed.storeCode, input);
        return reply.redirect(`/fleet/branches?business=${encodeURIComponent(saved.businessCode)}&saved=${encodeURIComponent(saved.storeCode)}`, 303);
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        if (error.status === 404 && !(await businessByCode(services.store.db, code))) return branchesView(reply, code, 404);
        return refused(
          error.code === 'validation_failed' ? 'give both the address and the TIN branch code, or leave both blank.' : error.detail,
          error.status,
        );
      }
    },
  );

  const tillsListed = () =>
    services.store.db
      .selectFrom('terminals as t')
      .innerJoin('businesses as b', 'b.id', 't.business_id')
      .select(['b.code as businessCode', 't.code', 't.name'])
      .orderBy('b.code')
      .orderBy(sql`length(t.code)`)
      .orderBy('t.code')
      .execute();

  // A till's journal of a day for the signed-in manager's browser, through GET /v1/admin/journal (same checks,
  // same answer); a refusal is said on the books page, under the journal's form.
  app.get(
    '/fleet/journal',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          till: Type.Optional(Type.String({ maxLength: 80 })),
          day: Type.Optional(Type.String({ maxLength: 64 })),
          format: Type.Optional(Type.String({ maxLength: 8 })),
        }),
      },
    },
    async (request, reply) => {
      if (!(await signedIn(request)) || adminToken === null) return reply.redirect('/fleet/login', 303);
      const [businessCode, terminal] = (request.query.till ?? '').includes('/')
        ? (request.query.till ?? '').split('/', 2)
        : ['MAIN', request.query.till ?? ''];
      const day = request.query.day ?? '';
      const format = request.query.format === 'csv' ? 'csv' : 'text';
      const query = new URLSearchParams({ businessCode: businessCode ?? '', terminal: terminal ?? '', day, format });
      const answer = await app.inject({ method: 'GET', url: `/v1/admin/journal?${query}`, headers: { authorization: `Bearer ${adminToken}` } });
      if (answer.statusCode < 300) {
        for (const name of ['content-type', 'content-disposition'] as const) {
          const value = answer.headers[name];
          if (typeof value === 'string') reply.header(name, value);
        }
        return reply.header('cache-control', 'no-store').send(answer.body);
      }
      const businesses = await services.store.db.selectFrom('businesses').select(['code', 'name']).orderBy('code').execute();
      let why: string;
      try {
        const problem = JSON.parse(answer.body) as { detail?: string; errors?: { path: string; message: string }[] };
        const fields = (problem.errors ?? []).map((error) => `${error.path.replace(/^\//, '') || 'till'} ${error.message}`);
        why = fields.length > 0 ? `Not opened: ${fields.join('; ')}.` : `Not opened: ${problem.detail ?? 'refused'}`;
      } catch {
        why = 'Not opened.';
      }
      return htmlReply(reply, answer.statusCode, booksPage(businesses, [], { day }, undefined, await tillsListed(), why));
    },
  );

  // A day's sales book as the CSV GET /v1/admin/books/… answers, for the signed-in manager's browser (it has no admin token to send).
  // Without a book and a day: the page to choose them. The query is read after the sign-in is
  // checked (signed out, any query goes to the sign-in page), and a refusal is said on that page.
  app.get(
    '/fleet/books',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          book: Type.Optional(Type.String({ maxLength: 64 })),
          business: Type.Optional(Type.String({ maxLength: 64 })),
          day: Type.Optional(Type.String({ maxLength: 64 })),
          store: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request, reply) => {
      if (!(await signedIn(request))) return reply.redirect('/fleet/login', 303);
      const { book, day } = request.query;
      // A form's blank business is none asked (found by a walk: it was refused as not a code).
      const business = request.query.business?.trim() || undefined;
      // One branch's books (each has its own TIN branch code and machines), or every store's: blank.
      const storeCode = request.query.store?.trim() || undefined;
      const businesses = await services.store.db.selectFrom('businesses').select(['code', 'name', 'timezone']).orderBy('code').execute();
      const stores = await services.store.db
        .selectFrom('stores as s')
        .innerJoin('businesses as b', 'b.id', 's.business_id')
        .select(['b.code as businessCode', 's.code', 's.name'])
        .orderBy('b.code')
        .orderBy('s.code')
        .execute();
      // No business asked: the first that sells (has a till), as the fleet page's links; never quietly another one's empty book.
      const [firstSelling] = await sellingBusinesses(services.store);
      const fallback = businesses.find((b) => b.code === firstSelling) ?? businesses[0];
      const today = wallClockOf(Date.now(), fallback?.timezone ?? 'Asia/Manila').date;
      const chosen = { day: day || today, business: business ?? fallback?.code, book, store: storeCode };
      if (!book || !day) return htmlReply(reply, 200, booksPage(businesses, stores, chosen, undefined, await tillsListed()));
      const refused = async (status: number, text: string) =>
        htmlReply(reply, status, booksPage(businesses, stores, chosen, text, await tillsListed()));
      if (!isSalesBook(book)) return refused(400, `Book: choose one of the ${SALES_BOOKS.length} books (not "${book}").`);
      if (!isCalendarDate(day)) return refused(400, `Day: ${day} is not a date on the calendar (YYYY-MM-DD).`);
      if (business !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(business))
        return refused(400, 'Business: a business code is letters, digits, - and _.');
      if (storeCode !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(storeCode))
        return refused(400, 'Store: a store code is letters, digits, - and _.');
      const asked = { businessCode: business ?? fallback?.code ?? 'MAIN', storeCode, day };
      try {
        return await sendBookCsv(reply, book, await dayBookCsv(services.store, book, asked));
      } catch (error) {
        if (error instanceof Problem && error.status < 500) return refused(error.status, error.detail);
        throw error;
      }
    },
  );

  /** Why a token typed on the sign-in form opens nothing: as the admin API says it (requireAdmin), a token the server knows for something else is named. */
  const notTheAdminToken = async (token: string): Promise<string> => {
    const metricsToken = services.settings.metricsToken;
    if (metricsToken !== null && sameSecret(token, metricsToken))
      return 'That is the metrics token: it reads GET /metrics and nothing else. Sign in with the admin token (POS_ADMIN_TOKEN).';
    if (token.trim() !== '' && (await findTerminalByToken(services.store, token)))
      return "That is a terminal's token: it cannot sign in here. Sign in with the admin token (POS_ADMIN_TOKEN).";
    return 'That admin token is not valid.';
  };

  app.get('/fleet/login', { schema: { hide: true } }, async (_request, reply) => htmlReply(reply, 200, loginPage()));

  app.post(
    '/fleet/login',
    {
      // Guessing the admin token through the sign-in form: a few attempts per minute per address.
      config: { rateLimit: { max: services.settings.loginAttemptsPerMinute, timeWindow: 60_000 } },
      schema: { hide: true, body: Type.Object({ token: Type.String({ maxLength: 512 }) }) },
    },
    async (request, reply) => {
      if (adminToken === null) return htmlReply(reply, 401, loginPage('The admin API is disabled on this server (POS_ADMIN_TOKEN is not set).'));
      if (!sameSecret(request.body.token, adminToken)) return htmlReply(reply, 401, loginPage(await notTheAdminToken(request.body.token)));
      reply.header('set-cookie', sessionCookie(newSessionValue(adminToken), overHttps(request)));
      return reply.redirect('/fleet', 303);
    },
  );

  // A typed address: "/fleet/" is the fleet page; signing out stays a form (a link or a prefetch must not sign anyone out).
  app.get('/fleet/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/fleet', 301));
  app.get('/fleet/logout', { schema: { hide: true } }, async (_request, reply) => htmlReply(reply, 200, signOutPage()));

  app.post('/fleet/logout', { schema: { hide: true } }, async (request, reply) => {
    const session = sessionOf(request);
    if (session) await signOut(services.store, session);
    reply.header('set-cookie', clearedSessionCookie(overHttps(request)));
    return reply.redirect('/fleet/login', 303);
  });
};
