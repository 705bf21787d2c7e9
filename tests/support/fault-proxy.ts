import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * An HTTP proxy between a terminal and its back office that breaks things on purpose.
 * Each mode is one way the network loses a request or an answer:
 * - drop_request: the connection dies before the request reaches the server (nothing committed);
 * - drop_response: the server commits, then the connection dies before the answer arrives;
 * - delay: the request is held past the client's timeout, then forwarded (commits late);
 * - duplicate: the request is delivered twice; the client gets the second answer (a replay);
 * - unavailable: a 503 problem with Retry-After, nothing forwarded;
 * - cut_response: the server commits, the client gets the headers and half the body, then a reset;
 * - html_error: the server commits, then something in between answers with its own HTML
 *   error page (a 4xx without problem+json), the worst a proxy can do to an answer.
 * Beside the modes, `refuseConnections()` stops listening: every connection is refused
 * (ECONNREFUSED), as when the back office is stopped; nothing reaches it.
 */
export const faultModes = ['drop_request', 'drop_response', 'delay', 'duplicate', 'unavailable', 'cut_response', 'html_error'] as const;
export type FaultMode = 'pass' | (typeof faultModes)[number];

export interface FaultProxyOptions {
  upstream: string;
  /** How long `delay` holds a request; make it longer than the client's timeout. */
  delayMs?: number;
  /** The Retry-After value of `unavailable` (seconds or an HTTP date). */
  retryAfter?: string;
  /** Added before every forwarded request: a slow link's round trip. */
  latencyMs?: number;
}

