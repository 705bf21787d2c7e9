import { PRODUCT_CODE_PATTERN } from '../../protocol/catalog';
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
]);

/** The message for a field a schema refused: its pattern's sentence if it has one, else ajv's own. */
export function fieldMessage(error: { keyword?: string; params?: Record<string, unknown>; message?: string }): string {
  const pattern = error.keyword === 'pattern' ? error.params?.pattern : undefined;
  return (typeof pattern === 'string' ? SENTENCES.get(pattern) : undefined) ?? error.message ?? 'is invalid';
}
