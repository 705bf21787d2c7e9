/**
 * What a quantity typed with a comma was meant to be, in the words of the one who typed it.
 * A comma between groups of three digits (not after a lone 0) is a thousands separator ("1,000": type 1000); any
 * other single comma is a decimal written the European way ("4,85" of tomatoes is 4.85 kg,
 * not 485: a walk found "485" advised, and 485 kg received against 5 sent), said as how to
 * type it ("without commas: 1000"). Null when the text holds no comma, or none of these.
 */
export function commaAdvice(written: string): string | null {
  if (/^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/.test(written)) return `without commas: ${written.replace(/,/g, '')}`;
  if (/^\d+,\d+$/.test(written)) return `with a point for the decimals: ${written.replace(',', '.')}`;
  return null;
}
