import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireMetricsReader } from '../auth/callers';
import { ServerMetrics } from '../metrics';
import type { Services } from '../services';
import { counterFamily, type Sample } from './prometheus-text';

/** Counts per "method route status", and per write endpoint applied for the first time. */
class RequestCounts {
  readonly byRoute = new Map<string, number>();
  readonly writesApplied = new Map<string, number>();
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * Request counting for every route (an onResponse hook at the root: this plugin opts out
 * of encapsulation like fastify-plugin would) and GET /metrics, behind the metrics token or the admin token.
 */
const plugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const counts = new RequestCounts();
  app.addHook('onResponse', async (request, reply) => {
    // Unknown URLs are one label, so a scanner cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    bump(counts.byRoute, `${request.method} ${route} ${reply.statusCode}`);
    const firstTime = reply.statusCode >= 200 && reply.statusCode < 300 && reply.getHeader('x-idempotent-replay') === undefined;
    if (request.method === 'POST' && request.headers['idempotency-key'] !== undefined && firstTime)
      bump(counts.writesApplied, `${request.method} ${route}`);
  });

  app.get(
    '/metrics',
    {
      onRequest: requireMetricsReader(services.store, services.settings),
      schema: { summary: 'Prometheus counters (the metrics token, or the admin token)' },
    },
    async (_request, reply) => {
      const requests: Sample[] = [...counts.byRoute].map(([key, value]) => {
        const [method = '', route = '', status = ''] = key.split(' ');
        return { labels: { method, route, status }, value };
      });
      const byStatus = new Map<string, number>();
      for (const sample of requests) byStatus.set(sample.labels.status ?? '', (byStatus.get(sample.labels.status ?? '') ?? 0) + sample.value);
      const server = services.metrics instanceof ServerMetrics ? services.metrics : null;
      const text = [
        counterFamily('counter_http_requests_total', 'HTTP requests answered, by method, route pattern and status.', requests),
        counterFamily(
          'counter_http_responses_total',
          'HTTP responses by status (409 in progress or conflict, 422 key reused or refused).',
          [...byStatus].map(([status, value]) => ({ labels: { status }, value })),
        ),
        counterFamily(
          'counter_writes_applied_total',
          'Idempotent writes applied for the first time, by endpoint.',
          [...counts.writesApplied].map(([endpoint, value]) => ({ labels: { endpoint }, value })),
        ),
        counterFamily(
          'counter_idempotent_replays_total',
          'Writes answered from a stored response or record, by endpoint.',
          [...(server?.replaysByEndpoint ?? [])].map(([endpoint, value]) => ({ labels: { endpoint }, value })),
        ),
        counterFamily('counter_idempotency_rejections_total', 'Writes refused by the idempotency contract.', [
          { labels: { code: 'request_in_progress' }, value: server?.counts.inProgress ?? 0 },
          { labels: { code: 'idempotency_key_reused' }, value: server?.counts.keyReused ?? 0 },
        ]),
        counterFamily('counter_transaction_retries_total', 'Write transactions run again after a serialization failure, deadlock or busy lock.', [
          { labels: {}, value: server?.counts.transactionRetries ?? 0 },
        ]),
        counterFamily('counter_sales_ingested_total', 'Sales recorded for the first time.', [
          { labels: {}, value: server?.counts.salesIngested ?? 0 },
        ]),
      ];
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text.join(''));
    },
  );
};
(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const requestMetrics = plugin;
