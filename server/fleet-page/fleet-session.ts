import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { BackOfficeDb } from '../db/database';

export const FLEET_COOKIE = 'counter_fleet';
export const FLEET_SESSION_SECONDS = 8 * 3600;

export interface FleetSession {
  id: string;
  expiresAt: Date;
}

/**
 * A manager's fleet-page session: a random session id and an expiry, signed with the
 * admin token, so the cookie never carries the token itself, any instance can check it,
 * and every session ends when the admin token is changed. Signing out lists the id in
 * revoked_fleet_sessions (shared by every instance on the database) until it would have
 * expired anyway, so a copied cookie stops working at sign-out.
 */
export function newSessionValue(adminToken: string, now = Date.now()): string {
  return signedWithExpiry(adminToken, 'fleet-session', randomBytes(16).toString('base64url'), now, FLEET_SESSION_SECONDS);
}

/** The session a cookie names, if its signature and expiry hold (not yet checked for sign-out). */
export function signedSession(adminToken: string | null, value: string | undefined, now = Date.now()): FleetSession | null {
  const checked = checkedWithExpiry(adminToken, 'fleet-session', value, now);
  if (checked === null || !/^[A-Za-z0-9_-]{22}$/.test(checked.payload)) return null;
  return { id: checked.payload, expiresAt: checked.expiresAt };
}

/**
 * A value a fleet cookie carries, signed with the admin token for one purpose and good until
 * an expiry: `payload.expires.signature` (the payload base64url, so without a dot). Any
 * instance can check it; changing the token ends it.
 */
export function signedWithExpiry(adminToken: string, purpose: string, payload: string, now: number, seconds: number): string {
  const expires = String(Math.floor(now / 1000) + seconds);
  return `${payload}.${expires}.${sign(adminToken, purpose, `${payload}.${expires}`)}`;
}

/** The payload of a value signedWithExpiry made for this purpose, if its signature and expiry hold. */
export function checkedWithExpiry(
  adminToken: string | null,
  purpose: string,
  value: string | undefined,
  now: number,
): { payload: string; expiresAt: Date } | null {
  if (adminToken === null || value === undefined) return null;
  const [payload = '', expires = '', signature = '', ...rest] = value.split('.');
  if (rest.length > 0 || !/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < now) return null;
  const expected = Buffer.from(sign(adminToken, purpose, `${payload}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { payload, expiresAt: new Date(Number(expires) * 1000) };
}

export async function isSignedOut(store: BackOfficeDb, session: FleetSession): Promise<boolean> {
  const row = await store.db.selectFrom('revoked_fleet_sessions').select('session_id').where('session_id', '=', session.id).executeTakeFirst();
  return row !== undefined;
}

/** Sign-out: the id is refused from now on, on every instance. Signing out twice is fine. */
export async function signOut(store: BackOfficeDb, session: FleetSession): Promise<void> {
  await store.db
    .insertInto('revoked_fleet_sessions')
    .values({ session_id: session.id, expires_at: session.expiresAt.toISOString() })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
}

/** Signed-out ids whose cookies have expired anyway need not be kept. */
export async function forgetExpiredSignOuts(store: BackOfficeDb, now = new Date()): Promise<number> {
  const result = await store.db.deleteFrom('revoked_fleet_sessions').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function sign(adminToken: string, purpose: string, payload: string): string {
  return createHmac('sha256', adminToken).update(`${purpose}:${payload}`).digest('base64url');
}

/** The request came over https, directly or through a trusted proxy (POS_TRUST_PROXY): its cookies are Secure. */
export const overHttps = (request: FastifyRequest) => request.protocol === 'https';

/** The one cookie we care about, from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Secure whenever the request came over https, directly or through a trusted proxy (POS_TRUST_PROXY). */
export function sessionCookie(value: string, secure: boolean): string {
  return `${FLEET_COOKIE}=${value}; Path=/fleet; Max-Age=${FLEET_SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = (secure: boolean) =>
  `${FLEET_COOKIE}=; Path=/fleet; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
