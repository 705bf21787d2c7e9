import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { adminRoutes } from './admin/routes';
import { AdminGuard, tooManyRequests, type LimitResult } from './auth/admin-guard';
import { catalogRoutes } from './catalog/routes';
import type { BackOfficeDb } from './db/database';
import { healthRoutes } from './health/routes';
import { refuseUnreadableEncodings, registerJsonBodyParser } from './http/json-body';
import { requireHost } from './http/require-host';
import { refuseBadQueryEncoding } from './http/query-encoding';
import { refuseCrossSiteForms } from './fleet-page/same-origin';
import { refuseNulText } from './http/no-nul-text';
import { requireIdempotencyKey } from './http/write-reply';
import { clientProblem, frameworkProblem, registerProblemHandlers, unknownRouteIsNotFound } from './http/problems';
import { IdempotentWrites } from './idempotency/idempotent-writes';
import { WritePipeline } from './idempotency/write-pipeline';
import { reportReaderFor } from './monitoring/report-reader';
import { ServerMetrics } from './metrics';
import { salesRoutes } from './sales/routes';
import type { Services } from './services';
import type { ServerSettings } from './settings';
import { batchRoutes } from './batch/batch-routes';
import { refundRoutes } from './refunds/routes';
import { purchaseRoutes } from './purchases/routes';
import { transferRoutes } from './transfers/routes';
import { inventoryRoutes } from './inventory/routes';
import { correctionRoutes } from './inventory/correction-routes';
import { countRoutes } from './counts/routes';
import { monitoringRoutes } from './monitoring/routes';
import { requestMetrics } from './monitoring/request-metrics';
import { fleetPageRoutes } from './fleet-page/routes';
import { stockPageRoutes } from './stock-page/routes';
import { terminalRoutes } from './terminals/routes';
import { invoicingRoutes } from './invoicing/routes';
import { journalRoutes } from './journal/routes';
import { salesBookRoutes } from './books/routes';
import { SERVER_VERSION } from './version';
import { MAX_JSON_BODY_BYTES } from '../protocol/json-limits';
import { CALENDAR_DATE_FORMAT, isCalendarDate, isReadableTimestamp, TIMESTAMP_FORMAT } from '../protocol/timestamp';

export const BODY_LIMIT_BYTES = MAX_JSON_BODY_BYTES;

export interface BuildOptions {
  store: BackOfficeDb;
  settings: ServerSettings;
  /** pino options, or false for silence (tests). */
  logger?: boolean | object;
  /** More route plugins, given the same services: the benchmarks' raw-insert baseline. */
  extraRoutes?: FastifyPluginAsyncTypebox<{ services: Services }>[];
}

export interface BackOfficeApp {
  app: FastifyInstance;
  services: Services;
  metrics: ServerMetrics;
  /** Every route that takes an Idempotency-Key (`POST /v1/sales`, …), as it was registered. */
  writeEndpoints: readonly string[];
  /** Every route, as "METHOD /path" (the routes that change something and take no key are held to a list by a test). */
  routes: readonly string[];
}

