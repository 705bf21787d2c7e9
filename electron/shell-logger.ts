/**
 * The little the shell needs from a logger. pino's Logger satisfies it; tests pass a
 * recorder. Kept narrow so no shell file depends on pino's overloads.
 */
export interface ShellLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** An error with a code a manager can read on screen and a test can assert. */
export class ShellError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ShellError';
  }
}

export function errorDetails(error: unknown): { code?: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? { code, message: error.message } : { message: error.message };
  }
  return { message: String(error) };
}
