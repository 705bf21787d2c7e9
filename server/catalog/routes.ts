import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CatalogPageSchema, CatalogQuerySchema, ProblemSchema, ProductParamsSchema, ProductSchema, ProductUpsertSchema } from '../../protocol';
import { requireAdmin, requireTerminal, terminalOf } from '../auth/callers';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import type { Services } from '../services';
import { catalogSince, upsertProduct } from './catalog';

export const catalogRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/v1/catalog',
    {
      onRequest: requireTerminal(services.store, services.settings),
      schema: {
        summary: 'Products and taxes changed since a cursor (pages of 1000; repeat until no products come back)',
        querystring: CatalogQuerySchema,
        response: { 200: CatalogPageSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => catalogSince(services.store, terminalOf(request).businessId, Number(request.query.since ?? '0')),
  );

  app.put(
    '/v1/admin/products/:sku',
    {
      onRequest: requireAdmin(services.store, services.settings),
      schema: {
        summary: 'Create or update a product (PUT is idempotent by nature)',
        params: ProductParamsSchema,
        body: ProductUpsertSchema,
        response: { 200: ProductSchema, '4xx': ProblemSchema },
      },
    },
    async (request) =>
      upsertProduct(services.store, request.params.sku, { ...request.body, businessCode: request.body.businessCode ?? DEFAULT_BUSINESS_CODE }),
  );
};
