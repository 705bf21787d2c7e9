/**
 * Characters a screen does not show, as the bodies of regular-expression classes. They are
 * read with the `u` flag, as ajv (the back office's schemas) and TypeBox (the till's) compile
 * a JSON Schema pattern: `\p{…}` is a Unicode property there.
 *
 * UNSEEN: characters drawn as nothing, or that only steer how the text around them is drawn:
 * every default-ignorable code point (`\p{Default_Ignorable_Code_Point}`: the soft hyphen,
 * the combining grapheme joiner, the Arabic letter mark, Hangul and Khmer fillers, Mongolian
 * selectors, the zero-width space, non-joiner and joiner, the left-to-right and right-to-left
 * marks, the controls that turn text around (U+202A-U+202E, U+2066-U+2069), the word joiner
 * and invisible operators (U+2060-U+206F), the variation selectors U+FE00-U+FE0F and
 * U+E0100-U+E01EF, the byte order mark, the shorthand format controls U+1BCA0-U+1BCA3, the
 * musical format controls U+1D173-U+1D17A, the tags U+E0000-U+E0FFF), the interlinear
 * annotation marks (format controls a screen does not draw either) and the Braille blank
 * U+2800 (a pattern of no dots: drawn as a space, though it is no space to `\s`). "Mario"
 * followed by a U+200B or a U+E0100 reads "Mario"; U+202E before "oiraM" is drawn "Mario".
 *
 * CONTROLS: C0 and C1 controls (a tab, a line feed, DEL) and the line and paragraph separators.
 */
export const UNSEEN = '\\p{Default_Ignorable_Code_Point}\\u2800\\uFFF9-\\uFFFB';
export const CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029';
