import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackOfficeDb } from '../../server/db/database';
import { addStore, adminPost, post } from '../support/stock-documents';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { headerText, hostileBodyText, hostileLeaf, shapedBy, type JsonSchema } from '../support/hostile-input';

interface Operation {
  method: string;
  path: string;
  body: JsonSchema | null;
  parameters: { in: string; name: string; schema: JsonSchema }[];
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> }; parameters?: Operation['parameters'] }>>;
}

/** Every route of the OpenAPI document the server publishes, the way a client would read it. */
function operationsOf(document: OpenApi): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      parameters: operation.parameters ?? [],
    })),
  );
}

/**
 * Every row of every table, hashed per table: a refused request must leave all of it as it
 * was. Read through Kysely's introspection, so a table added later is covered too.
 */
async function databaseState(store: BackOfficeDb): Promise<Record<string, string>> {
  const tables = (await store.db.introspection.getTables()).map((t) => t.name).sort();
  const state: Record<string, string> = {};
  for (const table of tables) {
    const rows = await store.db
      .selectFrom(table as never)
      .selectAll()
      .execute();
    const lines = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).sort();
    state[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return state;
}

const ADMIN_PATHS =
  /^\/v1\/(admin|purchase-receipts|transfers|inventory-corrections|supplier-returns|correction-drafts|stock-counts|stock-documents)\b/;

describe.each(databaseKinds)('every route of the OpenAPI document, under random input, on %s', (kind) => {
  let office: TestBackOffice;
  let till: PairedTerminal;
  let operations: Operation[];
  const ids: string[] = [];

  beforeAll(async () => {
    // Past 30 bad admin tokens a minute the whole admin API answers 429 (tested in fleet-session-and-limits): with that
    // lockout the random admin requests shut out every admin write within the first hundred, so few writes reach the code.
    office = await startBackOffice(kind, { adminFailuresPerMinute: 100_000 });
    till = await office.pairTerminal();
    await addStore(office, 'NORTH');
    // Real documents, so that path parameters sometimes name something that exists.
    const sale = await post(office, '/v1/sales', till.headers(uuidv7()), aSale({ lines: [{ sku: 'RICE-5KG', qty: 3, unitPriceMinor: 100 }] }));
    // A return slip, so that the refunds list answers with one.
    await post(office, `/v1/sales/${sale.json().id}/refund`, till.headers(uuidv7()), {
      localNumber: 'R-FUZZ-1',
      occurredAt: new Date().toISOString(),
      lines: [{ sku: 'RICE-5KG', qty: 1 }],
      reason: 'torn bag',
    });
    const receipt = await adminPost(office, '/v1/purchase-receipts', {
      storeCode: 'MAIN',
      supplier: 'Mill',
      lines: [{ sku: 'RICE-5KG', qty: 10, unitCostMinor: 50 }],
    });
    const transfer = await adminPost(office, '/v1/transfers', { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku: 'RICE-5KG', qty: 1 }] });
    const sent = await adminPost(office, '/v1/transfers', { fromStoreCode: 'MAIN', toStoreCode: 'NORTH', lines: [{ sku: 'RICE-5KG', qty: 2 }] });
    await adminPost(office, `/v1/transfers/${sent.json().id}/send`, {});
    const count = await adminPost(office, '/v1/stock-counts', { storeCode: 'NORTH', startedBy: 'Mario' });
    const draft = await adminPost(office, '/v1/correction-drafts', {
      storeCode: 'MAIN',
      reason: 'r',
      draftedBy: 'Mario',
      lines: [{ sku: 'RICE-5KG', qtyDelta: 1 }],
    });
    ids.push(
      sale.json().id,
      sale.json().localNumber,
      receipt.json().id,
      transfer.json().id,
      sent.json().id,
      count.json().id,
      draft.json().id,
      'RICE-5KG',
      'invoice',
    );
    const document = await office.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    operations = operationsOf(document.json() as OpenApi);
  });
  afterAll(async () => office?.close());

  it('the document lists the routes this property covers', () => {
    const routes = operations.map((o) => `${o.method} ${o.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/terminals/pair',
        'POST /v1/sales',
        'POST /v1/sync/batch',
        'POST /v1/sales/{id}/refund',
        'GET /v1/admin/sales',
        'GET /v1/admin/refunds',
        'POST /v1/transfers/{id}/receive',
        'POST /v1/terminals/heartbeat',
      ]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it('random bodies, headers, parameters and depths never give a 5xx, and a refused request changes no row', async () => {
    const schemaOf = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)?.body ?? {};
    const pathParameter = fc.oneof(
      { arbitrary: fc.constantFrom(...ids), weight: 6 },
      { arbitrary: fc.constantFrom('%00', '..', 'x'.repeat(300), '%E2%80%AE', '%', ' ', 'null'), weight: 1 },
      { arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent), weight: 1 },
    );
    const authorization = (path: string) =>
      fc.oneof(
        { arbitrary: fc.constant(ADMIN_PATHS.test(path) ? office.adminHeaders().authorization! : till.headers().authorization!), weight: 8 },
        { arbitrary: fc.constantFrom(office.adminHeaders().authorization!, till.headers().authorization!), weight: 2 },
        { arbitrary: fc.constantFrom(undefined, 'Bearer nope', 'Basic YTpi', 'Bearer', `Bearer ${'a'.repeat(5000)}`), weight: 1 },
        { arbitrary: headerText(40), weight: 1 },
      );
    const idempotencyKey = fc.oneof(
      { arbitrary: fc.uuid(), weight: 8 },
      // A small pool, so that keys are replayed and reused for other requests.
      { arbitrary: fc.constantFrom('pool-1', 'pool-2', '"pool-1"'), weight: 3 },
      { arbitrary: fc.constantFrom(undefined, '', 'has space', 'x'.repeat(300), '""', 'ü'), weight: 1 },
      { arbitrary: headerText(30), weight: 1 },
    );
    const contentType = fc.oneof(
      { arbitrary: fc.constant('application/json'), weight: 12 },
      {
        arbitrary: fc.constantFrom(
          undefined,
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/problem+json',
          'multipart/form-data; boundary=x',
        ),
        weight: 1,
      },
    );
    // Names of things that exist, so that writes get past "not found" to the code behind it.
    const known = (values: string[], schema: JsonSchema) =>
      fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 6 }, { arbitrary: shapedBy(schema), weight: 1 });
    const names = {
      businessCode: known(['MAIN'], { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 32 }),
      storeCode: known(['MAIN', 'NORTH'], { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 32 }),
      fromStoreCode: known(['MAIN', 'NORTH'], { type: 'string', maxLength: 32 }),
      toStoreCode: known(['NORTH', 'MAIN'], { type: 'string', maxLength: 32 }),
      sku: known(['RICE-5KG', 'SALT'], { type: 'string', maxLength: 64 }),
    };
    // The batch carries sales and refunds: their items are shaped by those routes' schemas.
    const batchItem = fc.oneof(
      fc.record({
        key: fc.oneof(fc.uuid(), fc.constant('pool-1')),
        method: fc.constant('POST'),
        path: fc.constant('/v1/sales'),
        body: shapedBy(schemaOf('POST', '/v1/sales'), names),
      }),
      fc.record({
        key: fc.uuid(),
        method: fc.constant('POST'),
        path: pathParameter.map((id) => `/v1/sales/${id}/refund`),
        body: shapedBy(schemaOf('POST', '/v1/sales/{id}/refund'), names),
      }),
      fc.record({
        key: fc.uuid(),
        method: fc.constantFrom('POST', 'GET'),
        path: fc.constantFrom('/v1/admin/stores', '/v1/terminals/pair', '/v1/sync/batch'),
        body: hostileLeaf,
      }),
    );

    const request = fc.constantFrom(...operations).chain((operation) => {
      const query = operation.parameters.filter((p) => p.in === 'query');
      const shapedBody =
        operation.path === '/v1/sync/batch'
          ? fc.record({ items: fc.array(batchItem, { minLength: 1, maxLength: 3 }) })
          : shapedBy(operation.body ?? {}, names);
      return fc.record({
        operation: fc.constant(operation),
        params: fc.array(pathParameter, { minLength: 2, maxLength: 2 }),
        query: fc.record(Object.fromEntries(query.map((p) => [p.name, (names[p.name as keyof typeof names] ?? shapedBy(p.schema)).map(String)])), {
          requiredKeys: [],
        }),
        authorization: authorization(operation.path),
        idempotencyKey,
        contentType,
        body: operation.body === null ? fc.constant(undefined) : hostileBodyText(shapedBody),
      });
    });

    let state = await databaseState(office.store);
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let param = 0;
        const url = r.operation.path.replace(/\{[^}]+\}/g, () => r.params[param++] ?? 'x');
        const search = new URLSearchParams(r.query as Record<string, string>).toString();
        const headers: Record<string, string> = {};
        if (r.authorization !== undefined) headers.authorization = r.authorization;
        if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
        if (r.contentType !== undefined && r.body !== undefined) headers['content-type'] = r.contentType;
        const options: InjectOptions = {
          method: r.operation.method as 'GET',
          url: search ? `${url}?${search}` : url,
          headers,
          ...(r.body === undefined ? {} : { payload: r.body }),
        };
        const response = await office.app.inject(options);
        const tag = `${response.statusCode}${response.statusCode >= 400 ? ` ${response.json().code}` : ''}`;
        statuses.set(tag, (statuses.get(tag) ?? 0) + 1);
        expect(response.statusCode, `${options.method} ${options.url} -> ${response.body.slice(0, 300)}`).toBeLessThan(500);
        const after = await databaseState(office.store);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(after, `${options.method} ${options.url} was refused (${response.statusCode}) but changed rows`).toEqual(state);
        }
        state = after;
      }),
      { numRuns: 400 },
    );
    // The property is only worth something if writes got past the schema to the code behind it:
    // recorded (201), or refused by that code for what they asked (a business rule, a key reused),
    // not for their shape or their credentials. Random input decides how many of each.
    const atTheGate = /^(400 (validation_failed|malformed_json|json_too_deep|idempotency_key_\w+)|401 |403 |404 |413 |414 |415 )/;
    const pastTheSchema = [...statuses].filter(([tag]) => !tag.startsWith('200') && !atTheGate.test(tag)).reduce((sum, [, count]) => sum + count, 0);
    expect(pastTheSchema, JSON.stringify([...statuses].sort())).toBeGreaterThan(5);
  }, 120_000);
});
