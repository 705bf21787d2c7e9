import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  COUNT_FILE_MAX_BYTES,
  CountFilePreviewSchema,
  CountImportAnswerSchema,
  CountImportQuerySchema,
  CountLinesAnswerSchema,
  CountLinesSchema,
  ProblemSchema,
  StockCountDetailSchema,
  StockCountListSchema,
  StockCountParamsSchema,
  StockCountQuerySchema,
  StockCountSchema,
  StockCountStartSchema,
} from '../../protocol';
import { requireAdmin, requireAdminOrTerminal } from '../auth/callers';
import { idempotencyKeyOf, requireIdempotencyKey, sendWrite } from '../http/write-reply';
import { decisionRoute } from '../inventory/decision-route';
import { runDocumentWrite } from '../inventory/document-writes';
import { toMilli } from '../inventory/quantities';
import type { Services } from '../services';
import { readCountFile } from './count-file';
import { registerCountFileParser, requireCsv } from './count-file-body';
import { importCountFile, previewCountFile } from './count-import';
import { addCountLines, approveCount, countDetail, discardCount, listCounts, startCount } from './count-sessions';

const CsvBody = Type.String({ description: 'The count file (text/csv): a header such as "sku,qty" then one row per product' });

/**
 * Physical counts: the back office starts, imports, approves or discards them (admin token);
 * a till adds the lines its manager scans (terminal token, its own store only), every write
 * under the idempotency contract with permanent dedup (document_writes).
 */
export const countRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const kind = services.store.kind;
  const admin = requireAdmin(services.store, services.settings);
  const adminOrTill = requireAdminOrTerminal(services.store, services.settings);
  registerCountFileParser(app);

  app.post(
    '/v1/stock-counts',
    {
      onRequest: admin,
      preValidation: requireIdempotencyKey,
      schema: {
        summary: 'Start counting a store (one open count per store)',
        body: StockCountStartSchema,
        response: { 201: StockCountSchema, 200: StockCountSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => sendWrite(reply, await runDocumentWrite(services, request, (trx, context) => startCount(trx, request.body, context))),
  );

  app.get(
    '/v1/stock-counts',
    {
      onRequest: adminOrTill,
      schema: {
        summary: 'Counts, newest first (a till sees its own store only)',
        querystring: StockCountQuerySchema,
        response: { 200: StockCountListSchema, '4xx': ProblemSchema },
      },
    },
    async (request) =>
      listCounts(
        services.store,
        request.terminal
          ? { businessCode: request.terminal.businessCode, storeCode: request.terminal.storeCode, status: request.query.status }
          : request.query,
      ),
  );

  app.get(
    '/v1/stock-counts/:id',
    {
      onRequest: adminOrTill,
      schema: {
        summary: 'A count and each counted SKU with its variance',
        params: StockCountParamsSchema,
        response: { 200: StockCountDetailSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => countDetail(services.store, request.params.id, request.terminal?.storeId),
  );

  app.post(
    '/v1/stock-counts/:id/lines',
    {
      onRequest: adminOrTill,
      preValidation: requireIdempotencyKey,
      schema: {
        summary: 'Add counted lines (scanned at a till): each adds to its product, at the moment it was counted',
        params: StockCountParamsSchema,
        body: CountLinesSchema,
        response: { 201: CountLinesAnswerSchema, 200: CountLinesAnswerSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const qtyMilli = toMilli(request.body.lines, (line) => line.qty, 'qty');
      const till = request.terminal;
      const key = idempotencyKeyOf(request);
      const response = await runDocumentWrite(services, request, (trx, context) =>
        addCountLines(
          trx,
          kind,
          request.params.id,
          request.body,
          till ? { terminalId: till.terminalId, storeId: till.storeId } : null,
          key,
          qtyMilli,
          context,
        ),
      );
      return sendWrite(reply, response);
    },
  );

  app.post(
    '/v1/stock-counts/:id/import-preview',
    {
      onRequest: admin,
      preParsing: requireCsv,
      bodyLimit: COUNT_FILE_MAX_BYTES,
      schema: {
        summary: 'What importing a count file (text/csv) would do: unknown codes, duplicates, variances. Changes nothing.',
        params: StockCountParamsSchema,
        body: CsvBody,
        response: { 200: CountFilePreviewSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => previewCountFile(services.store, request.params.id, readCountFile(request.body)),
  );

  app.post(
    '/v1/stock-counts/:id/import',
    {
      onRequest: admin,
      preParsing: requireCsv,
      preValidation: requireIdempotencyKey,
      bodyLimit: COUNT_FILE_MAX_BYTES,
      schema: {
        summary: 'Import a count file (text/csv), once: the same file again is 409 count_file_already_imported',
        params: StockCountParamsSchema,
        querystring: CountImportQuerySchema,
        body: CsvBody,
        response: { 201: CountImportAnswerSchema, 200: CountImportAnswerSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const file = readCountFile(request.body);
      const response = await runDocumentWrite(services, request, (trx, context) =>
        importCountFile(trx, kind, request.params.id, file, request.query.importedBy, context),
      );
      return sendWrite(reply, response);
    },
  );

  const decided = { params: StockCountParamsSchema, response: { 200: StockCountSchema, '4xx': ProblemSchema } };
  decisionRoute(app, services, admin, {
    ...decided,
    path: '/v1/stock-counts/:id/approve',
    summary: 'Approve a count: post one correction (ADJ-…) with every variance, once',
    decide: approveCount,
  });
  decisionRoute(app, services, admin, {
    ...decided,
    path: '/v1/stock-counts/:id/discard',
    summary: 'Discard an open count: nothing moves',
    decide: discardCount,
  });
};
