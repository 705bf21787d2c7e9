import type { RenderProcessGoneDetails, WebContents } from 'electron';
import { RENDERER_ENTRY_URL } from './app-protocol';
import type { ShellLogger } from './shell-logger';

/**
 * A crashed or killed cashier screen is reloaded: the cart lives in IndexedDB and every
 * paid sale is already in the core's database, so nothing is lost. A screen that keeps
 * dying straight away is left alone after a few tries rather than spinning the CPU.
 */
export const MAX_QUICK_RELOADS = 3;
const QUICK_MS = 60_000;

export function reloadAfterCrash(contents: Pick<WebContents, 'on' | 'loadURL'>, logger: ShellLogger, now: () => number = Date.now): void {
  let recent: number[] = [];
  contents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
    if (details.reason === 'clean-exit') return;
    const at = now();
    recent = recent.filter((time) => at - time < QUICK_MS);
    if (recent.length >= MAX_QUICK_RELOADS) {
      logger.error({ reason: details.reason, exitCode: details.exitCode }, 'cashier screen keeps crashing; not reloading again');
      return;
    }
    recent.push(at);
    logger.error({ reason: details.reason, exitCode: details.exitCode }, 'cashier screen crashed; reloading');
    contents.loadURL(RENDERER_ENTRY_URL).catch((error: unknown) => logger.error({ message: (error as Error).message }, 'reload after crash failed'));
  });
}
