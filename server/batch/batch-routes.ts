import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BatchRequestSchema,
  BatchResponseSchema,
  ProblemSchema,
  RefundParamsSchema,
  RefundRequestSchema,
  SaleRequestSchema,
  type BatchItem,
  type BatchResult,
  type RefundRequest,
  type SaleRequest,
} from '../../protocol';
import { parseIdempotencyKey } from '../../protocol/idempotency-key';
import { requireTerminal, terminalOf } from '../auth/callers';
import { refuseNulIn } from '../http/no-nul-text';
import { problemOf } from '../http/problems';
import type { PipelineWrite } from '../idempotency/group-write';
import { Problem } from '../problem';
import { refundWrite } from '../refunds/refund-write';
import { SALE_ENDPOINT, saleWrite } from '../sales/sale-write';
import type { Services } from '../services';

const SALE_PATH = /^\/v1\/sales$/;
const REFUND_PATH = /^\/v1\/sales\/([^/?#]+)\/refund$/;

/**
 * Several queued writes in one round trip. Each item is checked as its route checks it
 * alone (its own key, the route's schema, the same answer) and handed to the write
 * pipeline directly, so a batch's items travel in few groups (few commits) instead of one
 * transaction each. Items keep their order: a key seen earlier in the same batch waits
 * for the items before it and is answered as its replay.
 */
export const batchRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post(
    '/v1/sync/batch',
    {
      onRequest: requireTerminal(services.store, services.settings),
      config: { compressedBody: true },
      preParsing: gunzipBody,
      schema: {
        summary: 'Send queued writes in one round trip (no Idempotency-Key on the batch itself; the body may be gzip-compressed)',
        body: BatchRequestSchema,
        response: { 200: BatchResponseSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const answers: Promise<BatchResult>[] = [];
      const keys = new Set<string>();
      for (const item of request.body.items) {
        const parsed = parseIdempotencyKey(item.key);
        if (parsed.ok && keys.has(parsed.key)) await Promise.all(answers);
        if (parsed.ok) keys.add(parsed.key);
        answers.push(
          answerOf(item, () => writeOf(request, services, item)).then(
            (answer) => answer,
            (error: unknown) => problemResult(item, error),
          ),
        );
      }
      return { results: await Promise.all(answers) };
    },
  );

  /** One item, through the pipeline; a sale is counted as if it had come alone. */
  async function answerOf(item: BatchItem, write: () => PipelineWrite): Promise<BatchResult> {
    const pipelineWrite = write();
    const response = await services.pipeline.submit(pipelineWrite);
    if (pipelineWrite.request.endpoint === SALE_ENDPOINT) services.metrics.salesIngested(response);
    return { key: item.key, status: response.status, body: JSON.parse(response.body) as unknown, replayed: response.replayed };
  }
};

/**
 * A batch may travel gzip-compressed (Content-Encoding: gzip): a long backlog of sales
 * compresses several times over, so a round trip carries several times more of it. The
 * body limit (1 MiB) counts the DECOMPRESSED bytes, so a small bomb is still a 413. Any
 * other encoding was refused before this hook (refuseUnreadableEncodings, json-body.ts).
 */
async function gunzipBody(request: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> {
  if (request.headers['content-encoding']?.trim().toLowerCase() !== 'gzip') return payload;
  const body = Object.assign(new PassThrough(), { receivedEncodedLength: 0 });
  // Fastify checks Content-Length against the bytes that arrived, not the decompressed ones.
  payload.on('data', (chunk: Buffer) => (body.receivedEncodedLength += chunk.length));
  const gunzip = createGunzip();
  // Not stream.pipeline: it would hand zlib's own error to Fastify before ours.
  gunzip.on('error', () => body.destroy(new Problem(400, 'malformed_json', 'Malformed body', 'The gzip-compressed body could not be decompressed.')));
  payload.on('error', (error) => body.destroy(error));
  payload.pipe(gunzip).pipe(body);
  return body;
}

function problemResult(item: BatchItem, error: unknown): BatchResult {
  const problem = problemOf(error as FastifyError);
  return { key: item.key, status: problem.status, body: problem.toBody(), replayed: false };
}

/** The checks the route of the item would make before its handler: key, schema, text, then the write itself. */
function writeOf(request: FastifyRequest, services: Services, item: BatchItem): PipelineWrite {
  const refund = REFUND_PATH.exec(item.path);
  if (item.method !== 'POST' || (!SALE_PATH.test(item.path) && !refund)) {
    throw new Problem(400, 'batch_item_not_allowed', 'Not allowed in a batch', `${item.method} ${item.path} cannot be sent in a batch.`);
  }
  const terminal = terminalOf(request);
  const key = keyOf(item);
  if (refund) {
    const params = { id: decodedSegment(refund[1] ?? '') };
    refuseNulIn('params', params);
    refuseNulIn('body', item.body);
    validate(request, RefundParamsSchema, params, 'params');
    const body = validate<RefundRequest>(request, RefundRequestSchema, item.body, 'body');
    return refundWrite(terminal, params.id, key, item.path, body);
  }
  refuseNulIn('body', item.body);
  const body = validate<SaleRequest>(request, SaleRequestSchema, item.body, 'body');
  return saleWrite(terminal, key, item.path, body);
}

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Problem(400, 'validation_failed', 'Invalid request', 'The path of the item is not valid percent-encoding.');
  }
}

function keyOf(item: BatchItem): string {
  const parsed = parseIdempotencyKey(item.key);
  if (parsed.ok) return parsed.key;
  throw new Problem(
    400,
    'idempotency_key_malformed',
    'Idempotency-Key malformed',
    'The Idempotency-Key must be 1 to 255 characters of A-Z a-z 0-9 . _ : - (optionally as a quoted string).',
  );
}

/** The route's own validator (the app's Ajv and options, compiled once per schema and cached by Fastify). */
function validate<T>(request: FastifyRequest, schema: object, value: unknown, part: 'body' | 'params'): T {
  const check = request.compileValidationSchema(schema, part);
  if (check(value)) return value as T;
  const error = Object.assign(new Error('validation failed'), { validation: check.errors ?? [], validationContext: part }) as unknown as FastifyError;
  throw problemOf(error);
}