/**
 * One log line per request, when it is answered: what was asked (the path, not the query
 * string: it may carry names) and how it was answered, instead of Fastify's two lines (the
 * second without the URL). A route may raise its level (/health: failures only).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error || reply.statusCode >= 500) request.log.error({ ...fields, ...(error ? { err: error } : {}) }, 'request answered');
    else request.log.info(fields, 'request answered');
  }
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const newApp = (options: BuildOptions) =>
  Fastify({
    logger: options.logger ?? { level: options.settings.logLevel },
    logController: new OneLinePerRequest(),
    bodyLimit: BODY_LIMIT_BYTES,
    // A request that stops arriving half way (its body included: Fastify's default is no limit)
    // is answered 408 request_timeout; Node looks for such requests every quarter of the timeout.
    requestTimeout: options.settings.requestTimeoutMs,
    http: {
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(options.settings.requestTimeoutMs / 4)),
      // An HTTP/1.1 request without Host is refused by requireHost (problem+json), not by Node's bare 400.
      requireHostHeader: false,
    },
    // A hop count is "trust the n nearest proxies" (Fastify's own reading of a number).
    trustProxy: typeof options.settings.trustProxy === 'number' ? trustHops(options.settings.trustProxy) : options.settings.trustProxy,
    frameworkErrors: frameworkProblem,
    clientErrorHandler: clientProblem,
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true },
      // After ajv-formats: `date-time` is also a time the code can read, and a day is on the calendar (protocol/timestamp.ts).
      onCreate: (ajv) =>
        ajv
          .addFormat(TIMESTAMP_FORMAT, { type: 'string', validate: isReadableTimestamp })
          .addFormat(CALENDAR_DATE_FORMAT, { type: 'string', validate: isCalendarDate }),
    },
    // The answers' serializer picks a branch of an anyOf with an Ajv of its own: it knows the
    // same formats (unknown, each was logged as "unknown format … ignored" at every start).
    serializerOpts: {
      ajv: {
        formats: {
          [TIMESTAMP_FORMAT]: { type: 'string', validate: isReadableTimestamp },
          [CALENDAR_DATE_FORMAT]: { type: 'string', validate: isCalendarDate },
        },
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
type App = ReturnType<typeof newApp>;

/** Builds the back office: routes, schemas, problem+json errors. `listen()` is the caller's. */
export async function build(options: BuildOptions): Promise<BackOfficeApp> {
  const app = newApp(options);
  const metrics = new ServerMetrics();
  const writes = new IdempotentWrites(options.store, options.settings.idempotencyTtlSeconds, metrics);
  const services: Services = {
    store: options.store,
    writes,
    pipeline: new WritePipeline(options.store, writes),
    reports: reportReaderFor(options.store),
    settings: options.settings,
    metrics,
    version: SERVER_VERSION,
  };

  const closeThreads = () => Promise.all([services.reports.close(), services.pipeline.close()]).then(() => undefined);
  app.addHook('onClose', closeThreads);
  try {
    const registered = await registerEverything(app, services, options);
    // The writer thread (SQLite) loads while the routes register; no request is taken before it can write.
    await services.pipeline.ready();
    return { app, services, metrics, ...registered };
  } catch (error) {
    // A back office that cannot start leaves no writer thread (nor its connection) behind.
    await closeThreads();
    throw error;
  }
}

/** Hooks, schemas, plugins and every route; ready to listen once it resolves. */
async function registerEverything(app: App, services: Services, options: BuildOptions): Promise<Pick<BackOfficeApp, 'writeEndpoints' | 'routes'>> {
  const writeEndpoints: string[] = [];
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    const keyed = [route.preValidation ?? []].flat().includes(requireIdempotencyKey);
    for (const method of [route.method].flat()) {
      routes.push(`${method} ${route.url}`);
      if (keyed) writeEndpoints.push(`${method} ${route.url}`);
    }
  });
  registerProblemHandlers(app, (error) => services.store.storageFailed(error));
  // The API speaks JSON only; anything else is a clear 415, not a confusing schema error.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);
  app.addHook('onRequest', requireHost);
  app.addHook('onRequest', refuseBadQueryEncoding);
  app.addHook('onRequest', refuseCrossSiteForms);
  app.addHook('onRequest', unknownRouteIsNotFound);
  refuseUnreadableEncodings(app);
  app.addHook('preValidation', refuseNulText);
  // Rate limits are opt-in per route (the fleet sign-in) or per use (the admin guard):
  // a till's sales are never throttled. Refusals are 429 problem+json with Retry-After.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      tooManyRequests('Too many attempts from this address; wait before trying again.', Math.ceil(context.ttl / 1000)),
  });
  const countFailure = app.createRateLimit({ max: options.settings.adminFailuresPerMinute, timeWindow: 60_000 }) as (
    request: FastifyRequest,
  ) => Promise<LimitResult>;
  app.decorate('adminGuard', new AdminGuard(countFailure));
  await app.register(swagger, {
    openapi: {
      info: { title: 'Counter back office', version: SERVER_VERSION, description: 'The wire contract of docs: PROTOCOL.md' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  for (const routes of [
    requestMetrics,
    healthRoutes,
    terminalRoutes,
    salesRoutes,
    batchRoutes,
    catalogRoutes,
    adminRoutes,
    invoicingRoutes,
    refundRoutes,
    purchaseRoutes,
    transferRoutes,
    inventoryRoutes,
    correctionRoutes,
    countRoutes,
    monitoringRoutes,
    fleetPageRoutes,
    stockPageRoutes,
    journalRoutes,
    salesBookRoutes,
  ]) {
    await app.register(routes, { services });
  }
  for (const routes of options.extraRoutes ?? []) await app.register(routes, { services });
  await app.ready();
  return { writeEndpoints, routes };
}
