import type pino from 'pino';
import type { HttpOutcome } from './sync/back-office-client';
import { isBackOfficeProblem, problemOf } from './sync/delivery';
import { pairingUnreached } from './sync/server-address';
import { TerminalError } from './terminal-error';

/**
 * Why a pairing did not work, in words an installer can act on. The address is the
 * commonest mistake: a page of the back office (`/fleet`) or a path in front of it, or
 * `https://` to a back office that serves plain http. What the back office itself says
 * (problem+json) is kept; anything else answering is never shown as its raw body (an HTML
 * page in the pairing screen's error line).
 */

/** The address without its path, when it has one: what to type instead. */
function withoutPath(serverUrl: string): string | null {
  const url = new URL(serverUrl);
  return url.pathname.replace(/\/+$/, '') === '' ? null : url.origin;
}

const rootHint = (root: string) => ` Use the back office's own address, without a path (${root}).`;

/** A refusal or an answer that is not a pairing: the back office's pairing codes as they are, or pairing_failed with a sentence. */
export function pairingRefused(serverUrl: string, outcome: Extract<HttpOutcome, { kind: 'answer' }>): TerminalError {
  const root = withoutPath(serverUrl);
  if (isBackOfficeProblem(outcome)) {
    const problem = problemOf(outcome.status, outcome.body);
    if (problem.code === 'pairing_code_invalid' || problem.code === 'pairing_code_used' || problem.code === 'store_locked')
      return new TerminalError(problem.code, problem.detail);
    // The back office, under a path it does not serve ("There is no POST /backoffice/v1/terminals/pair.").
    const hint = problem.code === 'not_found' && root !== null ? rootHint(root) : '';
    return new TerminalError('pairing_failed', `${problem.detail}${hint}`);
  }
  const what =
    outcome.contentType === 'text/html'
      ? 'a web page'
      : outcome.status >= 300 && outcome.status < 400
        ? 'a redirect'
        : outcome.status === 201
          ? 'something that is not a pairing'
          : 'no answer a Counter back office gives';
  return new TerminalError(
    'pairing_failed',
    `${serverUrl} answered ${outcome.status} with ${what}, not as a Counter back office: check the address.${root !== null ? rootHint(root) : ''}`,
  );
}

/** No answer at all: https spoken to a plain-http server is named as such, the rest as the sync worker says it. */
export function pairingNoAnswer(serverUrl: string, outcome: Extract<HttpOutcome, { kind: 'no_answer' }>): TerminalError {
  const url = new URL(serverUrl);
  // OpenSSL's "wrong version number": the other end answered the TLS hello with plain HTTP.
  if (url.protocol === 'https:' && /wrong version number|ERR_SSL_WRONG_VERSION_NUMBER/i.test(`${outcome.code} ${outcome.message}`)) {
    const plain = `http://${url.host}${url.pathname.replace(/\/+$/, '')}`;
    return new TerminalError(
      'server_unreachable',
      `${serverUrl} answers plain http, not https: is the back office's address ${plain}? (Plain http is taken only on this computer, or where the administrator allows it.)`,
    );
  }
  return pairingUnreached(serverUrl, outcome);
}

/**
 * A till the administrator locked to a store takes only that store's codes (store codes are
 * one whatever their case). It names the store in its pair request, and a back office of this
 * version refuses another store's code before spending it (409 store_locked, pairingRefused).
 * One from before ignores the name: its answer is checked here before the pairing is kept, so
 * nothing changes on the till; but that back office has spent the code by then and handed the
 * terminal a token nobody holds now (a till in use as that terminal was cut off): the sentence
 * says what to do about it.
 */
export function refuseOtherStore(
  lockedStore: string | null,
  offered: { terminalCode: string; storeCode: string },
  logger: Pick<pino.Logger, 'warn'>,
): void {
  if (lockedStore === null || offered.storeCode.toUpperCase() === lockedStore.toUpperCase()) return;
  const { terminalCode: t, storeCode } = offered;
  logger.warn({ lockedStore, offeredStore: storeCode, offeredTerminal: t }, "pairing refused: the code is another store's than the one locked");
  throw new TerminalError(
    'store_locked',
    `This pairing code is for store ${storeCode} (terminal ${t}), but the administrator locked this till to store ${lockedStore}: nothing was changed here. The code is used up, and the back office now counts terminal ${t} as paired with no till behind it: if ${t} is a till in use, give it a new code (counter-server terminal pairing-code --terminal ${t}); otherwise revoke it (counter-server terminal revoke --terminal ${t} --reason "paired by mistake"). For this till, get a code of a ${lockedStore} terminal (counter-server terminal add --store ${lockedStore}).`,
  );
}
