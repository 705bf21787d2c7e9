import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { TerminalStatus } from '../terminal/terminal-api';
import type { HostedTerminal } from './hosted-terminal';

const KEEPALIVE_MS = 15_000;

function writeStatus(stream: ServerResponse, status: TerminalStatus): void {
  stream.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
}

/**
 * `GET /api/status/events`: Server-Sent Events, one `status` event on connect and one on
 * every change the core reports. EventSource reconnects by itself after a host restart.
 */
export function registerStatusEvents(app: FastifyInstance, terminal: HostedTerminal): void {
  const streams = new Set<ServerResponse>();

  app.get('/api/status/events', async (request, reply) => {
    const initial = await terminal.getStatus();
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    streams.add(stream);
    // Reconnect every second after a break (browsers wait about 3 s by default): the screens
    // call a feed broken for 3 s a terminal that is not answering (renderer/terminal-api-client.ts).
    stream.write('retry: 1000\n\n');
    writeStatus(stream, initial);
    const unsubscribe = terminal.onStatusChange((status) => writeStatus(stream, status));
    const keepalive = setInterval(() => stream.write(': keepalive\n\n'), KEEPALIVE_MS);
    request.raw.once('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(stream);
    });
  });

  // Open streams never end by themselves; end them so closing the host does not hang.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
}
