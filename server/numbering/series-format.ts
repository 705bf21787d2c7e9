/**
 * How a document number reads. A format is text with tokens: {yyyy} {yy} {mm} and
 * {seq:N}, the counter zero-padded to N digits (it widens past 10^N - 1, never wraps).
 */
export type ResetPolicy = 'monthly' | 'yearly' | 'never';

const TOKEN = /\{(yyyy|yy|mm|seq(?::(\d{1,2}))?)\}/g;

/**
 * The widest a counter may be padded, `{seq:12}`: 999,999,999,999 documents in one period,
 * more than any shop issues. The length a format's numbers reach is counted at that width.
 */
export const SEQ_MAX_DIGITS = 12;

/**
 * The longest number a series may issue: what a till's electronic journal takes as a
 * document's number (`documentNumber`, protocol/journal.ts), so a receipt it printed is
 * always kept.
 */
export const NUMBER_MAX_LENGTH = 64;

export function isValidFormat(format: string): boolean {
  const tokens = [...format.matchAll(TOKEN)].map((m) => m[1] ?? '');
  const rest = format.replace(TOKEN, '');
  return tokens.filter((t) => t.startsWith('seq')).length === 1 && !/[{}]/.test(rest);
}

export interface CalendarMonth {
  year: number;
  month: number;
}

/** One formatter per time zone: building one costs about 15 times as much as using it. */
const monthFormats = new Map<string, Intl.DateTimeFormat>();

function monthFormatOf(timeZone: string): Intl.DateTimeFormat {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
    monthFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar month of an instant in the business's time zone. */
export function calendarMonth(at: Date, timeZone: string): CalendarMonth {
  const parts = monthFormatOf(timeZone).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month') };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The counter's period key: a new period starts a new counter at 1. */
export function periodKey(reset: ResetPolicy, month: CalendarMonth): string {
  const mm = String(month.month).padStart(2, '0');
  switch (reset) {
    case 'monthly':
      return `${month.year}-${mm}`;
    case 'yearly':
      return `${month.year}`;
    case 'never':
      return 'all';
  }
}

export function formatNumber(format: string, month: CalendarMonth, seq: number): string {
  return format.replace(TOKEN, (_match, token: string, width?: string) => {
    if (token === 'yyyy') return String(month.year);
    if (token === 'yy') return String(month.year % 100).padStart(2, '0');
    if (token === 'mm') return String(month.month).padStart(2, '0');
    return String(seq).padStart(Number(width ?? 1), '0');
  });
}

/** The longest number `format` writes: the year 9999, month 12, a counter of SEQ_MAX_DIGITS digits (or its padding, if wider). */
export const longestNumber = (format: string): number => formatNumber(format, { year: 9999, month: 12 }, 10 ** SEQ_MAX_DIGITS - 1).length;

/** What a number says under a format: its counter, and the year and month where the format names them. */
export interface ReadNumber {
  seq: number;
  year: number | null;
  month: number | null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads `number` as `format` would have written it, or null when the format never writes it
 * (a different shape, or a counter padded otherwise): each token is read, and the number is
 * written again from what was read to be sure. `{yy}` is read as 20yy.
 */
export function readNumber(format: string, number: string): ReadNumber | null {
  const tokens: string[] = [];
  let pattern = '^';
  let from = 0;
  for (const match of format.matchAll(TOKEN)) {
    pattern += escapeRegExp(format.slice(from, match.index));
    const token = match[1] ?? '';
    tokens.push(token);
    pattern += token === 'yyyy' ? '(\\d{4})' : token === 'yy' || token === 'mm' ? '(\\d{2})' : '(\\d+)';
    from = match.index + match[0].length;
  }
  pattern += `${escapeRegExp(format.slice(from))}$`;
  const found = new RegExp(pattern).exec(number);
  if (found === null) return null;
  const read: ReadNumber = { seq: 0, year: null, month: null };
  tokens.forEach((token, index) => {
    const value = Number(found[index + 1]);
    if (token === 'yyyy') read.year = value;
    else if (token === 'yy') read.year = 2000 + value;
    else if (token === 'mm') read.month = value;
    else read.seq = value;
  });
  if (read.seq < 1 || (read.month !== null && (read.month < 1 || read.month > 12))) return null;
  const month = { year: read.year ?? 2000, month: read.month ?? 1 };
  return formatNumber(format, month, read.seq) === number ? read : null;
}
