import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A stand-in back office that acknowledges everything at once with well-formed receipts.
 * Only for the memory benchmark: it takes the real server's ingest time out of the
 * picture so a 100,000-sale drain measures the terminal, in minutes rather than hours.
 */
export async function startStubBackOffice(): Promise<{ url: string; requests: () => number; sales: () => number; close(): Promise<void> }> {
  let requests = 0;
  let invoice = 0;
  const receipt = (key: string, body: { localNumber?: string }) => {
    invoice += 1;
    return {
      id: `stub-${key}`,
      invoiceNumber: `INV-STUB-${invoice}`,
      localNumber: body.localNumber ?? '',
      totalMinor: 0,
      status: 'recorded',
      flags: [],
    };
  };
  const server = http.createServer((req, res) => {
    requests += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
      const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(payload === null ? '' : JSON.stringify(payload));
      };
      const url = req.url ?? '';
      if (url === '/v1/terminals/pair')
        return send(201, { terminalId: 'stub', token: 'stub-token', storeCode: 'MAIN', businessCode: 'MAIN', terminalCode: 'T01' });
      if (url === '/v1/terminals/heartbeat') return send(204, null);
      if (url.startsWith('/v1/catalog')) return send(200, { products: [], taxes: [], cursor: '0' });
      if (url === '/v1/sales') return send(201, receipt(String(req.headers['idempotency-key']), body as { localNumber?: string }));
      if (url === '/v1/sync/batch') {
        const items = (body.items ?? []) as { key: string; body: { localNumber?: string } }[];
        return send(200, { results: items.map((item) => ({ key: item.key, status: 201, body: receipt(item.key, item.body), replayed: false })) });
      }
      return send(404, { type: 'about:blank', title: 'Not found', status: 404, detail: url, code: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    sales: () => invoice,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
