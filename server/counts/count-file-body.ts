import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COUNT_FILE_MAX_BYTES } from '../../protocol/stock-counts';
import { Problem } from '../problem';

/** Why a count file that is not UTF-8 text (a CSV saved by Excel as Windows-1252) is refused: the API's words, and the stock page's. */
export const COUNT_FILE_NOT_UTF8 = 'The file is not UTF-8 text; save it as CSV (UTF-8). Nothing was imported.';

const tooLarge = () =>
  new Problem(
    413,
    'body_too_large',
    'Count file too large',
    `A count file is at most ${COUNT_FILE_MAX_BYTES / (1024 * 1024)} MiB (about 50,000 products); split it. Nothing was imported.`,
  );

/**
 * Count files travel as `text/csv`. The size is bounded while the body is read (a declared
 * Content-Length over the bound is refused before a byte is read), then the bytes must be
 * UTF-8: the text handed on is never larger than the bound and never guessed at.
 */
export function registerCountFileParser(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { bodyLimit: COUNT_FILE_MAX_BYTES }, (request, payload, done) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > COUNT_FILE_MAX_BYTES) {
      payload.resume();
      done(tooLarge(), undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (error: Error | null, value?: string) => {
      if (finished) return;
      finished = true;
      done(error, value);
    };
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > COUNT_FILE_MAX_BYTES) {
        payload.removeAllListeners('data');
        payload.resume();
        finish(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    payload.on('error', (error) => finish(error));
    payload.on('end', () => {
      try {
        finish(null, new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        finish(new Problem(400, 'count_file_invalid', 'Count file not readable', COUNT_FILE_NOT_UTF8));
      }
    });
  });
}

/**
 * preParsing of the count-file routes: a file is text/csv, anything else is a clear 415
 * that says so, before any parser reads the body (a text/plain file would otherwise meet
 * the API's own 415, which asks for JSON).
 */
export async function requireCsv<T>(request: FastifyRequest, _reply: unknown, payload: T): Promise<T> {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'text/csv')
    throw new Problem(415, 'unsupported_media_type', 'Unsupported media type', 'Send the count file as it is, with Content-Type: text/csv.');
  return payload;
}
