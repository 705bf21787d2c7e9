import { Type } from 'typebox';
import { CONTROLS, UNSEEN } from './unseen-characters';

/**
 * The highest number a till's receipt or return series counts to: past it a double (the
 * monitoring report's, the till's own counter) cannot tell one number from the next.
 */
export const HIGHEST_LOCAL_NUMBER = Number.MAX_SAFE_INTEGER;

/**
 * A till's own receipt or return number (terminal/sales/receipt-numbers.ts,
 * terminal/refunds/local-refunds.ts: `T01-000123`, `T01-R000004`). The protocol takes any
 * number unique per terminal; the back office reads its series and number as monitoring does
 * (the text before the trailing digits, and those digits) and counts none without trailing
 * digits or past HIGHEST_LOCAL_NUMBER, nor names one the series' `lastLocalNumber`
 * (server/sales/receipt-number-reused.ts). Refused: a control, invisible or text-reversing
 * character (protocol/unseen-characters.ts), which would show a series that is not the one
 * stored ("\u202Eevil" in monitoring's series, found by a black-box probe).
 */
export const LOCAL_NUMBER_PATTERN = `^[^${CONTROLS}${UNSEEN}]+$`;

/** A till's receipt or return number on the wire (sales, refunds, voided documents): 1 to 64 characters. */
export const LocalNumber = () => Type.String({ minLength: 1, maxLength: 64, pattern: LOCAL_NUMBER_PATTERN });
