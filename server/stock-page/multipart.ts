import { Problem } from '../problem';

/** The fields of a multipart/form-data body: text fields and files alike, as text. */
export type FormFields = Record<string, string>;

/** The field that names a part which was not UTF-8 text (a CSV saved by Excel as Windows-1252): the page refuses it in its words. */
export const NOT_UTF8 = 'counter:not-utf8';

const unreadable = (detail: string) => new Problem(400, 'validation_failed', 'Form not readable', detail);

/**
 * Reads the few fields of the stock page's upload forms (a count file and its hidden
 * fields). The body was already bounded by the parser's byte limit; this only splits it on
 * the boundary the Content-Type names. Files must be UTF-8 text (a CSV file).
 */
export function readMultipart(body: Buffer, contentType: string): FormFields {
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw unreadable('The form has no multipart boundary.');
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: FormFields = {};
  let at = body.indexOf(delimiter);
  if (at < 0) throw unreadable('The form has no parts.');
  for (let parts = 0; parts < 20; parts++) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return fields;
    const headersEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(delimiter, at);
    if (headersEnd < 0 || next < 0 || headersEnd > next) throw unreadable('A part of the form is cut short.');
    const headers = body.subarray(at, headersEnd).toString('latin1');
    const name = /content-disposition:[^\r\n]*\bname="([^"]{1,64})"/i.exec(headers)?.[1];
    // The part's content ends with the CRLF before the next delimiter.
    const content = body.subarray(headersEnd + 4, next - 2);
    if (name !== undefined) {
      try {
        fields[name] = new TextDecoder('utf-8', { fatal: true }).decode(content);
      } catch {
        // Not refused here, where the answer could only be a bare problem: the page says it (NOT_UTF8).
        fields[name] = '';
        fields[NOT_UTF8] = name;
      }
    }
    at = next;
  }
  throw unreadable('The form has too many parts.');
}
