import { describe, expect, it, vi } from 'vitest';
import { cashierWindowOptions, denyAllPermissions, lockDownContents } from '../../electron/security';
import { recordingLogger } from '../support/electron/fakes';

describe('the cashier window is locked down', () => {
  it('carries the security settings and the bundled preload', () => {
    const options = cashierWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', bounds: { width: 1280, height: 800 }, title: 'Counter' });
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  function lockedContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(name, listener),
      setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    };
    const { logger, lines } = recordingLogger();
    lockDownContents(contents as never, logger);
    const navigate = (name: string, url: string) => {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { navigate, open: (url: string) => openHandler!({ url }), lines };
  }

  it('refuses navigation and redirects away from app://counter, and allows in-app pages', () => {
    const { navigate, lines } = lockedContents();
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(navigate('will-navigate', 'app://counter/index.html')).toBe(false);
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true);
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(4);
  });

  it('denies every new window, whatever the URL', () => {
    const { open } = lockedContents();
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open('app://counter/index.html')).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let checkHandler: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof requestHandler) => (requestHandler = handler),
      setPermissionCheckHandler: (handler: typeof checkHandler) => (checkHandler = handler),
    };
    denyAllPermissions(session as never, recordingLogger().logger);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      requestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(checkHandler!()).toBe(false);
  });
});
