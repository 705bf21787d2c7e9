import { createHmac, timingSafeEqual } from 'node:crypto';
import { cookieValue } from './fleet-session';

const DONE_COOKIE = 'counter_fleet_done';
/** A success sentence is short ("Transfer TRF-… received at NORTH."); a cookie holds 4 KiB. */
const MAX_BYTES = 1_000;
const NOTICE_SECONDS = 60;

/**
 * What a form did, carried across its redirect (post, redirect, get): the page a manager
 * lands on says it once, and reloading that page sends nothing again. A short-lived cookie
 * on the fleet path, signed with the admin token so no other page can put words on ours.
 */
export function doneNoticeCookie(adminToken: string, sentence: string, secure: boolean, now = Date.now()): string {
  const text = Buffer.from(sentence).subarray(0, MAX_BYTES).toString('base64url');
  const expires = String(Math.floor(now / 1000) + NOTICE_SECONDS);
  return `${DONE_COOKIE}=${text}.${expires}.${sign(adminToken, `${text}.${expires}`)}; Path=/fleet; Max-Age=${NOTICE_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The sentence a signed notice carries, or undefined (none, not ours, or past its minute: a copied cookie says nothing later). */
export function doneNoticeOf(adminToken: string | null, cookieHeader: string | undefined, now = Date.now()): string | undefined {
  const value = cookieValue(cookieHeader, DONE_COOKIE);
  if (adminToken === null || value === undefined) return undefined;
  const [text = '', expires = '', signature = '', ...rest] = value.split('.');
  if (rest.length > 0 || !/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < now) return undefined;
  const expected = Buffer.from(sign(adminToken, `${text}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return Buffer.from(text, 'base64url').toString('utf8');
}

/** Said once: the page that shows the notice clears it. */
export const clearedDoneNotice = (secure: boolean) => `${DONE_COOKIE}=; Path=/fleet; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

function sign(adminToken: string, payload: string): string {
  return createHmac('sha256', adminToken).update(`fleet-done:${payload}`).digest('base64url');
}
