import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../build/renderer-build';
import { openDatabase } from '../../server/db/database';
import { countRows } from '../support/back-office';
import { createTestDatabase } from '../support/databases';

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** `npm start` as a user runs it, on its own data folder and ports (0: a free one), its output piped. */
function spawnNpmStart(dataRoot: string, backOfficePort: number, webPort = 0): ChildProcess & { stdout: Readable; stderr: Readable } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COUNTER_DATA_ROOT: dataRoot,
    COUNTER_HOST: 'web',
    PORT: String(backOfficePort),
    COUNTER_WEB_PORT: String(webPort),
    LOG_LEVEL: 'error',
  };
  delete env.POS_ADMIN_TOKEN;
  delete env.DATABASE_URL;
  return spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'start.ts')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `npm start` that serves: resolves once it prints its URL. */
function npmStart(dataRoot: string, backOfficePort = 0): Promise<Started> {
  const child = spawnNpmStart(dataRoot, backOfficePort);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)\s/.exec(output.slice(output.indexOf('Fell back')))?.[1];
      if (output.includes('Fell back') && url) resolve({ child, output: () => output, url });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
}

/** `npm start` that is expected to stop by itself: its exit code and what it printed. */
function npmStartFails(dataRoot: string, backOfficePort: number, webPort = 0): Promise<{ code: number | null; output: string }> {
  const child = spawnNpmStart(dataRoot, backOfficePort, webPort);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Bounded: one that serves instead is stopped, and the test fails on its exit code.
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

/** `npm run demo:back-office` in a terminal of its own; resolves once it listens. */
function demoBackOffice(dataRoot: string, port: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, COUNTER_DATA_ROOT: dataRoot, PORT: String(port), LOG_LEVEL: 'error' };
  delete env.POS_ADMIN_TOKEN;
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'demo-back-office.ts')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl+C stops it')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`demo back office exited (${code}):\n${output}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function interrupt(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

