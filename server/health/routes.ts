import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { HealthSchema, ProblemSchema } from '../../protocol';
import { storageFailedProblem } from '../http/problems';
import { LATEST_MIGRATION } from '../db/migrate';
import { quieterOf } from '../settings';
import type { Services } from '../services';

const PROBLEMS_DOC = new URL('../../docs/problems.md', import.meta.url);

export const healthRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/health',
    {
      // Every till asks every few seconds: its requests are logged only when they fail (a hundred tills wrote millions of lines a day).
      logLevel: quieterOf('warn', services.settings.logLevel),
      schema: { summary: 'Liveness and which database this instance uses', response: { 200: HealthSchema, '5xx': ProblemSchema } },
    },
    async () => {
      const failure = services.store.syncFailure();
      if (failure !== null) throw storageFailedProblem(failure);
      await sql`select 1`.execute(services.store.db);
      return { status: 'ok' as const, db: services.store.kind, version: services.version, schema: LATEST_MIGRATION };
    },
  );

  app.get('/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/docs/problems', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/markdown; charset=utf-8').send(await readFile(PROBLEMS_DOC, 'utf8')),
  );
};
