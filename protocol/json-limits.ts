/**
 * Limits on the shape of any JSON body, checked on its text before it is parsed, so that
 * nothing downstream (the NUL check, schema validation, the idempotency fingerprint) ever
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
 * The first string (a key or a value) of a parsed JSON value that holds U+0000, as a JSON
 * pointer, or null. Walks with its own stack, so no depth can overflow the call stack.
 */
export function pathOfNulText(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || '/';
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}/${i}`]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i]!;
        if (key.includes('\u0000')) return `${path}/${key}`;
        stack.push([inner, `${path}/${key}`]);
      }
    }
  }
  return null;
}
