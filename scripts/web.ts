import { resolve } from 'node:path';
import pino from 'pino';
import { buildRenderer, RENDERER_DIST, rendererBuilt } from '../build/renderer-build';
import { openTerminalCore } from '../terminal/terminal-core';
// The checkout's version (package.json), however the host was started: `npx tsx scripts/web.ts` has no npm_package_version
// (found by a walk: the fleet page showed the till as version 0.0.0 beside a 0.1.0 back office).
import { SERVER_VERSION } from '../server/version';
import { buildWebHost, listenWebHost } from '../web/web-host';

/**
 * `npm run web`: the web host alone, with the terminal at COUNTER_DATA_DIR (data/terminal).
 * No back office is started: pair on screen with any running one (`npm run server`).
 */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.COUNTER_DATA_DIR || 'data/terminal');
  const logger = pino({ level: process.env.LOG_LEVEL || 'info' });
  if (!rendererBuilt()) {
    logger.info('building the cashier screens (dist/renderer is missing)');
    await buildRenderer();
  }
  // Whoever runs the web host administers it: only they may allow plain http to a back office off this machine.
  const allowInsecureHttp = process.env.COUNTER_ALLOW_INSECURE_HTTP === '1';
  if (allowInsecureHttp) logger.warn('COUNTER_ALLOW_INSECURE_HTTP=1: this till may be paired with a back office over plain http');
  const core = await openTerminalCore({ dataDir, appVersion: SERVER_VERSION, logger, allowInsecureHttp });
  core.start();
  const host = await buildWebHost({ terminal: core, rendererDir: RENDERER_DIST, logger: { level: process.env.LOG_LEVEL || 'warn' } });
  const stop = async () => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const url = await listenWebHost(host, Number(process.env.COUNTER_WEB_PORT || 5178));
  process.stdout.write(`Cashier screen: ${url}  (terminal data: ${dataDir})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`web host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
