import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '../../protocol/json-limits';

/**
 * Random input for the boundary properties: values shaped by a route's own JSON schema
 * (so most requests get past the schema and reach the code behind it), with hostile
 * values slipped in at the leaves, plus bodies that are not shaped at all.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** Times RFC 3339 accepts (or nearly) that the code cannot read. */
export const unreadableTimestamps = [
  '2016-12-31T23:59:60Z',
  '2016-02-30T10:00:00Z',
  '2016-01-01T24:00:00Z',
  '2016-01-01T10:00:00Z[Europe/Paris]',
  '2016-01-01T10:00:00+24:00',
  '2016-13-01T00:00:00Z',
  '+275760-09-13T00:00:01Z',
  // Within RFC 3339, but past year 9999 (or before year 0) in UTC: stored as "+010000-…", it sorts before every real time.
  '9999-12-31T23:59:59-00:01',
  '0000-01-01T00:00:00+00:01',
];

/** Values that once got past a schema and broke something behind it, or might. */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...unreadableTimestamps),
  fc.constantFrom(1e-10, 4e-10, 0.0004, 0.0005, 1e-300, -1e-10, 5e-324, 0.1 + 0.2, 1_000_000, 999_999.9995, 1e21, Number.MAX_SAFE_INTEGER, -0),
  fc.constantFrom('', ' ', 'a\u0000b', '\u0000', '\uD800', '\u202e', '%00', '../..', 'null', '1e400', 'x'.repeat(70_000)),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 2 }),
);

const cap = (value: number | undefined, fallback: number) => Math.min(value ?? fallback, fallback);

function validString(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.format === 'date-time')
    return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  // With the `u` flag, as ajv and TypeBox read a pattern (`\p{…}` is a Unicode property there).
  if (schema.pattern !== undefined)
    return fc
      .stringMatching(new RegExp(schema.pattern, 'u'))
      .filter((s) => s.length <= (schema.maxLength ?? Infinity) && s.length >= (schema.minLength ?? 0));
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, cap(schema.maxLength, 24)) });
}

function validNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.001) : -1_000_000);
  const max = schema.maximum ?? 1_000_000_000;
  if (integer) return fc.integer({ min: Math.max(min, -1_000_000_000), max: Math.min(max, 1_000_000_000) });
  // Mostly quantities a shop uses (thousandths), sometimes any double in range.
  return fc.oneof(
    fc.integer({ min: Math.ceil(min * 1000), max: Math.floor(Math.min(max, 1000) * 1000) }).map((m) => m / 1000),
    fc.double({ min, max, noNaN: true }),
  );
}

/** Shaped by `schema`; every leaf is sometimes hostile. `override` replaces a property by name. */
export function shapedBy(schema: JsonSchema, override: Record<string, fc.Arbitrary<unknown>> = {}, depth = 0): fc.Arbitrary<unknown> {
  const leaf = (valid: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 24 }, { arbitrary: hostileLeaf, weight: 1 });
  if (depth > 6) return fc.jsonValue({ maxDepth: 1 });
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => shapedBy(v, override, depth + 1)));
  if (schema.const !== undefined) return leaf(fc.constant(schema.const));
  if (schema.enum) return leaf(fc.constantFrom(...schema.enum));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, inner] of Object.entries(properties)) shape[name] = override[name] ?? shapedBy(inner, override, depth + 1);
      const record = fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k) => k in shape) });
      // Now and then a required field is missing or an unknown one is added.
      return fc.oneof(
        { arbitrary: record, weight: 20 },
        {
          arbitrary: fc
            .tuple(record, fc.string({ maxLength: 8 }), hostileLeaf)
            .map(([value, key, extra]) => ({ ...(value as object), [key]: extra })),
          weight: 1,
        },
      );
    }
    case 'array': {
      const items = schema.items ? shapedBy(schema.items, override, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      const minLength = schema.minItems ?? 0;
      return leaf(fc.array(items, { minLength, maxLength: Math.max(minLength, cap(schema.maxItems, 3)) }));
    }
    case 'string':
      return leaf(validString(schema));
    case 'integer':
      return leaf(validNumber(schema, true));
    case 'number':
      return leaf(validNumber(schema, false));
    case 'boolean':
      return leaf(fc.boolean());
    case 'null':
      return leaf(fc.constant(null));
    default:
      return fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileLeaf);
  }
}

/** A body as text: mostly JSON shaped by the schema, else anything a client might send. */
export function hostileBodyText(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const nested = (depth: number) => `{"a":${'['.repeat(depth)}0${']'.repeat(depth)}}`;
  return fc.oneof(
    { arbitrary: shaped.map((value) => JSON.stringify(value) ?? 'null'), weight: 12 },
    { arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)), weight: 1 },
    { arbitrary: fc.constantFrom(MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 20_000).map(nested), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"a":',
        'nul\u0000',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '[1,2',
        '"\\u0000"',
        '1e999',
        '\uFEFF{}',
      ),
      weight: 1,
    },
    { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  );
}

/** A value safe in an HTTP header: printable ASCII only (Node refuses anything else outright). */
export const headerText = (maxLength: number) =>
  fc.string({ maxLength, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
