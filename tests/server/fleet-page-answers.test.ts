import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { doneNoticeCookie } from '../../server/fleet-page/done-notice';
import { ADMIN_TOKEN, startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
const cookieOf = (setCookie: string | string[] | undefined) => String(setCookie ?? '').split(';')[0] ?? '';

/** Found by a black-box probe of the back office's pages: what a manager's browser is answered outside the happy path. */
describe.each(databaseKinds)("the fleet pages' answers to a manager's browser on %s", (kind) => {
  let bo: TestBackOffice;
  let session = '';

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    const signedIn = await bo.app.inject({ method: 'POST', url: '/fleet/login', headers: FORM, payload: `token=${ADMIN_TOKEN}` });
    session = cookieOf(signedIn.headers['set-cookie']);
  });
  afterAll(async () => bo?.close());

  const get = (url: string, cookie = session) => bo.app.inject({ method: 'GET', url, headers: { cookie } });
  /** The stock page's form, posted by the signed-in manager's browser. */
  const postStockForm = (fields: Record<string, string>) =>
    bo.app.inject({ method: 'POST', url: '/fleet/stock/do', headers: { ...FORM, cookie: session }, payload: new URLSearchParams(fields).toString() });

  it('a page that does not exist, or a count that does not, is a page with the way back, not problem+json', async () => {
    for (const [url, says] of [
      ['/fleet/nothing-here?x=1', 'There is no GET /fleet/nothing-here.'],
      ['/fleet/stock/counts/no-such-count', 'no-such-count'],
    ] as const) {
      const answer = await get(url);
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(answer.headers['content-security-policy'], url).toContain("default-src 'none'");
      expect(answer.body, url).toContain(says);
      expect(answer.body, url).toContain('<a href="/fleet">Back to the fleet page</a>');
    }
    // Found by a walk: a filter link the page does not have says which values it takes, not only "does not match the schema".
    const filter = await get('/fleet/stock?kind=bogus');
    expect(filter.statusCode).toBe(400);
    expect(filter.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(filter.body).toContain('<li>kind: must be one of: receipt, transfer, correction, supplier_return</li>');
    // The API keeps answering programs in problem+json.
    const api = await get('/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ code: 'not_found' });
  });

  it('"/fleet/" is the fleet page; a typed /fleet/logout asks, and signs nobody out', async () => {
    const slash = await get('/fleet/');
    expect(slash.statusCode).toBe(301);
    expect(slash.headers.location).toBe('/fleet');

    const asked = await get('/fleet/logout');
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('<form method="post" action="/fleet/logout">');
    expect((await get('/fleet')).statusCode).toBe(200);
    expect(await bo.store.db.selectFrom('revoked_fleet_sessions').selectAll().execute()).toEqual([]);
  });

  it('a form that succeeds redirects (post, redirect, get): the page says it once, and a reload sends nothing again', async () => {
    const key = uuidv7();
    const posted = await postStockForm({ action: 'count-start', key, storeCode: 'MAIN', by: 'Mario' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/fleet/stock');
    const notice = cookieOf(posted.headers['set-cookie']);
    expect(notice).toMatch(/^counter_fleet_done=/);
    expect(await bo.store.db.selectFrom('stock_counts').select(['store_id', 'started_by']).execute()).toHaveLength(1);

    const landed = await get('/fleet/stock', `${session}; ${notice}`);
    expect(landed.statusCode).toBe(200);
    expect(landed.body).toContain('<p role="status" id="outcome" class="done">Count of MAIN started.</p>');
    expect(String(landed.headers['set-cookie'])).toMatch(/^counter_fleet_done=; Path=\/fleet; Max-Age=0/);

    // Reloaded (the browser dropped the notice): the page, no banner.
    expect((await get('/fleet/stock')).body).not.toContain('id="outcome"');
    // The same form sent again (the browser's "resend" of the POST): redirected too, recorded once, and said so.
    const resent = await postStockForm({ action: 'count-start', key, storeCode: 'MAIN', by: 'Mario' });
    expect(resent.statusCode).toBe(303);
    expect((await get('/fleet/stock', `${session}; ${cookieOf(resent.headers['set-cookie'])}`)).body).toContain(
      'Count of MAIN started. (This form had been sent already: recorded once.)',
    );
    expect(await bo.store.db.selectFrom('stock_counts').selectAll().execute()).toHaveLength(1);

    // A notice not signed by this back office, or past its minute (a copied cookie), puts no words on its page.
    const forged = `counter_fleet_done=${Buffer.from('Stock written off.').toString('base64url')}.9999999999.bm90LW91cnM`;
    expect((await get('/fleet/stock', `${session}; ${forged}`)).body).not.toContain('Stock written off.');
    const stale = cookieOf(doneNoticeCookie(ADMIN_TOKEN, 'Old news.', false, Date.now() - 120_000));
    expect((await get('/fleet/stock', `${session}; ${stale}`)).body).not.toContain('Old news.');

    // A refused form is not redirected: it comes back as typed, with the reason.
    const refused = await postStockForm({ action: 'count-start', key: uuidv7(), storeCode: 'NOWHERE', by: 'Mario' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(refused.body).toContain('id="outcome" class="error"');
  });
});
