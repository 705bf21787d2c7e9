import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  BeneficiaryBookSchema,
  ProblemSchema,
  ReturnsBookSchema,
  SalesBookQuerySchema,
  SalesBookSchema,
  type SalesBookName,
  type SalesBookQuery,
} from '../../protocol';
import { requireAdmin } from '../auth/callers';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import type { Services } from '../services';
import { bookFileName } from './books-csv';
import { dayBookCsv } from './day-books';
import { returnsBook } from './returns-book';
import { beneficiaryBook, salesBook, type BookAsked } from './sales-books';

const askedOf = (query: SalesBookQuery): BookAsked => ({
  businessCode: query.businessCode ?? DEFAULT_BUSINESS_CODE,
  storeCode: query.storeCode,
  day: query.day,
});

/** A book as the CSV a bookkeeper downloads. */
export function sendBookCsv(
  reply: FastifyReply,
  book: SalesBookName,
  found: { businessCode: string; storeCode: string | null; day: string; csv: string },
): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${bookFileName(book, found.businessCode, found.day, found.storeCode)}"`)
    .header('cache-control', 'no-store')
    .send(found.csv);
}

/** The day's books (admin): the sales book, the senior citizens' and PWDs' sales books and the returns book, as JSON or CSV. */
export const salesBookRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.addHook('onRequest', requireAdmin(services.store, services.settings));
  const problems = { '4xx': ProblemSchema };
  const sendDayBook = async (reply: FastifyReply, book: SalesBookName, query: SalesBookQuery) => {
    return sendBookCsv(reply, book, await dayBookCsv(services.store, book, askedOf(query)));
  };

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
      if (request.query.format === 'csv') return sendDayBook(reply, 'sales', request.query);
      return salesBook(services.store, askedOf(request.query));
    },
  );

  app.get(
    '/v1/admin/books/returns',
    {
      schema: {
        summary: "The returns book: every return slip of the business's day, against its invoice (JSON, or CSV with format=csv)",
        querystring: SalesBookQuerySchema,
        response: { 200: ReturnsBookSchema, ...problems },
      },
    },
    async (request, reply) => {
      if (request.query.format === 'csv') return sendDayBook(reply, 'returns', request.query);
      return returnsBook(services.store, askedOf(request.query));
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
        if (request.query.format === 'csv') return sendDayBook(reply, name, request.query);
        return beneficiaryBook(services.store, askedOf(request.query), kind);
      },
    );
};
