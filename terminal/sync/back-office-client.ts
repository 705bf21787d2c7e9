import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { OfflineCause } from '../terminal-api';
import { formatIdempotencyKey } from '../../protocol/idempotency-key';
import { parseJsonBytes } from './answer-json';
import { parseRetryAfter } from './backoff';

/** What came back from one HTTP call: an answer with a status, or no answer at all. */
export type HttpOutcome =
  | { kind: 'answer'; status: number; body: unknown; retryAfterMs: number | null; replayed: boolean; contentType: string | null }
  | {
      kind: 'no_answer';
      cause: Extract<OfflineCause, 'no_network' | 'server_unreachable'>;
      code: string;
      message: string;
      /**
       * True only when no byte of the request can have reached the back office: it failed
       * before a connection existed (no attempt's socket connected, or failedBeforeConnecting)
       * or before it was handed to the HTTP client at all. False whenever it may have been
       * received, even in part.
       */
      neverSent: boolean;
    };

/**
 * A JSON request body: one text, or pieces whose concatenation is the JSON text (a batch,
 * built item by item). Pieces travel as bytes joined off the JavaScript heap, so a big body
 * never becomes one big string. `gzip`: sent compressed, with Content-Encoding: gzip (only
 * where the back office's route takes it: POST /v1/sync/batch).
 */
export interface JsonBody {
  pieces: readonly string[];
  gzip: boolean;
}

export interface Connection {
  serverUrl: string;
  token: string | null;
  /** Who the till is paired as: kept with what the back office acknowledges (Outbox.settle). */
  terminalId?: string;
}

/** Error codes meaning this machine has no usable network at all (as opposed to a silent server). */
const NO_NETWORK_CODES = new Set(['ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETDOWN', 'EAI_FAIL', 'EAI_NODATA']);

/**
 * Failures that can only happen before a TCP connection exists. ECONNREFUSED is a reset
 * answering our SYN, whoever sent it: the socket was never connected, and without TCP Fast
 * Open (Node does not use it) request bytes only go after the handshake. The name errors
 * come from the lookup that precedes connecting. Reused keep-alive sockets never look up or
 * connect, so they cannot fail this way; everything else (ECONNRESET, EPIPE, timeouts,
 * socket hang up, EHOSTUNREACH/ENETUNREACH, which can also strike an established connection)
 * may have happened after bytes left, unless the socket never connected
 * (connectionWatchingTransport).
 */
const BEFORE_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A kept-alive socket the back office closed while it sat idle in the pool (its keep-alive
 * timeout, a restart) fails the next request sent on it with a reset, often before the back
 * office read a byte. Node's advice (ClientRequest.reusedSocket) is to send such a request
 * again; that is safe whatever the back office read for a GET, a write with its
 * Idempotency-Key and a batch (each item keyed), and only those are sent again.
 * Without it, a sale would be marked "sent without an answer" (unvoidable) for nothing.
 * The attempts of one call, at most: each stale socket in the pool costs one.
 */
const STALE_SOCKET_ATTEMPTS = 5;

function resetOnReusedSocket(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('request' in error)) return false;
  const request = error.request as { reusedSocket?: unknown } | undefined;
  const code = errorCode(error);
  return request?.reusedSocket === true && (code === 'ECONNRESET' || code === 'EPIPE');
}

/**
 * Whether a failed request surely never reached the back office: its own code, the code of
 * the system error axios wraps (when it has one), and every attempt of a dual-stack connect
 * (AggregateError) all say the connection was refused or the name did not resolve. The
 * codes alone cannot tell a timeout before the handshake from one after it: that is what
 * connectionWatchingTransport sees, and either proof is enough.
 * The client sends with `proxy: false` and `maxRedirects: 0`: the connection refused is the
 * one to the back office's own address, for this request, never a proxy's or a redirect's.
 */
export function failedBeforeConnecting(error: unknown): boolean {
  const codes: unknown[] = [];
  const collect = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    codes.push('code' in value ? value.code : undefined);
    if (!(value instanceof AggregateError)) return;
    const attempts = value.errors as unknown[];
    if (attempts.length === 0) codes.push(undefined);
    for (const attempt of attempts) collect(attempt);
  };
  collect(error);
  if (typeof error === 'object' && error !== null && 'cause' in error && error.cause !== undefined) collect(error.cause);
  return codes.length > 0 && codes.every((code) => typeof code === 'string' && BEFORE_CONNECTION_CODES.has(code));
}

export function offlineCauseOf(code: string | undefined): 'no_network' | 'server_unreachable' {
  return code !== undefined && NO_NETWORK_CODES.has(code) ? 'no_network' : 'server_unreachable';
}

/**
 * The one door to the back office. Every call has a timeout (idle and total), never
 * throws for an HTTP status or a network failure (both are outcomes to classify), and
 * hands back the body parsed but unvalidated: callers check it against the protocol schema.
 */
export class BackOfficeClient {
  private readonly http: AxiosInstance;