const api = async (url: string, method: string, body: unknown = {}) =>
  (
    await fetch(`${url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  ).json() as Promise<Record<string, unknown>>;

describe('npm start on a fresh machine', () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'counter-npm-start-'));
  afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

  it('sets up a paired demo shop, says why it fell back to the web host, stops on Ctrl+C, and reuses it all the second time', async () => {
    const first = await npmStart(dataRoot);
    expect(first.output()).toMatch(/Demo catalog: \d+ products added/);
    expect(first.output()).toMatch(/Terminal T\d+ paired/);
    expect(first.output()).toMatch(/Demo stock: received on RCV-/);
    expect(first.output()).toMatch(/Not opening the Electron window: COUNTER_HOST=web/);
    const status = await api(first.url, 'getStatus');
    expect(status).toMatchObject({ paired: true, storeCode: 'MAIN' });
    expect(first.output()).toMatch(/Demo sales invoice profile: set/);
    // The demo shop's invoices lack nothing the BIR asks for: its till warns of nothing (README's screenshots).
    await until(
      'the demo till to pull a complete invoice profile',
      () => api(first.url, 'getStatus'),
      (s) => Array.isArray(s.invoiceDetailsMissing) && s.invoiceDetailsMissing.length === 0,
    );
    const products = (await api(first.url, 'searchProducts', { query: '', limit: 200 })) as unknown as {
      sku: string;
      taxCode: string | null;
      scPwdEligible?: boolean;
      bnpcEligible?: boolean;
      soldBy?: string;
    }[];
    expect(products.length).toBeGreaterThanOrEqual(40);
    // Real Philippine tax codes: VAT12 on most, VAT-exempt on rice, eggs and fresh food, so receipts show both.
    const taxOf = new Map(products.map((p) => [p.sku, p.taxCode]));
    expect([taxOf.get('RICE-DINORADO-1KG'), taxOf.get('EGG-LARGE-PC'), taxOf.get('FISH-GALUNGGONG-KG')]).toEqual([
      'VAT_EXEMPT',
      'VAT_EXEMPT',
      'VAT_EXEMPT',
    ]);
    expect([taxOf.get('SOFTDRINK-COKE-1_5L'), taxOf.get('NOODLE-PANCIT-CANTON')]).toEqual(['VAT12', 'VAT12']);
    expect(products.every((p) => p.taxCode !== null)).toBe(true);
    // Fresh fish by weight (0.750 kg at the till), a bottle by the piece (whole quantities only).
    const soldBy = new Map(products.map((p) => [p.sku, p.soldBy]));
    expect([soldBy.get('FISH-GALUNGGONG-KG'), soldBy.get('SOFTDRINK-COKE-1_5L')]).toEqual(['weight', 'piece']);
    // A senior citizen's or PWD's purchase gets something in the demo shop: the 5% on basic
    // necessities (rice, bread, canned fish...), the 20% on the one medicine; none on beer.
    const eligibility = new Map(products.map((p) => [p.sku, [p.bnpcEligible === true, p.scPwdEligible === true]]));
    expect(
      ['RICE-DINORADO-1KG', 'BREAD-GARDENIA-600G', 'SARDINES-555-155G', 'MED-BIOGESIC-500', 'BEER-SANMIG-PALE-330'].map((sku) =>
        eligibility.get(sku),
      ),
    ).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [false, true],
      [false, false],
    ]);
    const taxes = (await api(first.url, 'listTaxes')) as unknown as { code: string }[];
    expect(taxes.map((t) => t.code)).toEqual(expect.arrayContaining(['VAT12', 'VAT_EXEMPT']));
    expect(await interrupt(first.child)).toBe(0);

    const second = await npmStart(dataRoot);
    expect(second.output()).not.toMatch(/Demo catalog|paired with|invoice profile/);
    expect(await api(second.url, 'getStatus')).toMatchObject({ paired: true, terminalCode: status.terminalCode });
    expect(await interrupt(second.child)).toBe(0);
  });

  it("a back office on the port that is not the demo's own is left alone: npm start says so and exits 1, nothing added to it", async () => {
    const root = mkdtempSync(join(tmpdir(), 'counter-npm-start-foreign-'));
    const port = await freePort();
    // A shop's own back office, as an installer runs it: its database, its admin token.
    const database = await createTestDatabase('sqlite');
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' };
    const shop = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server', 'main.ts'), 'serve'], {
      cwd: PROJECT_ROOT,
      env,
      stdio: 'ignore',
    });
    try {
      await until(
        "the shop's back office to answer",
        () =>
          fetch(`http://127.0.0.1:${port}/health`).then(
            (r) => r.ok,
            () => false,
          ),
        (ok) => ok,
      );
      const failed = await npmStartFails(root, port);
      expect(failed.code).toBe(1);
      expect(failed.output).toMatch(/npm start failed: a back office already answers at http:\/\/127\.0\.0\.1:\d+, and it is not this demo's/);
      const store = openDatabase(database.url);
      try {
        expect([await countRows(store, 'products'), await countRows(store, 'terminals'), await countRows(store, 'stock_documents')]).toEqual([
          0, 0, 0,
        ]);
      } finally {
        await store.close();
      }
    } finally {
      await interrupt(shop);
      await database.drop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("the cashier screen's port taken: npm start says so and exits 1 (it used to exit 0 while its back office closed)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'counter-npm-start-webport-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const failed = await npmStartFails(root, 0, (taken.address() as AddressInfo).port);
      expect(failed.output).toMatch(/npm start failed: listen EADDRINUSE/);
      expect(failed.code).toBe(1);
    } finally {
      taken.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('with the back office in a process of its own, stopping it is an outage the till rides out (README: stop the back office and keep selling)', async () => {
    const outageRoot = mkdtempSync(join(tmpdir(), 'counter-npm-start-outage-'));
    const port = await freePort();
    let backOffice = await demoBackOffice(outageRoot, port);
    const till = await npmStart(outageRoot, port);
    try {
      expect(till.output()).toMatch(/Back office: using the one already running at http:\/\/127\.0\.0\.1:\d+/);
      expect(till.output()).toMatch(/Demo catalog: \d+ products added/);
      await api(till.url, 'signIn', { pin: '1111' });
      const sell = async () => {
        const { cartKey } = (await api(till.url, 'openCart')) as { cartKey: string };
        return api(till.url, 'pay', {
          cartKey,
          cashier: 'ana',
          lines: [{ sku: 'EGG-LARGE-PC', qty: 2, unitPriceMinor: 900 }],
          payments: [{ method: 'cash', amountMinor: 1800 }],
        });
      };
      await until(
        'the first sale to reach the back office',
        async () => (await sell()).id as string,
        () => true,
      );

      expect(await interrupt(backOffice)).toBe(0);
      const offline = await sell();
      expect(offline).toMatchObject({ invoiceNumber: null });
      expect(
        await until(
          'the till to know it is offline',
          () => api(till.url, 'getStatus'),
          (s) => s.online === false,
        ),
      ).toMatchObject({ online: false });

      backOffice = await demoBackOffice(outageRoot, port);
      const synced = await until(
        'the offline sale to get its invoice number',
        () => api(till.url, 'getSale', { id: offline.id }),
        (s) => typeof s.invoiceNumber === 'string',
      );
      expect(synced.invoiceNumber).toMatch(/^INV-/);
    } finally {
      await interrupt(till.child);
      await interrupt(backOffice);
      rmSync(outageRoot, { recursive: true, force: true });
    }
  });
});
