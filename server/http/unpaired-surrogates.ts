import { UNPAIRED_SURROGATE } from '../../protocol/json-limits';

/**
 * Half of a surrogate pair (a broken keyboard driver, a text cut in the middle of an emoji)
 * is no character: UTF-8 cannot encode it, SQLite would keep invalid bytes and PostgreSQL
 * refuses it inside JSON. The back office stores it as U+FFFD, the replacement character,
 * as PostgreSQL always did through its driver, rather than refuse it: a till from before
 * the counter refused such text may hold a sale with it in its queue, and a sale that
 * happened is never refused for its text. The idempotency fingerprint is still taken over
 * the body as it was sent (asSent), so the retry of a write recorded before is its replay.
 *
 * In JSON text half a pair can only arrive escaped (`\udXXX`): raw bytes of one are not
 * UTF-8 and were decoded as U+FFFD already.
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Each mended object or array of a body → the same one as sent. */
const sentForms = new WeakMap<object, object>();

const mendText = (text: string) => text.replace(UNPAIRED_SURROGATE, '\ufffd');

/** Whether a JSON text may hold half a pair (a quick look before any walk). */
export const mayHoldUnpairedSurrogates = (text: string) => SURROGATE_ESCAPE.test(text);

/**
 * `body` with every half pair in its strings and keys replaced by U+FFFD (in place, but for
 * an object whose keys change, which is made anew). `sent` is a second parse of the same
 * text, left as it was: each object or array that held a mended text, itself or deeper, is
 * remembered with its counterpart there. Depth is bounded before parsing (MAX_JSON_DEPTH).
 */
export function mendUnpairedSurrogates(body: unknown, sent: unknown): unknown {
  return mend(body, sent).value;
}

/** The value as it was sent, if its text was mended; else the value itself. */
export function asSent(value: unknown): unknown {
  return (typeof value === 'object' && value !== null && sentForms.get(value)) || value;
}

function mend(value: unknown, sent: unknown): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    const mended = mendText(value);
    return { value: mended, changed: mended !== value };
  }
  if (typeof value !== 'object' || value === null || typeof sent !== 'object' || sent === null) return { value, changed: false };
  let changed = false;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const inner = mend(item, (sent as unknown[])[i]);
      if (inner.changed) [value[i], changed] = [inner.value, true];
    });
    if (changed) sentForms.set(value, sent);
    return { value, changed };
  }
  const fields = value as Record<string, unknown>;
  const sentFields = sent as Record<string, unknown>;
  let keysChanged = false;
  for (const [key, item] of Object.entries(fields)) {
    const inner = mend(item, sentFields[key]);
    if (inner.changed) [fields[key], changed] = [inner.value, true];
    if (mendText(key) !== key) keysChanged = true;
  }
  const result = keysChanged ? Object.fromEntries(Object.entries(fields).map(([key, item]) => [mendText(key), item])) : fields;
  if (changed || keysChanged) sentForms.set(result, sent);
  return { value: result, changed: changed || keysChanged };
}
