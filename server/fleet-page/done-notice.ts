import { checkedWithExpiry, cookieValue, signedWithExpiry } from './fleet-session';

const DONE_COOKIE = 'counter_fleet_done';
/** A success sentence is short ("Transfer TRF-… received at NORTH."); a cookie holds 4 KiB. */
const MAX_BYTES = 1_000;
const NOTICE_SECONDS = 60;

/**
 * What a form did, carried across its redirect (post, redirect, get): the page a manager
 * lands on says it once, and reloading that page sends nothing again. A short-lived cookie
 * on the fleet path, signed with the admin token (as the session is) so no other page can
 * put words on ours, and past its minute on the server too.
 */
export function doneNoticeCookie(adminToken: string, sentence: string, secure: boolean, now = Date.now()): string {
  const text = Buffer.from(sentence).subarray(0, MAX_BYTES).toString('base64url');
  const value = signedWithExpiry(adminToken, 'fleet-done', text, now, NOTICE_SECONDS);
  return `${DONE_COOKIE}=${value}; Path=/fleet; Max-Age=${NOTICE_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The sentence a signed notice carries, or undefined (none, not ours, or past its minute: a copied cookie says nothing later). */
export function doneNoticeOf(adminToken: string | null, cookieHeader: string | undefined, now = Date.now()): string | undefined {
  const checked = checkedWithExpiry(adminToken, 'fleet-done', cookieValue(cookieHeader, DONE_COOKIE), now);
  return checked === null ? undefined : Buffer.from(checked.payload, 'base64url').toString('utf8');
}

/** Said once: the page that shows the notice clears it. */
export const clearedDoneNotice = (secure: boolean) => `${DONE_COOKIE}=; Path=/fleet; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