  constructor(private readonly timeoutMs: number) {
    this.http = axios.create({
      timeout: timeoutMs,
      proxy: false,
      maxRedirects: 0,
      // Bytes, parsed by parseJsonBytes: a big answer (a batch's) never becomes one big string.
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      // Bodies are JSON text already: axios' default would JSON.parse every one (a whole batch) only to check it, then copy it.
      transformRequest: [(data: unknown) => data],
      validateStatus: () => true,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 4 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 4 }),
    });
  }

  /** `timeoutMs` overrides the client's timeout for this call (the link probe's is shorter). */
  async send(
    connection: Connection,
    method: 'GET' | 'POST',
    path: string,
    options: { json?: string | JsonBody; idempotencyKey?: string; timeoutMs?: number } = {},
  ): Promise<HttpOutcome> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (connection.token !== null) headers.authorization = `Bearer ${connection.token}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = formatIdempotencyKey(options.idempotencyKey);
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    // Until the request is handed to axios, a failure (building a batch's body) cannot have sent anything.
    let handedOver = false;
    // An earlier attempt of this call (a reset kept-alive socket) may have reached the back office.
    let mayHaveArrived = false;
    // Whether any attempt of this call got a connected socket: until then, no byte of it left the till.
    const link = { connected: false };
    try {
      const data = options.json === undefined || typeof options.json === 'string' ? options.json : await bytesOf(options.json);
      if (typeof options.json === 'object' && options.json.gzip) headers['content-encoding'] = 'gzip';
      handedOver = true;
      const request = () =>
        this.http.request<Buffer>({
          method,
          // serverUrl is stored without a trailing slash, so a back office under a path prefix works too.
          url: `${connection.serverUrl}${path}`,
          headers,
          data,
          timeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
          transport: connectionWatchingTransport(link),
        });
      // Only what the back office takes twice as once: a read, a keyed write, a batch (its items carry their keys).
      // A pairing code is spent by the first attempt: its resend would be refused, though the till was paired.
      const resendable = method === 'GET' || options.idempotencyKey !== undefined || path === '/v1/sync/batch';
      let response: Awaited<ReturnType<typeof request>>;
      for (let attempt = 1; ; attempt++) {
        try {
          response = await request();
          break;
        } catch (error) {
          if (attempt >= STALE_SOCKET_ATTEMPTS || !resendable || !resetOnReusedSocket(error)) throw error;
          // Sent again at once on another socket, with the same Idempotency-Key: had the
          // back office read it after all, it answers with what it recorded.
          mayHaveArrived = true;
        }
      }
      return {
        kind: 'answer',
        status: response.status,
        body: parseJson(response.data),
        retryAfterMs: parseRetryAfter(headerText(response.headers['retry-after'])),
        replayed: headerText(response.headers['x-idempotent-replay']) === 'true',
        // Only a problem+json answer is the back office speaking: a proxy's error page is not a refusal.
        contentType: headerText(response.headers['content-type'])?.split(';')[0]?.trim().toLowerCase() ?? null,
      };
    } catch (error) {
      const code = errorCode(error);
      return {
        kind: 'no_answer',
        cause: offlineCauseOf(code),
        code: code ?? 'network_error',
        message: error instanceof Error ? error.message : String(error),
        neverSent: !handedOver || (!mayHaveArrived && (!link.connected || failedBeforeConnecting(error))),
      };
    }
  }
}

/**
 * Node's own http/https request, watching the socket it is given: a kept-alive socket is
 * connected already, a new one once its `connect` event comes. Node writes a request only
 * after that event, so a call that failed before it (a timeout while the SYN went
 * unanswered on a lossy link, or while this process was too busy to see the handshake)
 * sent nothing, whatever the error says. For https, `connect` is the TCP handshake, before
 * TLS: counted as connected, which can only err on the side of "may have been received".
 */
function connectionWatchingTransport(link: { connected: boolean }) {
  return {
    request(options: http.RequestOptions, onResponse: (response: http.IncomingMessage) => void): http.ClientRequest {
      const request = (options.protocol === 'https:' ? https : http).request(options, onResponse);
      request.once('socket', (socket: Socket) => {
        if (!socket.connecting) link.connected = true;
        else socket.once('connect', () => (link.connected = true));
      });
      return request;
    },
  };
}

const gzipAsync = promisify(gzip);

/** The body's bytes: the pieces written one after the other into one Buffer (outside the V8 heap), gzipped on the thread pool if asked. */
async function bytesOf(body: JsonBody): Promise<Buffer> {
  let size = 0;
  for (const piece of body.pieces) size += Buffer.byteLength(piece, 'utf8');
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const piece of body.pieces) at += bytes.write(piece, at, 'utf8');
  return body.gzip ? gzipAsync(bytes) : bytes;
}

function headerText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseJson(bytes: unknown): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) return null;
  try {
    return parseJsonBytes(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
}

/** The system error code, digging through axios' wrapping (AggregateError for dual-stack connects). */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const cause = (error as { cause?: unknown }).cause;
  const nested = cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  const own = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (own === 'ERR_CANCELED' || own === 'ECONNABORTED') return 'ETIMEDOUT';
  if (nested && NO_NETWORK_CODES.has(nested)) return nested;
  return own ?? nested;
}
