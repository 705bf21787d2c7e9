import { TerminalApiError } from './terminal-api-client';

const LEADING_CODE = /^([a-z_]+): (.+)$/s;

/**
 * A sentence for the screen, ending with the code a manager can look up. The web host's
 * client throws TerminalApiError; the Electron bridge keeps only a message led by the code.
 */
/** The code behind a refusal (pin_wrong, storage_read_only, ...), or null. */
export function errorCode(caught: unknown): string | null {
  if (caught instanceof TerminalApiError) return caught.code;
  if (caught instanceof Error) return LEADING_CODE.exec(caught.message)?.[1] ?? null;
  return null;
}

/**
 * For the cashier's screens: the sentence only, never "(pin_wrong)". The code stays in the
 * diagnostics: the console log here, and a data-code attribute where the screen shows it.
 */
export function cashierErrorText(caught: unknown, fallback: string): string {
  const code = errorCode(caught);
  if (code !== null) console.warn(`refused at the counter: ${code}`);
  if (caught instanceof TerminalApiError) return caught.message;
  if (caught instanceof Error) {
    const match = LEADING_CODE.exec(caught.message);
    if (match) return match[2] ?? fallback;
  }
  return fallback;
}

export function errorText(caught: unknown, fallback: string): string {
  if (caught instanceof TerminalApiError) return `${caught.message} (${caught.code})`;
  if (caught instanceof Error) {
    const match = LEADING_CODE.exec(caught.message);
    if (match) return `${match[2]} (${match[1]})`;
  }
  return fallback;
}
