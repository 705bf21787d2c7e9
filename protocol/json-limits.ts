/**
 * Limits on the shape of any JSON body, checked on its text before it is parsed, so that
 * nothing downstream (the check of unstorable text, schema validation, the idempotency fingerprint) ever
 * walks a value deeper than this. The deepest real body, a sale inside a batch, is 6 levels.
 */
export const MAX_JSON_DEPTH = 32;

/** Request bodies of the server and the web host: larger is 413 `body_too_large`. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The characters of the JSON text. */
const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * How deep the text nests objects and arrays, stopping as soon as it passes `limit`. One
 * pass, no recursion, no allocation: brackets inside strings are skipped. Malformed text
 * gets an answer too; JSON.parse refuses it afterwards.
 */
export function jsonDepthExceeds(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/**
 * Text no database stores as typed: U+0000 (PostgreSQL's text cannot hold it) or half of a
 * surrogate pair (a broken keyboard driver, a string cut in the middle of an emoji), which is
 * no character at all: UTF-8 cannot encode it (SQLite would keep invalid bytes, PostgreSQL
 * refuses it in JSON). The counter refuses both before a sale is written; the back office
 * refuses U+0000 and stores half a pair as U+FFFD (server/http/unpaired-surrogates.ts).
 */
// eslint-disable-next-line no-control-regex -- U+0000 is what it looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Half of a surrogate pair, wherever it stands in a text. */
export const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Why a piece of text cannot be stored, or null. `nulOnly`: U+0000 is all that counts (the back office). */
export function unstorableTextIn(text: string, nulOnly = false): string | null {
  if (nulOnly) return text.includes('\u0000') ? 'must not contain U+0000' : null;
  const found = UNSTORABLE.exec(text);
  if (found === null) return null;
  return found[0] === '\u0000' ? 'must not contain U+0000' : 'must not contain half of a surrogate pair (U+D800-U+DFFF alone)';
}

/**
 * The first string (a key or a value) of a parsed JSON value that cannot be stored
 * (unstorableTextIn), as a JSON pointer and why, or null. Walks with its own stack, so no
 * depth can overflow the call stack.
 */
export function unstorableTextAt(value: unknown, nulOnly = false): { path: string; message: string } | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const message = unstorableTextIn(current, nulOnly);
      if (message !== null) return { path: path || '/', message };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}/${i}`]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i]!;
        const message = unstorableTextIn(key, nulOnly);
        if (message !== null) return { path: `${path}/${key}`, message };
        stack.push([inner, `${path}/${key}`]);
      }
    }
  }
  return null;
}
