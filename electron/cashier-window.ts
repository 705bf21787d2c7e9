import { BrowserWindow, screen } from 'electron';
import { RENDERER_ENTRY_URL } from './app-protocol';
import { reloadAfterCrash } from './renderer-recovery';
import { cashierWindowOptions, lockDownContents } from './security';
import type { ShellLogger } from './shell-logger';
import { fitToDisplays, keepWindowState, readWindowState } from './window-state';

/**
 * The one cashier window: locked down, back where it was last time, reloaded if its
 * renderer dies. Shown only when its first paint is ready.
 */
export function openCashierWindow(options: { preloadPath: string; windowStateFile: string; title: string; logger: ShellLogger }): BrowserWindow {
  const { logger } = options;
  const saved = fitToDisplays(
    readWindowState(options.windowStateFile),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow(
    cashierWindowOptions({
      preloadPath: options.preloadPath,
      bounds: { x: saved.x, y: saved.y, width: saved.width, height: saved.height },
      title: options.title,
    }),
  );
  lockDownContents(window.webContents, logger);
  reloadAfterCrash(window.webContents, logger);
  keepWindowState(window, options.windowStateFile, (error) => logger.warn({ message: error.message }, 'window position not saved'));
  window.once('ready-to-show', () => {
    if (saved.maximized) window.maximize();
    if (saved.fullScreen) window.setFullScreen(true);
    window.show();
  });
  window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, url) =>
    logger.error({ errorCode, errorDescription, url }, 'cashier screen failed to load'),
  );
  window.loadURL(RENDERER_ENTRY_URL).catch((error: unknown) => logger.error({ message: (error as Error).message }, 'cashier screen failed to load'));
  return window;
}
