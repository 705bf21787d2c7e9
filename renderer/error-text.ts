import { TerminalApiError } from './terminal-api-client';

const LEADING_CODE = /^([a-z_]+): (.+)$/s;

/**
 * A sentence for the screen, ending with the code a manager can look up. The web host's
 * client throws TerminalApiError; the Electron bridge keeps only a message led by the code.
 */
export function errorText(caught: unknown, fallback: string): string {
  if (caught instanceof TerminalApiError) return `${caught.message} (${caught.code})`;
  if (caught instanceof Error) {
    const match = LEADING_CODE.exec(caught.message);
    if (match) return `${match[2]} (${match[1]})`;
  }
  return fallback;
}
