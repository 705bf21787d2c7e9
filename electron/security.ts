import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { isAppUrl } from './app-protocol';
import type { ShellLogger } from './shell-logger';

/**
 * The Electron security checklist, in one place: how every window is made and what its
 * contents may never do. The cashier screen is our own code, but a receipt line or a
 * product name is data from elsewhere, so the screen is treated as untrusted anyway.
 */

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** webPreferences every Counter window shares; the receipt window adds no preload at all. */
export const lockedWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const satisfies BrowserWindowConstructorOptions['webPreferences'];

export function cashierWindowOptions(options: { preloadPath: string; bounds: WindowBounds; title: string }): BrowserWindowConstructorOptions {
  return {
    ...options.bounds,
    minWidth: 800,
    minHeight: 600,
    title: options.title,
    // Shown once the first paint is ready, so a cashier never sees a white flash.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: { ...lockedWebPreferences, preload: options.preloadPath },
  };
}

/** Only our own pages, ever: in-app links stay, anything else is refused and logged. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

type LockableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function lockDownContents(contents: LockableContents, logger: ShellLogger): void {
  contents.on('will-navigate', (event, url) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    logger.warn({ url }, 'navigation refused');
  });
  contents.on('will-redirect', (event, url) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    logger.warn({ url }, 'redirect refused');
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn({}, 'webview refused');
  });
  // No new windows and no shell.openExternal: a link in a product name must not open a browser.
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn({ url }, 'new window refused');
    return { action: 'deny' };
  });
}

/** Camera, microphone, geolocation, notifications, USB...: a till needs none of them. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, logger: ShellLogger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn({ permission }, 'permission refused');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
