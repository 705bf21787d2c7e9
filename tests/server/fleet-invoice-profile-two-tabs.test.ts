import { uuidv7 } from 'uuidv7';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { COMPLETE_BUSINESS_PROFILE } from '../support/invoice-profile';

/**
 * Found by a manager's walk: the invoice profile form replaced the whole profile on every
 * save, so a second tab opened before another person's save put their changes back (a
 * registered address undone, then printed on every sales invoice). The page now carries the
 * version of the profile it was opened from, and a save from a stale page is refused (409),
 * nothing saved, with what it said still on screen.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const OLD_ADDRESS = '12 Mabini St., Marikina City';
const NEW_ADDRESS = '45 Rizal Ave., Pasig City';

describe.each(databaseKinds)('two tabs on the invoice profile form, on %s, in Chromium', (kind) => {
  let bo: TestBackOffice;
  let browser: Browser;
  let base: string;
  const stored = () => bo.store.db.selectFrom('business_profiles').selectAll().executeTakeFirstOrThrow();
  const putProfile = (headers: Record<string, string> = {}, profile: object = {}) =>
    bo.app.inject({
      method: 'PUT',
      url: '/v1/admin/businesses/MAIN/profile',
      headers: { ...bo.adminHeaders(), ...headers },
      payload: { ...COMPLETE_BUSINESS_PROFILE, address: OLD_ADDRESS, footer: 'Salamat po!', ...profile },
    });

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    await bo.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(bo.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await bo?.close();
  });

  /** Saves the form on the page and gives the answer's status (the POST's, before any redirect). */
  const save = async (page: Page) => {
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/fleet/invoice-profile');
    await page.click('form[action="/fleet/invoice-profile"] button[type=submit]');
    const status = (await answer).status();
    await page.waitForLoadState();
    return status;
  };

  it('a save from a tab opened before another save is refused, nothing saved, what it said kept; a reload then save works', async () => {
    expect((await putProfile()).statusCode).toBe(200);
    const context = await browser.newContext();
    const signIn = await context.newPage();
    await signIn.goto(`${base}/fleet/login`);
    await signIn.fill('input[name=token]', ADMIN_TOKEN);
    await signIn.click('button[type=submit]');
    await signIn.waitForSelector('#terminals, main');
    await signIn.close();

    const tabA = await context.newPage();
    const tabB = await context.newPage();
    for (const tab of [tabA, tabB]) {
      await tab.goto(`${base}/fleet/invoice-profile`);
      expect(await tab.inputValue('input[name=address]')).toBe(OLD_ADDRESS);
    }

    // Tab A: the registered address.
    await tabA.fill('input[name=address]', NEW_ADDRESS);
    expect(await save(tabA)).toBe(303);
    expect(await tabA.textContent('#message')).toContain('Saved');
    const afterA = await stored();
    expect([afterA.address, afterA.footer]).toEqual([NEW_ADDRESS, 'Salamat po!']);

    // Tab B, opened before A's save: the footer. Refused, and A's address stays.
    await tabB.fill('input[name=footer]', 'Maraming salamat po!');
    expect(await save(tabB)).toBe(409);
    const message = await tabB.textContent('#message');
    expect(message).toContain('someone else saved this profile since this page was opened');
    expect(message).toContain('Nothing was saved');
    expect(message).not.toMatch(/^Saved/);
    expect(await stored()).toEqual(afterA);
    // The form now shows the profile as saved (A's address); what B's page said is listed, nothing typed lost.
    expect(await tabB.inputValue('input[name=address]')).toBe(NEW_ADDRESS);
    expect(await tabB.inputValue('input[name=footer]')).toBe('Salamat po!');
    const footerRow = tabB.locator('#not-saved-fields tbody tr', { hasText: 'Footer' });
    expect(await footerRow.locator('td').allTextContents()).toEqual(['Footer (optional)', 'Maraming salamat po!', 'Salamat po!']);
    const addressRow = tabB.locator('#not-saved-fields tbody tr', { hasText: 'Business address' });
    expect(await addressRow.locator('td').allTextContents()).toEqual(['Business address', OLD_ADDRESS, NEW_ADDRESS]);
    expect(await tabB.locator('#not-saved-fields tbody tr').count()).toBe(2);

    // B reloads the page (the profile as saved now), types the footer again and saves: both changes are kept.
    await tabB.goto(`${base}/fleet/invoice-profile`);
    await tabB.fill('input[name=footer]', 'Maraming salamat po!');
    expect(await save(tabB)).toBe(303);
    expect(await tabB.textContent('#message')).toContain('Saved');
    expect(await stored()).toMatchObject({ address: NEW_ADDRESS, footer: 'Maraming salamat po!' });

    // Tab A, opened afresh, goes stale in its turn when B saves again: its save is refused too, nothing changed.
    const afterB = await stored();
    await tabA.goto(`${base}/fleet/invoice-profile?business=MAIN&saved=1`);
    await tabB.goto(`${base}/fleet/invoice-profile`);
    await tabB.fill('input[name=tradeName]', 'Nena Store');
    expect(await save(tabB)).toBe(303);
    await tabA.fill('input[name=address]', 'Somewhere Else');
    expect(await save(tabA)).toBe(409);
    expect(await stored()).toMatchObject({ address: NEW_ADDRESS, footer: 'Maraming salamat po!', trade_name: 'Nena Store' });
    expect((await stored()).updated_at).not.toBe(afterB.updated_at);
    await context.close();
  });

  it('saves racing from one page: exactly one is stored, every other is refused (the check is in the write transaction)', async () => {
    expect((await putProfile()).statusCode).toBe(200);
    const login = await bo.app.inject({ method: 'POST', url: '/fleet/login', headers: FORM, payload: `token=${ADMIN_TOKEN}` });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const shown = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile', headers: { cookie } });
    const version = /name="profileVersion" value="([^"]*)"/.exec(shown.body)?.[1];
    expect(version).toBeTruthy();
    const fields = {
      businessCode: 'MAIN',
      profileVersion: version!,
      registeredName: COMPLETE_BUSINESS_PROFILE.registeredName,
      address: OLD_ADDRESS,
      tin: COMPLETE_BUSINESS_PROFILE.tin,
      vatRegistered: 'yes',
      bnpcWeeklyPurchaseCap: '2500.00',
      bnpcWeeklyDiscountCap: '125.00',
    };
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        bo.app.inject({
          method: 'POST',
          url: '/fleet/invoice-profile',
          headers: { ...FORM, cookie },
          payload: new URLSearchParams({ ...fields, footer: `Footer ${n}` }).toString(),
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    expect((await stored()).footer).toBe(`Footer ${statuses.indexOf(303)}`);
  });

  it('the API: PUT answers the version as ETag; If-Match of another version is 412 profile_changed, nothing saved; no If-Match saves as before', async () => {
    const first = await putProfile();
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    // The same values again are the same version; other values another.
    expect((await putProfile()).headers.etag).toBe(etag);
    const moved = await putProfile({ 'if-match': etag }, { address: NEW_ADDRESS });
    expect(moved.statusCode).toBe(200);
    expect(moved.headers.etag).not.toBe(etag);

    const before = await stored();
    for (const ifMatch of [etag, `W/${moved.headers.etag as string}`, '"nope"', '']) {
      const refused = await putProfile({ 'if-match': ifMatch }, { address: OLD_ADDRESS });
      expect(refused.statusCode, ifMatch).toBe(412);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({ code: 'profile_changed', status: 412 });
      expect(refused.headers.etag).toBe(moved.headers.etag);
    }
    expect(await stored()).toEqual(before);

    for (const ifMatch of [`"x", ${moved.headers.etag as string}`, '*']) {
      const saved = await putProfile({ 'if-match': ifMatch }, { address: NEW_ADDRESS, footer: ifMatch });
      expect(saved.statusCode, ifMatch).toBe(200);
    }
    // An old client, no If-Match: unconditional, as before.
    const last = await putProfile({}, { address: OLD_ADDRESS });
    expect(last.statusCode).toBe(200);
    expect((await stored()).address).toBe(OLD_ADDRESS);

    // The profile as saved is read with its version, for the next If-Match; a business without one, or none, is 404.
    const read = await bo.app.inject({ method: 'GET', url: '/v1/admin/businesses/main/profile', headers: bo.adminHeaders() });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe(last.headers.etag);
    expect(read.json()).toEqual(last.json());
    expect((await putProfile({ 'if-match': read.headers.etag as string }, { address: NEW_ADDRESS })).statusCode).toBe(200);

    // Read, changed, put back as it came (its businessCode, its timezone, a null for what is not set): saved.
    const again = await bo.app.inject({ method: 'GET', url: '/v1/admin/businesses/MAIN/profile', headers: bo.adminHeaders() });
    const roundTrip = async (changes: object) =>
      bo.app.inject({
        method: 'PUT',
        url: '/v1/admin/businesses/MAIN/profile',
        headers: { ...bo.adminHeaders(), 'if-match': again.headers.etag as string },
        payload: { ...(again.json() as object), ...changes },
      });
    for (const [changes, path] of [
      [{ businessCode: 'OTHER' }, '/businessCode'],
      [{ timezone: 'Asia/Tokyo' }, '/timezone'],
    ] as const) {
      const refused = await roundTrip(changes);
      expect(refused.statusCode, path).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
    }
    const putBack = await roundTrip({ footer: null, tradeName: null, posSupplier: null });
    expect(putBack.statusCode, putBack.body).toBe(200);
    expect(putBack.json()).toMatchObject({ businessCode: 'MAIN', footer: null, tradeName: null, posSupplier: null, address: NEW_ADDRESS });
    await bo.app.inject({ method: 'POST', url: '/v1/admin/businesses', headers: bo.adminHeaders(uuidv7()), payload: { code: 'BARE', name: 'Bare' } });
    for (const code of ['BARE', 'NOSUCH']) {
      const missing = await bo.app.inject({ method: 'GET', url: `/v1/admin/businesses/${code}/profile`, headers: bo.adminHeaders() });
      expect(missing.statusCode, code).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'not_found' });
    }
    expect((await bo.app.inject({ method: 'GET', url: '/v1/admin/businesses/MAIN/profile' })).statusCode).toBe(401);
  });
});
