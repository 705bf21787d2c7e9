import { createHmac, timingSafeEqual } from 'node:crypto';

export const FLEET_COOKIE = 'counter_fleet';
export const FLEET_SESSION_SECONDS = 8 * 3600;

/**
 * A manager's fleet-page session: an expiry signed with the admin token, so the cookie
 * never carries the token itself, needs no server-side store (any instance can check it),
 * and every session ends when the admin token is changed.
 */
export function newSessionValue(adminToken: string, now = Date.now()): string {
  const expires = String(Math.floor(now / 1000) + FLEET_SESSION_SECONDS);
  return `${expires}.${sign(adminToken, expires)}`;
}

export function isValidSession(adminToken: string | null, value: string | undefined, now = Date.now()): boolean {
  if (adminToken === null || value === undefined) return false;
  const [expires = '', signature = ''] = value.split('.');
  if (!/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < now) return false;
  const expected = Buffer.from(sign(adminToken, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function sign(adminToken: string, expires: string): string {
  return createHmac('sha256', adminToken).update(`fleet-session:${expires}`).digest('base64url');
}

/** The one cookie we care about, from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function sessionCookie(value: string, secure: boolean): string {
  return `${FLEET_COOKIE}=${value}; Path=/fleet; Max-Age=${FLEET_SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = `${FLEET_COOKIE}=; Path=/fleet; Max-Age=0; HttpOnly; SameSite=Strict`;
