/**
 * How a document number reads. A format is text with tokens: {yyyy} {yy} {mm} and
 * {seq:N}, the counter zero-padded to N digits (it widens past 10^N - 1, never wraps).
 */
export type ResetPolicy = 'monthly' | 'yearly' | 'never';

const TOKEN = /\{(yyyy|yy|mm|seq(?::(\d{1,2}))?)\}/g;

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
