import type { BackOfficeDb } from '../db/database';

/** A terminal heard from this recently (a heartbeat, a pairing) may be a till selling right now. */
export const IN_USE_WITHIN_MS = 10 * 60 * 1000;

const ago = (ms: number) => {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'} ago`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
};

/**
 * What `terminal pairing-code` warns about before it issues a code for a terminal in contact
 * within the last 10 minutes: once that code pairs, the token of the till using the terminal
 * now is refused (a mistyped --terminal cuts off a till at the counter). Null when there is
 * nothing to warn about: no recent contact, or a revoked terminal (cut off already).
 */
export async function inUseWarning(store: BackOfficeDb, terminalId: string, now = new Date()): Promise<string | null> {
  const terminal = await store.db
    .selectFrom('terminals')
    .select(['code', 'last_contact_at', 'revoked_at'])
    .where('id', '=', terminalId)
    .executeTakeFirst();
  if (!terminal?.last_contact_at || terminal.revoked_at !== null) return null;
  const since = now.getTime() - Date.parse(terminal.last_contact_at);
  if (!(since < IN_USE_WITHIN_MS)) return null;
  const t = terminal.code;
  return (
    `Warning: terminal ${t} was in contact with the back office ${ago(since)} (${terminal.last_contact_at}): it may be a till in use right now. ` +
    `The code is issued all the same, and that till works as before until the code is used. Once the code pairs a till, ` +
    `${t}'s current token is refused: the till now using it sells offline, its sales queued, until it is paired again with another new code for ${t}. ` +
    `If you meant another terminal, do not use this code (unused, it expires in 24 h).`
  );
}
