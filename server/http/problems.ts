import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../../protocol/problem';
import { Problem } from '../problem';
import { isReadOnlyError, isStorageError } from '../db/error-codes';
import { isPagePath, problemPageReply } from '../fleet-page/problem-page';
import { fieldErrors } from './pattern-sentences';

/** At most this many field errors in one answer. */
export const MAX_FIELD_ERRORS = 100;

/** What the pg driver says (with no code) of a connection that died under a query, or of the client left after it. */
const CONNECTION_LOST =
  /^(Connection terminated( unexpectedly)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;
const DATABASE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300', 'SQLITE_BUSY']);

/**
 * 503 `storage_failed`: the disk failed the database (isStorageError), and this back office
 * acknowledges no write until it is restarted (it stops by itself: sync-failure.ts). What
 * `GET /health` answers after one, and a write that met a database it can no longer write.
 */
export function storageFailedProblem(failure: unknown): Problem {
  const detail = isReadOnlyError(failure)
    ? 'The database file can no longer be written (SQLITE_READONLY): nothing was stored, and this back office acknowledges no write until it is restarted. Check the owner and permissions of the database file and its folder, and that the disk is not mounted read-only.'
    : 'The disk refused to sync the database; this back office acknowledges no write until it is restarted.';
  return new Problem(503, 'storage_failed', 'Storage failed', detail);
}

/** The problem+json answer for any error thrown while handling a request (also each batch item's). */
export function problemOf(error: FastifyError & { code?: string }): Problem {
  if (error instanceof Problem) return error;
  if (error.validation) {
    // A 1 MiB body can hold 100,000 wrong values: the answer names the first ones, not all.
    const all = fieldErrors(error.validation);
    const errors = all.slice(0, MAX_FIELD_ERRORS);
    const more = all.length > MAX_FIELD_ERRORS ? ` The first ${MAX_FIELD_ERRORS} of ${all.length} errors are listed.` : '';
    return new Problem(
      400,
      'validation_failed',
      'Invalid request',
      `The request ${error.validationContext ?? 'body'} does not match the schema.${more}`,
      errors,
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(
        413,
        'body_too_large',
        'Body too large',
        'The request body is over its limit: 1 MiB for a sale or a batch (send a large backlog in several batches), 4 MiB for a count file, less for a page form.',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(
        415,
        'unsupported_media_type',
        'Unsupported media type',
        // The API takes JSON; the fleet pages' forms post as a browser does (found by a black-box review: the sign-in form was told to send JSON).
        'Send JSON with Content-Type: application/json (a form of the /fleet pages: application/x-www-form-urlencoded, or multipart/form-data for a count file).',
      );
    case 'FST_ERR_BAD_URL':
      return new Problem(400, 'validation_failed', 'Invalid URL', 'A part of the URL is not valid percent-encoding.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new Problem(414, 'validation_failed', 'URL part too long', 'A part of the URL path is longer than any identifier the API uses.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.');
  }
  if (error instanceof SyntaxError) return new Problem(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.');
  // Not a fault of the request nor of the server: a 503 the terminals retry (after a restart), not a 500.
  if (isReadOnlyError(error)) return storageFailedProblem(error);
  if ((error.code !== undefined && DATABASE_DOWN_CODES.has(error.code)) || CONNECTION_LOST.test(error.message ?? '')) {
    return new Problem(503, 'service_unavailable', 'Service unavailable', 'The database is not reachable right now; retry shortly.', undefined, {
      'retry-after': '2',
    });
  }
  // PostgreSQL "data exception" (class 22): a value the database cannot hold. Never a
  // transient fault, so a 400 the terminal keeps for a manager, not a 500 it retries.
  if (error.code !== undefined && /^22[0-9A-Z]{3}$/.test(error.code)) {
    return new Problem(400, 'validation_failed', 'Value not storable', 'A value in the request cannot be stored (out of range or not valid text).');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new Problem(status, 'validation_failed', 'Bad request', error.message);
  }
  return new Problem(500, 'internal_error', 'Internal error', 'The server failed to handle this request; nothing was recorded. Retry it.');
}

/**
 * Fastify's `frameworkErrors`: the router refuses a URL (bad percent-encoding, a path
 * part too long) before any route or error handler runs; it answers as problem+json too.
 */
export function frameworkProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const problem = problemOf(error);
  reply.code(problem.status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.toBody()));
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before there is a request
 * (headers over its 16 KiB, bytes that are not HTTP, a request that took too long to
 * arrive) is answered as problem+json too, then the connection is closed, as Node does.
 */
export function clientProblem(error: Error & { code?: string }, socket: Socket): void {
  // A connection reset: nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new Problem(
          431,
          'headers_too_large',
          'Headers too large',
          'The request line and headers are over 16 KiB (a token or a query string too long?).',
        )
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new Problem(408, 'request_timeout', 'Request timeout', 'The request did not arrive in time; send it again.')
        : new Problem(400, 'malformed_request', 'Malformed request', 'The bytes received are not an HTTP request the server can read.');
  const body = JSON.stringify(problem.toBody());
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

/**
 * The client closed its connection while its body was still arriving (a till that lost
 * its network, a timeout on its side): Node ends the body's stream with `aborted`
 * (ECONNRESET). Nothing was stored and nobody is left to answer; it is the client's fault,
 * not a database that is down (503) or a server failure (an error in the log).
 */
const CLIENT_WENT_AWAY = new Problem(400, 'malformed_request', 'Request incomplete', 'The connection closed before the request arrived in full.');
function clientWentAway(error: FastifyError, request: FastifyRequest): boolean {
  return error.code === 'ECONNRESET' && !request.raw.complete && (request.raw.readableAborted || request.raw.socket.destroyed);
}

/**
 * Every error leaves as RFC 9457 problem+json with a stable code, never a stack trace.
 * A storage error is also told to `onStorageError` (the store stops acknowledging writes).
 */
export function registerProblemHandlers(app: FastifyInstance, onStorageError: (error: unknown) => void = () => undefined): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isStorageError(error)) onStorageError(error);
    if (clientWentAway(error, request)) {
      request.log.info(CLIENT_WENT_AWAY.detail);
      return reply.code(CLIENT_WENT_AWAY.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(CLIENT_WENT_AWAY.toBody());
    }
    const problem = problemOf(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    if (isPagePath(request.url)) return problemPageReply(request, reply, problem);
    reply.code(problem.status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE);
    return reply.serializer(JSON.stringify).send(problem.toBody());
  });
  app.setNotFoundHandler(answerNotFound);
}

function answerNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = new Problem(404, 'not_found', 'Not found', `There is no ${request.method} ${request.url.split('?')[0]}.`);
  if (isPagePath(request.url)) return problemPageReply(request, reply, problem);
  return reply.code(404).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(problem.toBody());
}

/**
 * onRequest: a request no route takes is answered 404 before its body is read, whatever
 * the body (none, malformed JSON, another content type or encoding, over the limit).
 * Fastify would parse it first and answer what it found wrong with it instead.
 */
export async function unknownRouteIsNotFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  return request.is404 ? answerNotFound(request, reply) : undefined;
}
