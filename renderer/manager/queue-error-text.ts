/**
 * A network failure of the last attempt, in the manager's words: the system's own message
 * ("connect ECONNREFUSED 127.0.0.1:4901") says nothing to a store manager (found by a
 * manager's walk). The code and that message stay, the code shown and the message on hover
 * and in the queue's export.
 */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'The back office refused the connection: it is stopped, or the address is wrong.',
  ETIMEDOUT: 'The back office did not answer in time.',
  ECONNRESET: 'The connection was cut before the back office answered.',
  EPIPE: 'The connection was cut before the back office answered.',
  ENOTFOUND: 'The back office’s address could not be found: no internet, or a wrong name.',
  EAI_AGAIN: 'The back office’s address could not be found: no internet, or a wrong name.',
  ENETUNREACH: 'This till has no network.',
  EHOSTUNREACH: 'The back office cannot be reached from this till’s network.',
  ENETDOWN: 'This till has no network.',
  network_error: 'The back office could not be reached.',
};

export function queueErrorText(code: string, message: string | null): string {
  return NETWORK_WORDS[code] ?? message ?? '';
}