export interface ProblemInjection {
  status: number;
  code: string;
  detail: string;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'proxy-connection', 'upgrade']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FaultProxy {
  url = '';
  mode: FaultMode = 'pass';
  latencyMs: number;
  delayMs: number;
  retryAfter: string;
  /** The status of `html_error`'s page. */
  htmlStatus = 403;
  /**
   * A gzip-compressed batch is answered with this problem and goes no further, as by a back
   * office from before compressed batches (400 malformed_json) or one that refuses them (415).
   */
  refuseGzipBatches: ProblemInjection | null = null;
  /**
   * false: every answer says `Connection: close`, so the client keeps no idle socket here and
   * each request connects anew (a refused connection is then always a refused connect).
   */
  keepAlive = true;
  /** After answering this many more requests to this path, refuse every connection (as refuseConnections). */
  refuseConnectionsAfter: { path: string; answers: number } | null = null;
  /**
   * Requests received, how many met each fault, how many of those faults struck a write from
   * the till's queue (a request under an Idempotency-Key, or a batch: not a catalog pull or a
   * heartbeat), and the Content-Encoding of each batch ('identity' when none).
   */
  readonly stats = {
    requests: 0,
    forwarded: 0,
    faults: new Map<FaultMode, number>(),
    queuedWriteFaults: new Map<FaultMode, number>(),
    batchEncodings: [] as string[],
    /** Requests received, by path (its query left out). */
    byPath: new Map<string, number>(),
  };
  /** While set, every answer the server gave waits here before it goes back (see holdAnswers). */
  private answersHeld: Promise<void> | null = null;
  /** Every hold not released yet: close() releases them (a test that failed before its release does not hang). */
  private readonly releases = new Set<() => void>();
  private chaos: { random: () => number; probability: number; modes: readonly FaultMode[] } | null = null;
  private readonly refused = new Map<string, ProblemInjection>();
  private readonly refusedPaths = new Map<string, ProblemInjection>();
  private readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly upstream: URL;
  private readonly held = new Set<Promise<unknown>>();

  constructor(options: FaultProxyOptions) {
    this.upstream = new URL(options.upstream);
    this.latencyMs = options.latencyMs ?? 0;
    this.delayMs = options.delayMs ?? 1000;
    this.retryAfter = options.retryAfter ?? '1';
    this.server = http.createServer((req, res) => {
      const work = this.handle(req, res).catch(() => req.socket.destroy());
      this.held.add(work);
      void work.finally(() => this.held.delete(work));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Nothing listens on the proxy's port any more: connections are refused; open ones are cut. */
  async refuseConnections(): Promise<void> {
    const closed = this.stopListening();
    this.server.closeAllConnections();
    await closed;
  }

  /** Listens again on the same port: the terminal's address works again. */
  async acceptConnections(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(Number(new URL(this.url).port), '127.0.0.1', resolve));
  }

  private stopListening(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setMode(mode: FaultMode): void {
    this.chaos = null;
    this.mode = mode;
  }

  /** Each request meets a random fault with the given probability (seeded by the caller). */
  setChaos(random: () => number, probability: number, modes: readonly FaultMode[] = faultModes): void {
    this.chaos = { random, probability, modes };
  }

  /**
   * From now on, answers wait at the proxy (the server has done its work) until the returned
   * release is called: a test can act while an answer is certainly in flight.
   */
  holdAnswers(): () => void {
    let resolve = () => {};
    const held = new Promise<void>((done) => (resolve = done));
    this.answersHeld = held;
    const release = () => {
      if (this.answersHeld === held) this.answersHeld = null;
      this.releases.delete(release);
      resolve();
    };
    this.releases.add(release);
    return release;
  }

  heal(): void {
    this.chaos = null;
    this.mode = 'pass';
  }

  /** The back office "refuses" this key with a problem, whether it travels alone or in a batch; nothing reaches the server. */
  refuseKey(key: string, problem: ProblemInjection = { status: 400, code: 'validation_failed', detail: 'Refused by the test proxy.' }): void {
    this.refused.set(key, problem);
  }

  /**
   * Every request to this path is answered with the problem and goes no further, as by a back
   * office from before the route (404 not_found); null lifts it.
   */
  refusePath(path: string, problem: ProblemInjection | null): void {
    if (problem === null) this.refusedPaths.delete(path);
    else this.refusedPaths.set(path, problem);
  }

  /** The refusal is lifted: the key goes through to the server again. */
  acceptKey(key: string): void {
    this.refused.delete(key);
  }

  async close(): Promise<void> {
    for (const release of [...this.releases]) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.held]);
    this.agent.destroy();
  }

  private pick(): FaultMode {
    if (this.chaos === null) return this.mode;
    const { random, probability, modes } = this.chaos;
    if (random() >= probability) return 'pass';
    return modes[Math.floor(random() * modes.length)] ?? 'pass';
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests += 1;
    const path = (req.url ?? '').split('?')[0] ?? '';
    this.stats.byPath.set(path, (this.stats.byPath.get(path) ?? 0) + 1);
    if (!this.keepAlive) res.setHeader('connection', 'close');
    const mode = this.pick();
    if (mode !== 'pass') {
      this.stats.faults.set(mode, (this.stats.faults.get(mode) ?? 0) + 1);
      if (req.headers['idempotency-key'] !== undefined || req.url === '/v1/sync/batch')
        this.stats.queuedWriteFaults.set(mode, (this.stats.queuedWriteFaults.get(mode) ?? 0) + 1);
    }
    if (mode === 'drop_request') {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    const encoding = req.headers['content-encoding'] ?? 'identity';
    if (req.url === '/v1/sync/batch') this.stats.batchEncodings.push(encoding);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (mode === 'unavailable') {
      const problem = {
        type: '/docs/problems#service_unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'The test proxy says so.',
        code: 'service_unavailable',
      };
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': this.retryAfter });
      res.end(JSON.stringify(problem));
      return;
    }
    if (mode === 'delay') await sleep(this.delayMs);
    const refusal =
      (encoding === 'gzip' && req.url === '/v1/sync/batch' ? this.refuseGzipBatches : null) ?? this.refusedPaths.get(req.url ?? '') ?? null;
    const forward = () => (refusal ? Promise.resolve(problemAnswer(refusal)) : this.forwardWithRefusals(req, body));
    let answer = await forward();
    if (mode === 'duplicate') answer = await forward();
    if (this.answersHeld) await this.answersHeld;
    if (mode === 'drop_response') {
      req.socket.destroy();
      return;
    }
    const last = this.refuseConnectionsAfter;
    if (last !== null && req.url === last.path && --last.answers === 0) {
      // Stops listening before answering: the next request finds the port closed.
      this.refuseConnectionsAfter = null;
      res.setHeader('connection', 'close');
      void this.stopListening();
    }
    if (mode === 'html_error') {
      if (res.destroyed || req.socket.destroyed) return;
      res.writeHead(this.htmlStatus, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><head><title>${this.htmlStatus}</title></head><body><h1>Request blocked</h1><p>The proxy says no.</p></body></html>`);
      return;
    }
    if (res.destroyed || req.socket.destroyed) return;
    const headers = { ...copyHeaders(answer.headers), 'content-length': String(answer.body.length) };
    res.writeHead(answer.status, headers);
    if (mode === 'cut_response') {
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => req.socket.destroy());
      return;
    }
    res.end(answer.body);
  }

  private async forwardWithRefusals(req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
    if (this.refused.size === 0) return this.forward(req, body);
    const key = unquote(req.headers['idempotency-key']);
    const single = key === undefined ? undefined : this.refused.get(key);
    if (single) return problemAnswer(single);
    if (req.url !== '/v1/sync/batch') return this.forward(req, body);
    const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    const batch = JSON.parse(text.toString('utf8')) as { items: { key: string }[] };
    const passing = batch.items.filter((item) => !this.refused.has(item.key));
    let results: { key: string }[] = [];
    if (passing.length > 0) {
      // The rest of the batch goes on uncompressed.
      const answer = await this.forward(req, Buffer.from(JSON.stringify({ items: passing })), { 'content-encoding': 'identity' });
      if (answer.status !== 200) return answer;
      results = (JSON.parse(answer.body.toString('utf8')) as { results: { key: string }[] }).results;
    }
    const byKey = new Map(results.map((r) => [r.key, r]));
    const merged = batch.items.map((item) => {
      const problem = this.refused.get(item.key);
      return problem ? { key: item.key, status: problem.status, body: problemBody(problem), replayed: false } : byKey.get(item.key);
    });
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ results: merged })) };
  }

  private forward(req: http.IncomingMessage, body: Buffer, headers: Record<string, string> = {}): Promise<Upstream> {
    this.stats.forwarded += 1;
    return new Promise((resolve, reject) => {
      const upstream = http.request(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method: req.method,
          path: req.url,
          agent: this.agent,
          headers: { ...copyHeaders(req.headers), ...headers, host: this.upstream.host, 'content-length': String(body.length) },
        },
        (answer) => {
          readBody(answer).then((data) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }), reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  return new FaultProxy(options).listen();
}

function readBody(stream: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('aborted')));
  });
}

function copyHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

function unquote(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const trimmed = header.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

function problemBody(problem: ProblemInjection) {
  return { type: `/docs/problems#${problem.code}`, title: 'Refused', status: problem.status, detail: problem.detail, code: problem.code };
}

function problemAnswer(problem: ProblemInjection): Upstream {
  return { status: problem.status, headers: { 'content-type': 'application/problem+json' }, body: Buffer.from(JSON.stringify(problemBody(problem))) };
}
