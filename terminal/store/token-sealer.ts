/**
 * How a host keeps the terminal token out of plain text: the Electron shell seals it
 * with the OS keychain (safeStorage); the web host passes none. Synchronous on purpose:
 * the core reads its pairing synchronously, and safeStorage is synchronous too.
 */
export interface TokenSealer {
  /** Text safe to store; throws rather than return the token in clear. */
  seal(token: string): string;
  /** The token, or null when it can no longer be opened (keychain reset, database copied): pair again. */
  unseal(stored: string): string | null;
}
