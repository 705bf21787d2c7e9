import { join } from 'node:path';
import { DEMO_DATA, DEMO_STATE_FILE } from './demo-paths';
import { loadDemoState, saveDemoState } from './demo-state';
import { startLocalBackOffice } from './local-back-office';
import { markDemoBackOffice, unmarkDemoBackOffice } from './demo-back-office-mark';

/**
 * `npm run demo:back-office`: the demo's back office alone, in a process of its own, on
 * the demo's database and admin token. Run it in one terminal and `npm start` in another:
 * the till then uses it, and stopping this one (Ctrl+C) is an outage the till rides out.
 */
async function main(): Promise<void> {
  const state = loadDemoState(DEMO_STATE_FILE);
  saveDemoState(DEMO_STATE_FILE, state);
  const backOffice = await startLocalBackOffice({
    databaseUrl: `sqlite:${join(DEMO_DATA, 'server.db')}`,
    adminToken: process.env.POS_ADMIN_TOKEN || state.adminToken,
  });
  process.stdout.write(
    `Demo back office: ${backOffice.url} (${backOffice.databaseUrl}); admin token in ${DEMO_STATE_FILE}.\nCtrl+C stops it; the till keeps selling and catches up when it is back.\n`,
  );
  markDemoBackOffice(backOffice.url);
  const stop = () => {
    unmarkDemoBackOffice();
    void backOffice.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo back office failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
