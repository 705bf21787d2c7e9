import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * Just enough of the `electron` module for the main process to start under Node:
 * every call is recorded so a test can assert on what the shell asked Electron to do.
 * Use with vi.mock('electron', () => fakeElectron(...)).
 */
export class FakeWebContents extends EventEmitter {
  readonly send = vi.fn();
  readonly setWindowOpenHandler = vi.fn();
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly print = vi.fn((_options: object, done: (success: boolean, reason: string) => void) => done(true, ''));
  readonly mainFrame = { url: 'app://counter/index.html', parent: null };
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (url: string) => void this.webContents.loadURL(url));
  readonly show = vi.fn();
  readonly destroy = vi.fn();
  readonly maximize = vi.fn();
  readonly setFullScreen = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = () => false;
  readonly isMaximized = () => false;
  readonly isFullScreen = () => false;
  readonly getNormalBounds = () => ({ x: 10, y: 10, width: 1280, height: 800 });
  private title: string;
  readonly setTitle = vi.fn((title: string) => void (this.title = title));
  readonly getTitle = () => this.title;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- BrowserWindow's options, inspected by the tests
  constructor(readonly options: Record<string, any>) {
    super();
    this.title = typeof options.title === 'string' ? options.title : 'Electron';
    FakeBrowserWindow.created.push(this);
  }
}

export function fakeElectron(userData: string) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setPath: vi.fn(),
    getPath: (name: string) => (name === 'userData' ? userData : `${userData}/${name}`),
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  return {
    app,
    ipcHandlers,
    BrowserWindow: FakeBrowserWindow,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => ipcHandlers.set(channel, handler) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`),
      decryptString: (sealed: Buffer) => Buffer.from(sealed.toString().slice('sealed:'.length), 'hex').toString(),
    },
    dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })), showErrorBox: vi.fn(), showSaveDialog: vi.fn(async () => ({ canceled: true })) },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
  };
}
