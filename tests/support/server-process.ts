import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ensureDefaultBusiness } from '../../server/businesses';
import { openDatabase, type DatabaseKind } from '../../server/db/database';
import { migrateToLatest } from '../../server/db/migrate';
import { addTerminalNow, pairTerminal } from '../../server/terminals/pairing';
import { createTestDatabase, type TestDatabase } from './databases';

/** A free port on 127.0.0.1, for a server started as a child process. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The real server command (`tsx server/main.ts serve`) as ONE process: node with the tsx
 * loader, not the tsx CLI, whose child would survive a kill -9 of its parent.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  readonly base: string;

  constructor(
    private readonly port: number,
    private readonly env: Record<string, string>,
    /** Extra node flags, e.g. `--cpu-prof` for a profile of the server under a benchmark. */
    private readonly nodeFlags: string[] = [],
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** The server's process id, while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [...this.nodeFlags, '--import', 'tsx', 'server/main.ts', 'serve'], {
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let attempt = 0; attempt < 300; attempt++) {
      try {
        if ((await fetch(`${this.base}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (this.child.exitCode !== null) throw new Error(`server exited with ${this.child.exitCode}`);
      await sleep(100);
    }
    throw new Error('server did not become healthy');
  }

  /** SIGTERM: the server's own orderly shutdown. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }

  /** kill -9: no shutdown hooks, no flush, whatever was in flight is cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }
}

export interface Reply {
  status: number;
  body: unknown;
  /** Tries it took: more than one means the server was down or cut the request. */
  attempts: number;
}

/**
 * A client that retries like the terminal's sync worker: the same key every time, through
 * refused connections, 5xx and 409 in progress, a bounded number of times.
 */
export async function sendUntilAnswered(base: string, path: string, headers: Record<string, string>, body: unknown): Promise<Reply> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      const answer = { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, attempts: attempt + 1 };
      const transient =
        response.status >= 500 || (response.status === 409 && (answer.body as { code?: string } | null)?.code === 'request_in_progress');
      if (!transient) return answer;
    } catch {
      // connection refused or cut: the server is down or was killed mid-request
    }
    await sleep(50);
  }
  throw new Error(`no answer for ${path}`);
}

/**
 * A database of its own, migrated, with business MAIN and one paired till: what a test of the
 * real server process needs before it starts it.
 */
export async function aPairedDatabase(kind: DatabaseKind): Promise<{ database: TestDatabase; token: string }> {
  const database = await createTestDatabase(kind);
  const setup = openDatabase(database.url);
  try {
    await migrateToLatest(setup);
    await ensureDefaultBusiness(setup);
    const created = await addTerminalNow(setup, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Till' });
    const { token } = await pairTerminal(setup, created.pairingCode);
    return { database, token };
  } finally {
    await setup.close();
  }
}

/** Sales sent by `clients` concurrent tills-worth of requests, each until answered; `answered` counts them as they come back. */
export function sendAllUntilAnswered(
  base: string,
  token: string,
  sales: readonly { key: string; body: unknown }[],
  clients: number,
  answered: (reply: Reply) => void,
): Promise<void> {
  const queue = [...sales];
  const client = async () => {
    for (let next = queue.shift(); next; next = queue.shift())
      answered(await sendUntilAnswered(base, '/v1/sales', { authorization: `Bearer ${token}`, 'idempotency-key': next.key }, next.body));
  };
  return Promise.all(Array.from({ length: clients }, client)).then(() => undefined);
}
