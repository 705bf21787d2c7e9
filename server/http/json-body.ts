import type { FastifyInstance } from 'fastify';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../../protocol/json-limits';
import { Problem } from '../problem';
import { mayHoldUnpairedSurrogates, mendUnpairedSurrogates } from './unpaired-surrogates';

export const jsonTooDeep = () =>
  new Problem(400, 'json_too_deep', 'JSON nested too deeply', `A request body may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep.`);

/**
 * Every JSON body is measured on its text before it is parsed: one iterative pass, so a
 * body nested 20,000 levels deep is a 400 before anything recursive (the NUL check, the
 * schema, the idempotency fingerprint) could overflow the stack on it. The parse itself
 * stays Fastify's (prototype-poisoning protection, syntax errors); an empty body is no body. Half of a
 * surrogate pair in a text is stored as U+FFFD (unpaired-surrogates.ts).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'ignore');
  // Fastify's parser answers a "__proto__" key (prototype poisoning) as it answers bad JSON.
  // It is valid JSON that no request takes: said so, so the caller looks at the right thing.
  const parse: typeof strict = (request, text, done) =>
    strict(request, text, (error, parsed) => (error && isValidJson(text) ? done(forbiddenKey(), undefined) : done(error, parsed)));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (!isUtf8Charset(request.headers['content-type'])) {
      done(otherCharset(), undefined);
      return;
    }
    const text = String(body);
    // An empty body is no body, whatever its Content-Type says (many clients send
    // application/json on every request): a route that takes none reads it as none, and one
    // that needs one refuses it with validation_failed, not malformed_json.
    if (text.length === 0) {
      done(null, undefined);
      return;
    }
    if (jsonDepthExceeds(text)) {
      done(jsonTooDeep(), undefined);
      return;
    }
    if (!mayHoldUnpairedSurrogates(text)) {
      parse(request, text, done);
      return;
    }
    // Rare: parsed twice, one kept as sent for the fingerprint, the other mended (U+FFFD).
    parse(request, text, (error, parsed) => {
      if (error) done(error, undefined);
      else parse(request, text, (again, sent) => (again ? done(again, undefined) : done(null, mendUnpairedSurrogates(parsed, sent))));
    });
  });
}

/**
 * JSON is UTF-8 (RFC 8259 §8.1), and the body is read as UTF-8 whatever the header says: a
 * body declared in another charset (`charset=latin1`) would be read as what it is not, so it
 * is refused. No charset, `utf-8` in any case and its common label `utf8` are UTF-8.
 */
function isUtf8Charset(contentType: string | undefined): boolean {
  // Every charset the header names: "charset=utf-8; charset=latin1" says two things, and is refused.
  const charsets = [...(contentType ?? '').matchAll(/;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/gi)];
  return charsets.every((charset) => {
    const name = (charset[1] ?? charset[2] ?? '').trim().toLowerCase();
    return name === 'utf-8' || name === 'utf8';
  });
}

const otherCharset = () =>
  new Problem(415, 'unsupported_media_type', 'Unsupported charset', 'JSON is UTF-8: send it as UTF-8 (charset=utf-8, or no charset).');

const forbiddenKey = () =>
  new Problem(400, 'validation_failed', 'Forbidden key', 'A key named "__proto__" is not accepted anywhere in a request body.');

function isValidJson(text: string | Buffer): boolean {
  try {
    JSON.parse(String(text));
    return true;
  } catch {
    return false;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route decompresses its body itself (Content-Encoding: gzip): /v1/sync/batch. */
    compressedBody?: true;
  }
}

/**
 * The one check of a body's Content-Encoding, for every route: a body is read as it is
 * sent, or gzip-compressed where the route decompresses it (`compressedBody`). Anything else
 * is a 415, not a confusing `malformed_json` for gzip bytes, nor a body marked compressed
 * that is taken as plain text.
 */
export function refuseUnreadableEncodings(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding === undefined || encoding === '' || encoding === 'identity') return payload;
    const compressed = request.routeOptions.config.compressedBody === true;
    if (compressed && encoding === 'gzip') return payload;
    throw new Problem(
      415,
      'unsupported_media_type',
      'Unsupported content encoding',
      compressed ? 'Send the batch as it is or gzip-compressed (Content-Encoding: gzip).' : 'Send the body as it is (no Content-Encoding).',
    );
  });
}
