import { Type } from 'typebox';

/**
 * A name as people read it on the fleet page, on invoices and on receipts (a business's
 * registered and trade names, a store's, a till's): not blank (spaces and the invisible
 * U+200B-U+200D, U+2060 and U+FEFF alone are blank: a till listed with no name to see), and
 * without the Unicode controls that turn text around (U+202A-U+202E, U+2066-U+2069): "Till 1"
 * shown as a reversed "1 lliT", a name spoofing another.
 */
const DISPLAY_NAME_PATTERN =
  '^[^\\u202A-\\u202E\\u2066-\\u2069]*[^\\s\\u200B-\\u200D\\u2060\\uFEFF\\u202A-\\u202E\\u2066-\\u2069][^\\u202A-\\u202E\\u2066-\\u2069]*$';

/** The schema of such a name, at most `maxLength` characters. */
export const DisplayName = (maxLength = 200) => Type.String({ minLength: 1, maxLength, pattern: DISPLAY_NAME_PATTERN });
