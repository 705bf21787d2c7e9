import { TerminalError } from '../terminal-error';

/**
 * Which back office addresses a till may be paired with. The token and every sale travel
 * on this link, so plain http is only for the machine itself (loopback: a back office on
 * the same computer, a demo, a test). Anything else needs https, unless the shop's
 * administrator explicitly allowed http (a locked admin setting, or the web host's
 * COUNTER_ALLOW_INSECURE_HTTP): e.g. a closed shop LAN without certificates.
 */

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1') return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether this URL may carry a till's token: https, or http to loopback, or http allowed by the administrator. */
export function secureEnough(url: URL, allowInsecureHttp: boolean): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return allowInsecureHttp || isLoopbackHost(url.hostname);
}

/** A back office address as the till keeps it: origin (scheme, host in lower case, no default port) and path without a trailing slash. */
export const canonicalServerUrl = (url: URL): string => url.origin + url.pathname.replace(/\/+$/, '');

/** The pairing form's address, normalised (no trailing slash), or a TerminalError saying what is wrong with it. */
export function parseServerUrl(text: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TerminalError('invalid_argument', `"${text}" is not a server address (expected e.g. https://backoffice.example.com).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TerminalError('invalid_argument', 'The server address must start with https:// (or http:// for this computer).');
  if (!secureEnough(url, allowInsecureHttp)) {
    throw new TerminalError(
      'insecure_server_url',
      `${url.origin} is plain http on the network: the till's token and sales would travel unencrypted. Use https://${url.host}${url.pathname.replace(/\/+$/, '')}, or have the administrator allow http for this till.`,
    );
  }
  return canonicalServerUrl(url);
}

/**
 * Why pairing reached no back office, in the installer's words. A name no DNS knows
 * (ENOTFOUND and its kin) is, at pairing, most often a typo in the address rather than a
 * till without network: said as server_unreachable with the address to check.
 */
export function pairingUnreached(serverUrl: string, outcome: { code: string; cause: 'no_network' | 'server_unreachable' }): TerminalError {
  const unknownName = outcome.code === 'ENOTFOUND' || outcome.code === 'EAI_FAIL' || outcome.code === 'EAI_NODATA';
  // In words, never the system's code ("(ENOTFOUND)" on the Till tab, found by a probe): the core's log keeps it.
  return unknownName
    ? new TerminalError('server_unreachable', `No back office is known by the name in ${serverUrl}: check the address as typed, then the network.`)
    : new TerminalError(
        outcome.cause,
        `The back office at ${serverUrl} could not be reached: ${UNREACHED[outcome.code] ?? 'the network failed on the way'}.`,
      );
}

/** Why a back office was not reached, as an installer reads it. */
const UNREACHED: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing answers at that address and port (is the back office running, the port right?)',
  ECONNRESET: 'the connection was cut',
  ETIMEDOUT: 'it did not answer in time',
  ENETUNREACH: 'this machine has no network to it',
  EHOSTUNREACH: 'this machine has no route to it',
  EAI_AGAIN: 'the name could not be looked up just now (no DNS?)',
};
