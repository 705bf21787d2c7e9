/**
 * Characters a screen does not show, as the bodies of regular-expression classes (JSON
 * Schema patterns, read with and without the `u` flag: BMP escapes only).
 *
 * UNSEEN: characters drawn as nothing, or that only steer how the text around them is drawn:
 * the soft hyphen, the combining grapheme joiner, the Arabic letter mark, Hangul and Khmer
 * fillers, Mongolian selectors, the zero-width space, non-joiner and joiner, the
 * left-to-right and right-to-left marks, the controls that turn text around (U+202A-U+202E,
 * U+2066-U+2069), the word joiner and invisible operators (U+2060-U+206F), variation
 * selectors, the byte order mark and the interlinear annotation marks. "Mario" followed by a
 * U+200B reads "Mario"; U+202E before "oiraM" is drawn "Mario".
 *
 * CONTROLS: C0 and C1 controls (a tab, a line feed, DEL) and the line and paragraph separators.
 */
export const UNSEEN =
  '\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB';
export const CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029';
