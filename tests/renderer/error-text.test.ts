import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorText } from '../../renderer/error-text';
import { TerminalApiError } from '../../renderer/terminal-api-client';

afterEach(() => vi.restoreAllMocks());

describe('a refusal on the till’s screens reads as words, never as an internal code', () => {
  it('shows the core’s sentence alone, from the web host and from the desktop bridge, and logs the code for support', () => {
    const logged = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fromWeb = new TerminalApiError('pin_in_use', 'Someone else already signs in with this PIN: choose another.');
    expect(errorText(fromWeb, 'PIN not reset.')).toBe('Someone else already signs in with this PIN: choose another.');
    const fromDesktop = new Error('pairing_code_invalid: This pairing code is unknown, was already used, or has expired. Ask for a new one.');
    expect(errorText(fromDesktop, 'Pairing failed.')).toBe('This pairing code is unknown, was already used, or has expired. Ask for a new one.');
    for (const code of ['cashier_exists', 'not_allowed', 'unsynced_sales', 'server_unreachable']) {
      expect(errorText(new TerminalApiError(code, 'Said in words.'), 'fallback')).not.toContain(code);
    }
    expect(logged.mock.calls.map(([line]) => line as string)).toContain('refused at the counter: pin_in_use');
  });

  it('a refusal with no sentence of its own, or a schema’s field list, reads as the screen’s fallback', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(errorText(new TerminalApiError('terminal_unavailable', 'terminal_unavailable'), 'The till did not answer.')).toBe(
      'The till did not answer.',
    );
    const schema = new TerminalApiError('validation_failed', 'addCashier: /pin must match pattern "^[0-9]{4,8}$"');
    expect(errorText(schema, 'Not added: check what was typed.')).toBe('Not added: check what was typed.');
    expect(errorText('not an error', 'That did not work.')).toBe('That did not work.');
  });
});
