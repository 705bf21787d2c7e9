import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { BeneficiaryBookSchema, ProblemSchema, SalesBookQuerySchema, SalesBookSchema, type SalesBookName, type SalesBookQuery } from '../../protocol';
import { requireAdmin } from '../auth/callers';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import type { Services } from '../services';
import { beneficiaryBookCsv, bookFileName, salesBookCsv } from './books-csv';
import { beneficiaryBook, salesBook, type BookAsked } from './sales-books';

const askedOf = (query: SalesBookQuery): BookAsked => ({
  businessCode: query.businessCode ?? DEFAULT_BUSINESS_CODE,
  storeCode: query.storeCode,
  day: query.day,
});

/** A book as the CSV a bookkeeper downloads. */
export function sendBookCsv(reply: FastifyReply, book: SalesBookName, businessCode: string, day: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${bookFileName(book, businessCode, day)}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}

/** The day's sales books (admin): the sales book, and the senior citizens' and PWDs' sales books, as JSON or CSV. */
export const salesBookRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.addHook('onRequest', requireAdmin(services.store, services.settings));
  const problems = { '4xx': ProblemSchema };

  app.get(
    '/v1/admin/books/sales',
    {
      schema: {
        summary: "The sales book: every sales invoice of the business's day (JSON, or CSV with format=csv)",
        querystring: SalesBookQuerySchema,
        response: { 200: SalesBookSchema, ...problems },
      },
    },
    async (request, reply) => {
      const book = await salesBook(services.store, askedOf(request.query));
      if (request.query.format === 'csv') return sendBookCsv(reply, 'sales', book.businessCode, book.day, salesBookCsv(book));
      return book;
    },
  );

  for (const [name, kind] of [
    ['senior-citizen', 'senior_citizen'],
    ['pwd', 'pwd'],
  ] as const)
    app.get(
      `/v1/admin/books/${name}`,
      {
        schema: {
          summary: `The ${kind === 'pwd' ? 'PWD' : 'senior citizen'} sales book: the day's sales with the law's discount (JSON, or CSV with format=csv)`,
          querystring: SalesBookQuerySchema,
          response: { 200: BeneficiaryBookSchema, ...problems },
        },
      },
      async (request, reply) => {
        const book = await beneficiaryBook(services.store, askedOf(request.query), kind);
        if (request.query.format === 'csv') return sendBookCsv(reply, name, book.businessCode, book.day, beneficiaryBookCsv(book));
        return book;
      },
    );
};
