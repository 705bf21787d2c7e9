import { TerminalApiError } from './terminal-api-client';

const LEADING_CODE = /^([a-z_]+): (.+)$/s;

/** The code behind a refusal (pin_wrong, storage_read_only, ...), or null. The web host's client throws TerminalApiError; the Electron bridge keeps only a message led by the code. */
export function errorCode(caught: unknown): string | null {
  if (caught instanceof TerminalApiError) return caught.code;
  if (caught instanceof Error) return LEADING_CODE.exec(caught.message)?.[1] ?? null;
  return null;
}

/**
 * A refusal as a person reads it: the core's sentence only, never "(pin_wrong)" (docs/cashier.md,
 * Messages). The code stays in the diagnostics: the console logs it, and a screen that shows
 * it for support puts `errorCode` in a data-code attribute. A refusal with no sentence of its
 * own, or one that only names fields of a schema (`validation_failed`: the screens check what
 * is typed first), reads as the screen's fallback.
 */
export function errorText(caught: unknown, fallback: string): string {
  const code = errorCode(caught);
  if (code !== null) console.warn(`refused at the counter: ${code}`);
  if (code === 'validation_failed') return fallback;
  if (caught instanceof TerminalApiError) return caught.message === caught.code ? fallback : caught.message;
  if (caught instanceof Error) {
    const match = LEADING_CODE.exec(caught.message);
    if (match) return match[2] ?? fallback;
  }
  return fallback;
}

/** The counter's name for the same rule (every screen logs "refused at the counter: <code>"). */
export const cashierErrorText = errorText;
