import { Type } from 'typebox';
import { CONTROLS, UNSEEN } from './unseen-characters';

/**
 * The highest number a till's receipt or return series counts to: past it a double (the
 * monitoring report's, the till's own counter) cannot tell one number from the next.
 */
export const HIGHEST_LOCAL_NUMBER = Number.MAX_SAFE_INTEGER;

/**
 * A run of ASCII digits whose value is at most `max` (leading zeros aside): every shorter run,
 * then, digit by digit, `max`'s own digits so far and a smaller one at that place.
 */
function digitsAtMost(max: number): string {
  const digits = String(max);
  const alternatives = [`[0-9]{1,${digits.length - 1}}`];
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[i]);
    const rest = digits.length - i - 1;
    if (digit > 0) alternatives.push(`${digits.slice(0, i)}[0-${digit - 1}]${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  alternatives.push(digits);
  return alternatives.join('|');
}

/**
 * A till's own receipt or return number as it gives them (terminal/sales/receipt-numbers.ts,
 * terminal/refunds/local-refunds.ts): its series, then the number in ASCII digits
 * (`T01-000123`, `T01-R000004`). The back office reads it as monitoring does (the text before
 * the trailing digits is the series, the digits its number; server/db/migrations/0004-hardening.ts)
 * and names the last of a series in `local_number_reused`: a number without trailing digits
 * ("T01-", "'; DROP TABLE sales;--") is of no series, one past HIGHEST_LOCAL_NUMBER
 * ("T01-99999999999999999999") would read as the series' last for good. Neither is a number
 * a till gives, and neither is a control, invisible or text-reversing character
 * (protocol/unseen-characters.ts), which would show a series that is not the one stored.
 */
export const LOCAL_NUMBER_PATTERN = `^(?:[^${CONTROLS}${UNSEEN}]*[^0-9${CONTROLS}${UNSEEN}])?0*(?:${digitsAtMost(HIGHEST_LOCAL_NUMBER)})$`;

/** A till's receipt or return number on the wire (sales, refunds, voided documents): 1 to 64 characters. */
export const LocalNumber = () => Type.String({ minLength: 1, maxLength: 64, pattern: LOCAL_NUMBER_PATTERN });
