import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { jsonDepthExceeds, MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH } from '../protocol/json-limits';
import { registerApiRoutes } from './api-routes';
import type { HostedTerminal } from './hosted-terminal';
import { registerOriginGuard } from './origin-guard';
import { problem, sendProblem } from './problems';
import { registerRendererFiles } from './renderer-files';
import { registerStatusEvents } from './status-events';

export const WEB_HOST_ADDRESS = '127.0.0.1';

const JSON_TOO_DEEP = 'COUNTER_JSON_TOO_DEEP';

export interface WebHostOptions {
  terminal: HostedTerminal;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** pino options, or false for silence (tests). */
  logger?: boolean | object;
}

/**
 * The web host: the built cashier screens and the same TerminalApi the Electron preload
 * exposes, over HTTP on 127.0.0.1 only. `listen()` is the caller's (see listenWebHost).
 */
export async function buildWebHost(options: WebHostOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_JSON_BODY_BYTES,
    forceCloseConnections: true,
    // The router's own refusals (bad percent-encoding, a path part too long) as problem+json too.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      sendProblem(
        reply,
        problem(tooLong ? 414 : 400, 'validation_failed', 'Invalid URL', tooLong ? 'A part of the URL path is too long.' : 'The URL is not valid.'),
      );
    },
  });
  registerOriginGuard(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === JSON_TOO_DEEP) {
      return sendProblem(
        reply,
        problem(400, 'json_too_deep', 'JSON nested too deeply', `A request body may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep.`),
      );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, problem(413, 'body_too_large', 'Body too large', `Request bodies are limited to ${MAX_JSON_BODY_BYTES} bytes.`));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(reply, problem(415, 'unsupported_media_type', 'Unsupported media type', 'Send JSON with Content-Type: application/json.'));
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return sendProblem(reply, problem(400, 'malformed_json', 'Malformed JSON', 'The request body is not valid JSON.'));
    }
    request.log.error({ err: error }, 'web host request failed');
    return sendProblem(reply, problem(500, 'internal_error', 'Internal error', 'The web host failed to handle this request.'));
  });
  // Only JSON is parsed: a cross-site form can never post to the API without a preflight.
  // Its depth is measured on the text first (one pass, no recursion), as the server does.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (jsonDepthExceeds(text)) {
      done(Object.assign(new Error('JSON nested too deeply'), { code: JSON_TOO_DEEP }), undefined);
      return;
    }
    try {
      done(null, text === '' ? undefined : JSON.parse(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, 'not_found', 'Not found', `There is no ${request.method} ${request.url.split('?')[0]}.`)),
  );
  registerApiRoutes(app, options.terminal);
  registerStatusEvents(app, options.terminal);
  registerRendererFiles(app, options.rendererDir);
  await app.ready();
  return app;
}

/** Listens on 127.0.0.1 only; returns the URL the cashier opens. */
export async function listenWebHost(app: FastifyInstance, port: number): Promise<string> {
  await app.listen({ port, host: WEB_HOST_ADDRESS });
  const address = app.server.address();
  const actual = address !== null && typeof address === 'object' ? address.port : port;
  return `http://${WEB_HOST_ADDRESS}:${actual}/`;
}
