import { Type } from 'typebox';
import { CONTROLS, UNSEEN } from './unseen-characters';

/**
 * A name as people read it on the fleet page, on invoices and on receipts (a business's
 * registered and trade names, a store's, a till's, a product's, a supplier's): not blank
 * (spaces and characters a screen does not draw alone are blank: the zero-width space, the
 * Braille blank U+2800, protocol/unseen-characters.ts: a till listed with no name to see),
 * without a control character (a tab or a line feed splits the name over a fleet page's rows
 * and a receipt's lines), and without the Unicode controls that turn text around
 * (U+202A-U+202E, U+2066-U+2069): "Till 1" shown as a reversed "1 lliT", a name spoofing
 * another. Other unseen characters may stand inside a name (a zero-width joiner shapes
 * Sinhala and Malayalam letters and emoji), not at its start or its end ("Mario" and "Mario"
 * with a zero-width space after it read alike), but for a variation selector or a tag ending
 * an emoji. A name of only accents (combining marks, drawn on nothing) is blank too.
 */
const TURNING = '\\u202A-\\u202E\\u2066-\\u2069';
/** What may end a name though unseen: a variation selector ("☕️") or a tag (a flag's sequence). */
const SHAPING_END = '\\uFE00-\\uFE0F\\u{E0020}-\\u{E007F}\\u{E0100}-\\u{E01EF}';
// Written without lookarounds: ajv and TypeBox take them, but the fuzz tests' generator of strings
// matching a pattern (fast-check) does not. A name is one visible character (V), or starts (S) and
// ends (E) as a name may, with a visible character somewhere: V, S…V, V…E or S…V…E.
const NOT_CONTROL = `[^${CONTROLS}${TURNING}]`;
const VISIBLE = `[^\\s${CONTROLS}${UNSEEN}\\p{M}]`;
const STARTS = `[^${CONTROLS}${UNSEEN}]`;
const ENDS = `(?:[^${CONTROLS}${UNSEEN}]|[${SHAPING_END}])`;
export const DISPLAY_NAME_PATTERN =
  `^(?:${VISIBLE}|${STARTS}${NOT_CONTROL}*${VISIBLE}|${VISIBLE}${NOT_CONTROL}*${ENDS}|` +
  `${STARTS}${NOT_CONTROL}*${VISIBLE}${NOT_CONTROL}*${ENDS})$`;

/** The schema of such a name, at most `maxLength` characters. */
export const DisplayName = (maxLength = 200) => Type.String({ minLength: 1, maxLength, pattern: DISPLAY_NAME_PATTERN });
