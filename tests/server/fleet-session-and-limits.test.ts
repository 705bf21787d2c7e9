import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { build } from '../../server/app';
import { FLEET_COOKIE } from '../../server/fleet-page/fleet-session';
import { readSettings, readTrustProxy, type ServerSettings } from '../../server/settings';
import { ADMIN_TOKEN, aSale, countRows, startBackOffice, type TestBackOffice } from '../support/back-office';
import { uuidv7 } from 'uuidv7';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';

const form = (token: string) => ({ 'content-type': 'application/x-www-form-urlencoded', payload: `token=${encodeURIComponent(token)}` });

describe('POS_TRUST_PROXY', () => {
  it('reads unset, true, a hop count and address lists, and refuses anything else', () => {
    expect(readTrustProxy(undefined)).toBe(false);
    expect(readTrustProxy('false')).toBe(false);
    expect(readTrustProxy('true')).toBe(true);
    expect(readTrustProxy('2')).toBe(2);
    expect(readTrustProxy('10.0.0.0/8, 127.0.0.1,::1')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(() => readTrustProxy('proxy.example.com')).toThrow(/POS_TRUST_PROXY/);
    expect(readSettings({ POS_TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
  });
});

describe.each(databaseKinds)('the fleet session and the rate limits on %s', (kind) => {
  const offices: TestBackOffice[] = [];
  let database: TestDatabase | undefined;
  const start = async (overrides: Partial<ServerSettings> = {}) => {
    database ??= await createTestDatabase(kind);
    const office = await startBackOffice(kind, overrides, database);
    offices.push(office);
    return office;
  };
  afterEach(async () => {
    for (const office of offices.splice(0)) await office.close();
  });
  afterAll(async () => database?.drop());

  const login = (office: TestBackOffice, token: string, headers: Record<string, string> = {}, remoteAddress?: string) => {
    const { payload, ...type } = form(token);
    return office.app.inject({
      method: 'POST',
      url: '/fleet/login',
      headers: { ...type, ...headers },
      payload,
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  };
  const cookieOf = (setCookie: string | string[] | undefined) => String(setCookie ?? '').split(';')[0] ?? '';

  it('marks the cookie Secure over https, and behind a trusted TLS proxy only', async () => {
    const direct = await start();
    const untrusted = await login(direct, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' });
    expect(untrusted.statusCode).toBe(303);
    expect(String(untrusted.headers['set-cookie'])).not.toContain('Secure');

    const proxied = await start({ trustProxy: true });
    const https = await login(proxied, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' });
    expect(String(https.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Secure$/);
    const http = await login(proxied, ADMIN_TOKEN, { 'x-forwarded-proto': 'http' });
    expect(String(http.headers['set-cookie'])).not.toContain('Secure');

    // Only the named proxy is believed: the test's client (127.0.0.1) is not it.
    const elsewhere = await start({ trustProxy: ['10.0.0.0/8'] });
    expect(String((await login(elsewhere, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' })).headers['set-cookie'])).not.toContain('Secure');
    const named = await start({ trustProxy: ['127.0.0.1'] });
    expect(String((await login(named, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' })).headers['set-cookie'])).toContain('Secure');
    const out = await named.app.inject({ method: 'POST', url: '/fleet/logout', headers: { 'x-forwarded-proto': 'https' } });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0.*Secure/);
  });

  it('signing out revokes the cookie itself, on every instance sharing the database', async () => {
    const first = await start();
    const { app: second } = await build({ store: first.store, settings: first.settings, logger: false });
    try {
      const cookie = cookieOf((await login(first, ADMIN_TOKEN)).headers['set-cookie']);
      expect(cookie.startsWith(`${FLEET_COOKIE}=`)).toBe(true);
      for (const app of [first.app, second]) expect((await app.inject({ method: 'GET', url: '/fleet', headers: { cookie } })).statusCode).toBe(200);

      const out = await first.app.inject({ method: 'POST', url: '/fleet/logout', headers: { cookie } });
      expect(out.statusCode).toBe(303);
      expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
      const revoked = await first.store.db.selectFrom('revoked_fleet_sessions').selectAll().execute();
      expect(revoked).toHaveLength(1);

      // A copy of the cookie kept by someone else no longer opens the page anywhere.
      for (const app of [first.app, second]) {
        const page = await app.inject({ method: 'GET', url: '/fleet', headers: { cookie } });
        expect(page.statusCode).toBe(303);
        expect(page.headers.location).toBe('/fleet/login');
      }
      // A new sign-in is a new session.
      const again = cookieOf((await login(first, ADMIN_TOKEN)).headers['set-cookie']);
      expect(again).not.toBe(cookie);
      expect((await second.inject({ method: 'GET', url: '/fleet', headers: { cookie: again } })).statusCode).toBe(200);
      // A forged or tampered cookie is refused too.
      expect((await second.inject({ method: 'GET', url: '/fleet', headers: { cookie: `${again}x` } })).statusCode).toBe(303);
    } finally {
      await second.close();
    }
  });

  it('limits sign-in attempts per address: 429, Retry-After, and the sign-in page says to wait', async () => {
    const office = await start({ loginAttemptsPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await login(office, 'wrong-token-guess')).statusCode).toBe(401);
    for (const token of ['wrong-token-guess', ADMIN_TOKEN]) {
      const limited = await login(office, token);
      expect(limited.statusCode).toBe(429);
      // Found by a black-box probe: the manager's browser showed the problem+json; it is the sign-in page now.
      expect(limited.headers['content-type']).toContain('text/html');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body).toContain('Too many attempts from this address; wait before trying again.');
      expect(limited.body).toContain('name="token"');
      expect(limited.headers['set-cookie']).toBeUndefined();
    }
    // Another address is not held back.
    expect((await login(office, ADMIN_TOKEN, {}, '10.9.8.7')).statusCode).toBe(303);
  });

  it('found by a black-box review: the sign-in form names the metrics token and a terminal token for what they are, and opens nothing for them', async () => {
    const metricsToken = 'metrics-scraper-token-0123';
    const office = await start({ metricsToken });
    const till = await office.pairTerminal();
    const cases: [string, string][] = [
      [metricsToken, 'That is the metrics token: it reads GET /metrics and nothing else. Sign in with the admin token (POS_ADMIN_TOKEN).'],
      [till.token, 'That is a terminal&#39;s token: it cannot sign in here. Sign in with the admin token (POS_ADMIN_TOKEN).'],
      ['a-token-nobody-has-0000', 'That admin token is not valid.'],
    ];
    for (const [token, words] of cases) {
      const refused = await login(office, token);
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toContain(words);
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    // And the other way round: a till's routes name the server's own tokens for what they are (403), nothing recorded.
    for (const token of [ADMIN_TOKEN, metricsToken]) {
      for (const [url, payload] of [
        ['/v1/sales', aSale()],
        ['/v1/sync/batch', { items: [] }],
      ] as const) {
        const refused = await office.app.inject({
          method: 'POST',
          url,
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': uuidv7() },
          payload,
        });
        expect(refused.statusCode, `${url}: ${refused.body}`).toBe(403);
        expect(refused.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining("This is a till's route") });
      }
    }
    expect(await countRows(office.store, 'sales')).toBe(0);
    // The sign-in form sent as something else than a form is told how a form is sent, not to send JSON.
    const asText = await office.app.inject({ method: 'POST', url: '/fleet/login', headers: { 'content-type': 'text/plain' }, payload: 'token=x' });
    expect(asText.statusCode).toBe(415);
    expect(asText.body).toContain('application/x-www-form-urlencoded');
  });

  it('shuts an address out of the admin API after too many requests without the admin token, a right guess included', async () => {
    const office = await start({ adminFailuresPerMinute: 3 });
    const monitoring = (token: string | null, remoteAddress = '127.0.0.1') =>
      office.app.inject({ method: 'GET', url: '/v1/admin/monitoring', headers: token ? { authorization: `Bearer ${token}` } : {}, remoteAddress });

    // Valid requests are never counted.
    for (let i = 0; i < 10; i++) expect((await monitoring(ADMIN_TOKEN)).statusCode).toBe(200);
    expect((await monitoring('not-the-admin-token')).statusCode).toBe(401);
    expect((await monitoring(null)).statusCode).toBe(401);
    const till = await office.pairTerminal();
    expect((await office.app.inject({ method: 'GET', url: '/metrics', headers: till.headers() })).statusCode).toBe(403);

    const limited = await monitoring('another-guess');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const rightGuess = await monitoring(ADMIN_TOKEN);
    expect(rightGuess.statusCode).toBe(429);
    expect(
      (
        await office.app.inject({
          method: 'POST',
          url: '/v1/admin/stores',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'idempotency-key': 'k-1', 'content-type': 'application/json' },
          payload: { businessCode: 'MAIN', code: 'X', name: 'X' },
        })
      ).statusCode,
    ).toBe(429);
    expect(await office.store.db.selectFrom('stores').select('id').where('code', '=', 'X').execute()).toEqual([]);

    // Other addresses, and the tills' own API, are not affected.
    expect((await monitoring(ADMIN_TOKEN, '10.1.2.3')).statusCode).toBe(200);
    expect(
      (
        await office.app.inject({
          method: 'POST',
          url: '/v1/terminals/heartbeat',
          headers: { ...till.headers(), 'content-type': 'application/json' },
          payload: { queueDepth: 0, oldestPendingAt: null, needsAttention: 0, appVersion: '1' },
        })
      ).statusCode,
    ).toBe(204);
  });
});
