/**
 * A back office with a latency-adding proxy in front of it, as a process of its own so
 * the benchmark's memory and CPU figures are the terminal's alone. Prints one JSON line
 * {proxyUrl, pairingCode}; when its stdin closes, prints {sales, requests} and exits.
 * STUB_BACK_OFFICE=1 serves the stub that acknowledges at once instead.
 */
import { addTerminalNow } from '../../server/terminals/pairing';
import { startBackOffice } from '../../tests/support/back-office';
import { startFaultProxy } from '../../tests/support/fault-proxy';
import { startStubBackOffice } from './stub-back-office';

interface Served {
  url: string;
  pairingCode: string;
  report(): Promise<{ sales: number; requests: number }>;
  close(): Promise<void>;
}

async function realBackOffice(latencyMs: number): Promise<Served> {
  const backOffice = await startBackOffice('sqlite');
  await backOffice.app.listen({ port: 0, host: '127.0.0.1' });
  const address = backOffice.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const proxy = await startFaultProxy({ upstream: `http://127.0.0.1:${address.port}`, latencyMs });
  const { pairingCode } = await addTerminalNow(backOffice.store, { businessCode: 'MAIN', storeCode: 'MAIN', name: 'Bench till' });
  return {
    url: proxy.url,
    pairingCode,
    async report() {
      const row = await backOffice.store.db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { sales: Number(row.n), requests: proxy.stats.requests };
    },
    async close() {
      await proxy.close();
      await backOffice.close();
    },
  };
}

async function stubBackOffice(latencyMs: number): Promise<Served> {
  const stub = await startStubBackOffice();
  const proxy = await startFaultProxy({ upstream: stub.url, latencyMs });
  return {
    url: proxy.url,
    pairingCode: 'STUB',
    report: async () => ({ sales: stub.sales(), requests: stub.requests() }),
    close: async () => {
      await proxy.close();
      await stub.close();
    },
  };
}

const latencyMs = Number(process.env.LATENCY_MS ?? 0);
const served = process.env.STUB_BACK_OFFICE === '1' ? await stubBackOffice(latencyMs) : await realBackOffice(latencyMs);
process.stdout.write(`${JSON.stringify({ proxyUrl: served.url, pairingCode: served.pairingCode })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void served
    .report()
    .then((figures) => process.stdout.write(`${JSON.stringify(figures)}\n`))
    .finally(async () => {
      await served.close();
      process.exit(0);
    });
});
