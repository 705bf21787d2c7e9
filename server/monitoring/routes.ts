import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MonitoringReportSchema, ProblemSchema } from '../../protocol';
import { requireAdmin } from '../auth/callers';
import type { Services } from '../services';

export const monitoringRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { watch } = services.settings;
  app.addHook('onRequest', requireAdmin(services.store, services.settings));
  app.get(
    '/v1/admin/monitoring',
    {
      schema: {
        summary: "Number continuity, replays and the terminals' queues, for managers and alerts",
        response: { 200: MonitoringReportSchema, '4xx': ProblemSchema },
      },
    },
    async () => services.reports.monitoring(watch, new Date(), services.settings.idempotencyTtlSeconds),
  );
};
