import { JOURNAL_TEXT_MAX_CHARS } from '../../protocol/journal';

/** Room kept in each part for its heading, "(part 12 of 34)". */
const HEADING_ROOM = 40;

/** `text` cut into pieces of at most `size` characters, never between the two halves of a surrogate pair. */
function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  let from = 0;
  while (from < text.length) {
    let to = Math.min(from + size, text.length);
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to -= 1;
    pieces.push(text.slice(from, to));
    from = to;
  }
  return pieces;
}

/**
 * A document's text as the journal entries that carry it. The back office takes at most
 * JOURNAL_TEXT_MAX_CHARS in one entry, and an entry it refuses would hold back every entry
 * after it; a sale of a thousand lines runs to several times that. A longer text is cut
 * between its lines (a line longer than a part, which the 40-column documents never have,
 * between characters) into parts headed "(part i of n)": the parts' texts without their
 * headings, in order, are the document's text.
 */
export function journalParts(text: string): string[] {
  if (text.length <= JOURNAL_TEXT_MAX_CHARS) return [text];
  const size = JOURNAL_TEXT_MAX_CHARS - HEADING_ROOM;
  const bodies: string[] = [];
  let current = '';
  for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    for (const piece of line.length > size ? cut(line, size) : [line]) {
      if (current.length + piece.length > size) {
        bodies.push(current);
        current = '';
      }
      current += piece;
    }
  }
  if (current !== '') bodies.push(current);
  return bodies.map((body, index) => `(part ${index + 1} of ${bodies.length})\n${body}`);
}
