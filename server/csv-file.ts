/**
 * The files a manager saves from a spreadsheet (a count file, a catalog file): CSV with a
 * comma or, as a spreadsheet in many locales saves it, a semicolon; with or without a BOM,
 * CRLF or LF, a last newline or a few blank lines at the end.
 */

/** The file's lines: no BOM, no blank lines at its end (the same file saved either way is the same lines). */
export function csvLines(text: string): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}

/** The header line's delimiter (a semicolon only where it has no comma) and its column names, trimmed and lower-cased. */
export function csvHeader(headerLine: string): { delimiter: string; header: string[] } {
  const delimiter = !headerLine.includes(',') && headerLine.includes(';') ? ';' : ',';
  return { delimiter, header: (fieldsOf(headerLine, delimiter) ?? []).map((h) => h.trim().toLowerCase()) };
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside a field). */
export function fieldsOf(line: string, delimiter: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return null;
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== delimiter) return null;
      i++;
    } else {
      const next = line.indexOf(delimiter, i);
      if (next < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, next));
      i = next + 1;
    }
  }
}
