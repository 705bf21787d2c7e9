import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DATA } from './demo-paths';

/**
 * `npm run demo:back-office` leaves this mark in the demo's folder while it runs (its URL and
 * process), so that `npm start` uses a back office already running only if it is the demo's
 * own: a shop's real back office on the same port must not get the demo catalog, the demo
 * invoice profile and a demo till (an installer's review found them written into one).
 */
const MARK_FILE = join(DEMO_DATA, 'demo-back-office.json');

export function markDemoBackOffice(url: string): void {
  writeFileSync(MARK_FILE, `${JSON.stringify({ url, pid: process.pid })}\n`);
}

export function unmarkDemoBackOffice(): void {
  rmSync(MARK_FILE, { force: true });
}

/** Whether the back office answering at `url` is the demo's, started from this demo folder and still running. */
export function isDemoBackOffice(url: string): boolean {
  if (!existsSync(MARK_FILE)) return false;
  try {
    const mark = JSON.parse(readFileSync(MARK_FILE, 'utf8')) as { url?: unknown; pid?: unknown };
    if (mark.url !== url || typeof mark.pid !== 'number') return false;
    process.kill(mark.pid, 0);
    return true;
  } catch {
    return false;
  }
}
