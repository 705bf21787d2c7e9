import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(databaseKinds)('the sales invoice profile on the fleet pages, on %s', (kind) => {
  let bo: TestBackOffice;
  let cookie: string;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const good = {
    businessCode: 'MAIN',
    registeredName: 'Dela Cruz Trading Corp.',
    tradeName: "Aling Nena's Sari-Sari Store",
    address: '12 Mabini St., Marikina City',
    tin: '123-456-789-00000',
    vatRegistered: 'no',
    footer: 'Salamat po!',
    // As a manager writes it, thousands grouped (found by a walk: refused).
    bnpcWeeklyPurchaseCap: '2,500.00',
    bnpcWeeklyDiscountCap: '125',
  };

  beforeAll(async () => {
    bo = await startBackOffice(kind);
    const login = await bo.app.inject({ method: 'POST', url: '/fleet/login', headers: FORM, payload: `token=${ADMIN_TOKEN}` });
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => bo.close());

  const versionIn = (html: string) => /name="profileVersion" value="([^"]*)"/.exec(html)?.[1] ?? '';
  /** The version of the profile a page opened now carries (its hidden field): a save sends it back. */
  const opened = async () => versionIn((await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile', headers: { cookie } })).body);

  it('a manager signed in fills the form; the profile is stored as the admin API would store it', async () => {
    const empty = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile', headers: { cookie } });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('name="tin"');
    expect(versionIn(empty.body)).toBe('none');
    const saved = await bo.app.inject({
      method: 'POST',
      url: '/fleet/invoice-profile',
      headers: { ...FORM, cookie },
      payload: form({ ...good, profileVersion: versionIn(empty.body) }),
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/fleet/invoice-profile?business=MAIN&saved=1');
    const row = await bo.store.db.selectFrom('business_profiles').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      registered_name: 'Dela Cruz Trading Corp.',
      trade_name: "Aling Nena's Sari-Sari Store",
      tin: '123-456-789-00000',
      footer: 'Salamat po!',
    });
    expect([Number(row.vat_registered), Number(row.bnpc_weekly_purchase_cap_minor), Number(row.bnpc_weekly_discount_cap_minor)]).toEqual([
      0, 250_000, 12_500,
    ]);
    const shown = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile?business=MAIN&saved=1', headers: { cookie } });
    expect(shown.body).toContain('value="Aling Nena&#39;s Sari-Sari Store"');
    expect(shown.body).toContain('Saved');
  });

  it('a TIN without its branch code or a cap that is no amount is a 400 saying which field, and nothing changes', async () => {
    const before = await bo.store.db.selectFrom('business_profiles').selectAll().execute();
    for (const [wrong, label] of [
      [{ tin: '123456789' }, 'TIN with branch code, like 123-456-789-00000'],
      [{ bnpcWeeklyDiscountCap: 'lots' }, 'BNPC weekly discount cap'],
      [{ registeredName: '  ' }, 'Registered name (blank)'],
      // Found by a black-box probe: a text-reversing control in a name printed on every invoice, refused as in a store's name.
      [
        { registeredName: 'Aling \u202Eanen' },
        'Registered name (a name as printed: no tab, line break or text-reversing character, nor an invisible one at its start or end)',
      ],
      [
        { tradeName: '\u202Eevil' },
        'Trade name (a name as printed: no tab, line break or text-reversing character, nor an invisible one at its start or end)',
      ],
      // Found by a walk: a tab pasted into a name was refused as "check Trade name", not why.
      [
        { tradeName: 'Nena\tStore' },
        'Trade name (a name as printed: no tab, line break or text-reversing character, nor an invisible one at its start or end)',
      ],
      // Found by a walk: a crafted post's "maybe" was saved as VAT-registered.
      [{ vatRegistered: 'maybe' }, 'VAT-registered or Non-VAT'],
    ] as const) {
      const refused = await bo.app.inject({
        method: 'POST',
        url: '/fleet/invoice-profile',
        headers: { ...FORM, cookie },
        payload: form({ ...good, ...wrong }),
      });
      expect(refused.statusCode).toBe(400);
      // In the form's own words.
      expect(refused.body).toContain(`Not saved: check ${label}.`);
    }
    expect(await bo.store.db.selectFrom('business_profiles').selectAll().execute()).toEqual(before);
  });

  it('found by a black-box probe: a refused form comes back as typed (not as saved), so fixing the one field saves what was typed', async () => {
    const typed = {
      ...good,
      profileVersion: await opened(),
      registeredName: 'New Name Trading',
      address: 'New Address, Cebu City',
      tin: '987-654-321-0000O',
      vatRegistered: 'no',
    };
    const refused = await bo.app.inject({ method: 'POST', url: '/fleet/invoice-profile', headers: { ...FORM, cookie }, payload: form(typed) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="New Name Trading"');
    expect(refused.body).toContain('value="987-654-321-0000O"');
    expect(refused.body).toMatch(/value="no" checked/);
    // With the version of the page it was typed on (not the one saved now): fixed, it is still a save from that page.
    expect(versionIn(refused.body)).toBe(typed.profileVersion);
    const fixed = await bo.app.inject({
      method: 'POST',
      url: '/fleet/invoice-profile',
      headers: { ...FORM, cookie },
      payload: form({ ...typed, tin: '987-654-321-00000' }),
    });
    expect(fixed.statusCode).toBe(303);
    const row = await bo.store.db.selectFrom('business_profiles').selectAll().executeTakeFirstOrThrow();
    expect([row.registered_name, row.tin, Number(row.vat_registered)]).toEqual(['New Name Trading', '987-654-321-00000', 0]);
  });

  it('found by a black-box probe: a profile in another script at its longest is saved from the form, as from the API', async () => {
    const long = {
      ...good,
      profileVersion: await opened(),
      registeredName: '華'.repeat(200),
      tradeName: '店'.repeat(200),
      address: '路'.repeat(300),
    };
    const saved = await bo.app.inject({ method: 'POST', url: '/fleet/invoice-profile', headers: { ...FORM, cookie }, payload: form(long) });
    expect(saved.statusCode).toBe(303);
    const row = await bo.store.db.selectFrom('business_profiles').selectAll().executeTakeFirstOrThrow();
    expect([row.registered_name.length, row.trade_name?.length, row.address.length]).toEqual([200, 200, 300]);
    const shown = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile', headers: { cookie } });
    expect(shown.body).toContain('name="registeredName" value="' + '華'.repeat(200) + '" size="60" maxlength="200"');
  });

  it('found by a black-box probe: a form posted by a page of another origin (another port of this host, another site) is refused, nothing saved', async () => {
    const before = await bo.store.db.selectFrom('business_profiles').selectAll().execute();
    const forged = { ...good, registeredName: 'Forged Name Inc.', vatRegistered: 'yes' };
    for (const from of [
      { origin: 'http://localhost:18772', 'sec-fetch-site': 'same-site' },
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      { origin: 'https://127.0.0.1:8443', 'sec-fetch-site': 'cross-site' },
    ]) {
      const refused = await bo.app.inject({
        method: 'POST',
        url: '/fleet/invoice-profile',
        headers: { ...FORM, cookie, ...from },
        payload: form(forged),
      });
      expect(refused.statusCode, JSON.stringify(from)).toBe(403);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toContain('403 forbidden');
    }
    expect(await bo.store.db.selectFrom('business_profiles').selectAll().execute()).toEqual(before);
    // From the back office's own page (its origin, as a browser says it), the same form is saved.
    const own = await bo.app.inject({
      method: 'POST',
      url: '/fleet/invoice-profile',
      // (A browser on a page that sends no referrer says `Origin: null`; its Sec-Fetch-Site says where it was.)
      headers: { ...FORM, cookie, host: 'backoffice.example:8787', origin: 'null', 'sec-fetch-site': 'same-origin' },
      payload: form({ ...good, profileVersion: await opened() }),
    });
    expect(own.statusCode).toBe(303);
  });

  it('a form naming a version no saved profile has is refused, nothing saved; one naming none (a page from before it carried one, a script) saves as before', async () => {
    const before = await bo.store.db.selectFrom('business_profiles').selectAll().execute();
    for (const profileVersion of ['not-a-version']) {
      const fields = { ...good, address: 'Somewhere Else', profileVersion };
      const refused = await bo.app.inject({ method: 'POST', url: '/fleet/invoice-profile', headers: { ...FORM, cookie }, payload: form(fields) });
      expect(refused.statusCode, String(profileVersion)).toBe(409);
      expect(refused.headers['content-security-policy']).toContain("default-src 'none'");
      expect(refused.body).toContain('Nothing was saved');
      expect(refused.body).toContain('Somewhere Else');
      // The form is the profile as saved now, with its version: saved from there, it is a fresh page's save.
      expect(versionIn(refused.body)).toBe(await opened());
    }
    expect(await bo.store.db.selectFrom('business_profiles').selectAll().execute()).toEqual(before);
    for (const profileVersion of [undefined, '']) {
      const fields = {
        ...good,
        address: `Unversioned, ${profileVersion === undefined ? 'absent' : 'blank'}`,
        ...(profileVersion === undefined ? {} : { profileVersion }),
      };
      const saved = await bo.app.inject({ method: 'POST', url: '/fleet/invoice-profile', headers: { ...FORM, cookie }, payload: form(fields) });
      expect(saved.statusCode, String(profileVersion)).toBe(303);
      const row = await bo.store.db.selectFrom('business_profiles').select('address').executeTakeFirstOrThrow();
      expect(row.address).toBe(`Unversioned, ${profileVersion === undefined ? 'absent' : 'blank'}`);
    }
  });

  it("a stale page's refusal escapes what the page said, as every value on these pages", async () => {
    const stale = await opened();
    const now = await bo.app.inject({
      method: 'POST',
      url: '/fleet/invoice-profile',
      headers: { ...FORM, cookie },
      payload: form({ ...good, profileVersion: stale, footer: 'Changed elsewhere' }),
    });
    expect(now.statusCode).toBe(303);
    const refused = await bo.app.inject({
      method: 'POST',
      url: '/fleet/invoice-profile',
      headers: { ...FORM, cookie },
      payload: form({ ...good, profileVersion: stale, footer: '<script>alert(1)</script>' }),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('someone else saved this profile since this page was opened');
    expect(refused.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(refused.body).not.toContain('<script>');
    expect(refused.body).toContain('value="Changed elsewhere"');
  });

  it('without a session the form redirects to the sign-in and saves nothing', async () => {
    const before = await bo.store.db.selectFrom('business_profiles').selectAll().execute();
    const get = await bo.app.inject({ method: 'GET', url: '/fleet/invoice-profile' });
    const post = await bo.app.inject({
      method: 'POST',
      url: '/fleet/invoice-profile',
      headers: FORM,
      payload: form({ ...good, registeredName: 'Someone Else Inc.' }),
    });
    expect([get.statusCode, get.headers.location, post.statusCode, post.headers.location]).toEqual([303, '/fleet/login', 303, '/fleet/login']);
    expect(await bo.store.db.selectFrom('business_profiles').selectAll().execute()).toEqual(before);
  });
});
