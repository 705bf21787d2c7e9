import { PRODUCT_CODE_PATTERN } from '../../protocol/catalog';
import { DISPLAY_NAME_PATTERN } from '../../protocol/display-name';
import { DATE_TYPED_PATTERN } from '../../protocol/invoice-profile';
import { LOCAL_NUMBER_PATTERN } from '../../protocol/local-number';
import { MANAGER_NAME_PATTERN } from '../../protocol/manager-name';

/**
 * What a field refused by one of these patterns should have been, in words: ajv's own
 * message ("must match pattern "^[^\u0000-…"") tells a manager nothing.
 */
const SENTENCES = new Map<string, string>([
  [
    MANAGER_NAME_PATTERN,
    "must be a person's name: not blank, and without invisible characters (a zero-width space or joiner, U+200B-U+200F, U+2060, U+FEFF, a variation selector, the Braille blank U+2800: any character a screen does not draw), text-reversing controls (U+202A-U+202E, U+2066-U+2069) or control characters",
  ],
  [
    PRODUCT_CODE_PATTERN,
    'must be a SKU or a barcode: no space before or after it, and no control character (a tab, a line feed) or invisible character (a zero-width space or joiner, U+200B-U+200F, U+2060, U+FEFF, a variation selector, the Braille blank U+2800) or text-reversing control (U+202A-U+202E, U+2066-U+2069)',
  ],
  [
    DISPLAY_NAME_PATTERN,
    'must be a name a screen shows: not blank (nor only invisible characters such as a zero-width space or the Braille blank U+2800, nor only accents), no invisible character at its start or end, and without control characters (a tab, a line feed) or text-reversing controls (U+202A-U+202E, U+2066-U+2069)',
  ],
  [DATE_TYPED_PATTERN, 'must be a date from 1900 on, as yyyy-mm-dd'],
  [
    LOCAL_NUMBER_PATTERN,
    "must be the till's receipt or return number (T01-000123, T01-R000004) without a control character (a tab, a line feed, a C1 control), invisible character (a zero-width space or joiner, U+200B-U+200F, U+2060, U+FEFF) or text-reversing control (U+202A-U+202E, U+2066-U+2069)",
  ],
]);

interface RefusedField {
  keyword?: string;
  instancePath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** The message for a field a schema refused: its pattern's sentence if it has one, else ajv's own. */
export function fieldMessage(error: RefusedField): string {
  const pattern = error.keyword === 'pattern' ? error.params?.pattern : undefined;
  return (typeof pattern === 'string' ? SENTENCES.get(pattern) : undefined) ?? error.message ?? 'is invalid';
}

/**
 * The fields a schema refused, each with its message. A value that is none of a list of
 * literals (`kind=bogus`, `status=bogus`) comes from ajv as one "must be equal to constant"
 * per literal and then "must match a schema in anyOf", none naming a value: it is said once,
 * naming them ("must be one of: receipt, transfer, correction, supplier_return").
 */
export function fieldErrors(refused: readonly RefusedField[]): { path: string; message: string }[] {
  const fields: { path: string; message: string }[] = [];
  let literals: RefusedField[] = [];
  const field = (error: RefusedField) =>
    // A field the request does not take is named by its own path ("/tradename"), not by the object holding it.
    error.keyword === 'additionalProperties' && typeof error.params?.additionalProperty === 'string'
      ? {
          path: `${error.instancePath}/${error.params.additionalProperty.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          message: 'is not a field of this request (misspelt?)',
        }
      : { path: error.instancePath || '/', message: fieldMessage(error) };
  for (const error of refused) {
    if (error.keyword === 'const') {
      literals.push(error);
      continue;
    }
    if (error.keyword === 'anyOf' && literals.length > 0 && literals.every((l) => l.instancePath === error.instancePath)) {
      fields.push({ path: error.instancePath || '/', message: `must be one of: ${literals.map((l) => String(l.params?.allowedValue)).join(', ')}` });
    } else {
      fields.push(...literals.map(field), field(error));
    }
    literals = [];
  }
  fields.push(...literals.map(field));
  return fields;
}
