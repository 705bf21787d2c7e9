import { Value } from 'typebox/value';
import {
  terminalApiMethods,
  terminalMethods,
  TerminalStatusSchema,
  type TerminalApi,
  type TerminalApiMethod,
  type TerminalStatus,
} from '../terminal/terminal-api';

/** A refusal or fault: its sentence for the screen, and its code (problem+json `code`) for diagnostics. */
export class TerminalApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TerminalApiError';
  }
}

async function problemOf(response: Response): Promise<TerminalApiError> {
  try {
    const body = (await response.json()) as { code?: unknown; detail?: unknown };
    if (typeof body.code === 'string') return new TerminalApiError(body.code, typeof body.detail === 'string' ? body.detail : body.code);
  } catch {
    // Not problem+json: fall through to a generic answer.
  }
  return new TerminalApiError('terminal_unavailable', `The terminal answered ${response.status}.`);
}

/** TerminalApi over the web host's HTTP routes (docs/web-host.md), one function per method of the table; each answer checked against its result schema. */
export function httpTerminalApi(baseUrl = ''): TerminalApi {
  async function call(method: TerminalApiMethod, args?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
    } catch {
      throw new TerminalApiError('terminal_unavailable', 'The terminal app is not answering. Is it still running?');
    }
    if (!response.ok) throw await problemOf(response);
    const schema = terminalMethods[method].result;
    if (schema === null || response.status === 204) return undefined;
    const body: unknown = await response.json();
    if (!Value.Check(schema, body)) throw new TerminalApiError('bad_response', `The terminal's answer to ${method} is not what this screen expects.`);
    return body;
  }
  return Object.fromEntries(terminalApiMethods.map((method) => [method, (args?: unknown) => call(method, args)])) as unknown as TerminalApi;
}

/** How long the status feed may be broken before the screens say the terminal is not answering (a blip is not). */
export const HOST_LOST_AFTER_MS = 3_000;

/**
 * Status pushes from `GET /api/status/events`; EventSource reconnects by itself. A feed
 * that stays broken (the web host stopped, or was killed) is told as `null`, "the terminal
 * is not answering": the status bar must not go on saying Online, and a core that comes back
 * has started afresh (nobody signed in), so the screens ask it again.
 */
export function httpStatusFeed(listener: (status: TerminalStatus | null) => void, baseUrl = ''): () => void {
  let source: EventSource | null = null;
  let lost: ReturnType<typeof setTimeout> | null = null;
  let reopen: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const open = () => {
    const feed = new EventSource(`${baseUrl}/api/status/events`);
    source = feed;
    feed.addEventListener('status', (event) => {
      const status: unknown = JSON.parse((event as MessageEvent<string>).data);
      if (Value.Check(TerminalStatusSchema, status)) listener(status);
    });
    feed.addEventListener('open', () => {
      if (lost !== null) clearTimeout(lost);
      lost = null;
    });
    feed.addEventListener('error', () => {
      if (lost === null) lost = setTimeout(() => listener(null), HOST_LOST_AFTER_MS);
      // A browser gives a feed up for good after an answer that is not an event stream (a 500
      // while the host stops): a new one, a second later, until the host answers again.
      if (feed.readyState === EventSource.CLOSED && !stopped) reopen = setTimeout(open, 1_000);
    });
  };
  open();
  return () => {
    stopped = true;
    if (lost !== null) clearTimeout(lost);
    if (reopen !== null) clearTimeout(reopen);
    source?.close();
  };
}
