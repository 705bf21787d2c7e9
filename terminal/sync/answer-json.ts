/**
 * JSON.parse for an answer's bytes that never makes one big string. A batch answer of 500
 * sales is ~110 KB: as one string V8 keeps it in its large-object space, and for a text over
 * 100 KiB JSON.parse puts every object it makes straight into the old generation, which only
 * a full GC frees, so a long drain's memory grew by tens of MB of dead answers. A span under
 * PIECE_BYTES is parsed as it is; a bigger object or array is cut into its members, each
 * parsed the same way. Every piece still goes through JSON.parse, so what it refuses, this
 * refuses (a SyntaxError), and what it makes, this makes.
 */
const PIECE_BYTES = 32 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export function parseJsonBytes(bytes: Uint8Array): unknown {
  return parseSpan(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.byteLength);
}

/** One JSON value, with white space around it, in bytes[start, end). */
function parseSpan(bytes: Buffer, start: number, end: number): unknown {
  if (end - start <= PIECE_BYTES) return JSON.parse(bytes.toString('utf8', start, end));
  const first = skipSpace(bytes, start, end);
  const opener = bytes[first];
  if (opener !== OPEN_BRACE && opener !== OPEN_BRACKET) return JSON.parse(bytes.toString('utf8', start, end));
  const closer = opener === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
  const members: [string, unknown][] = [];
  const items: unknown[] = [];
  let i = skipSpace(bytes, first + 1, end);
  if (bytes[i] === closer) i += 1;
  else {
    for (;;) {
      if (opener === OPEN_BRACE) {
        if (bytes[i] !== QUOTE) throw unexpected(i);
        const keyEnd = endOfString(bytes, i, end);
        const key = JSON.parse(bytes.toString('utf8', i, keyEnd)) as string;
        i = skipSpace(bytes, keyEnd, end);
        if (bytes[i] !== COLON) throw unexpected(i);
        i = skipSpace(bytes, i + 1, end);
        const valueEnd = endOfValue(bytes, i, end);
        members.push([key, parseSpan(bytes, i, valueEnd)]);
        i = skipSpace(bytes, valueEnd, end);
      } else {
        const valueEnd = endOfValue(bytes, i, end);
        items.push(parseSpan(bytes, i, valueEnd));
        i = skipSpace(bytes, valueEnd, end);
      }
      if (bytes[i] === closer) {
        i += 1;
        break;
      }
      if (bytes[i] !== COMMA) throw unexpected(i);
      i = skipSpace(bytes, i + 1, end);
    }
  }
  if (skipSpace(bytes, i, end) !== end) throw unexpected(i);
  if (opener === OPEN_BRACKET) return items;
  const object: Record<string, unknown> = {};
  // As JSON.parse does: own properties, "__proto__" included, the last of a repeated key kept.
  for (const [key, value] of members) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

function skipSpace(bytes: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i += 1;
  }
  return i;
}

/** The index just past the string starting at i (a quote). Inside UTF-8, no byte of a multi-byte character is below 0x80. */
function endOfString(bytes: Buffer, i: number, end: number): number {
  for (let k = i + 1; k < end; k += 1) {
    const c = bytes[k];
    if (c === BACKSLASH) k += 1;
    else if (c === QUOTE) return k + 1;
  }
  throw unexpected(end);
}

/** The index just past the value starting at i; JSON.parse checks the value itself later. */
function endOfValue(bytes: Buffer, i: number, end: number): number {
  const c = bytes[i];
  if (c === QUOTE) return endOfString(bytes, i, end);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let k = i; k < end; k += 1) {
      const d = bytes[k];
      if (d === QUOTE) k = endOfString(bytes, k, end) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth += 1;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return k + 1;
      }
    }
    throw unexpected(end);
  }
  let k = i;
  while (k < end) {
    const d = bytes[k];
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    k += 1;
  }
  if (k === i) throw unexpected(i);
  return k;
}

function unexpected(at: number): SyntaxError {
  return new SyntaxError(`Unexpected token in JSON at byte ${at}`);
}
