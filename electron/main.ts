import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { openTerminalCore, type TerminalCore, type TerminalCoreOptions } from '../terminal/terminal-core';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { startAutoUpdates } from './auto-update';
import { openCashierWindow } from './cashier-window';
import { desktopActions, registerDesktopHandlers } from './desktop-actions';
import { adminConfigCandidates, loadDesktopConfig } from './desktop-config';
import { counterMenu } from './desktop-menu';
import { STATUS_CHANNEL } from './ipc-channels';
import { createGuardedIpc, isCashierWindowFrame } from './ipc-guard';
import { openShellLogger, RotatingLogFile } from './log-files';
import { QuitGuard } from './quit-guard';
import { ReceiptPrinter } from './receipt-printer';
import { SaleInProgress } from './sale-in-progress';
import { denyAllPermissions } from './security';
import { registerTerminalHandlers, withPresetServer } from './terminal-bridge';
import { safeStorageTokenSealer } from './token-sealer';
import { keepWindowTitle, windowTitleOf } from './window-title';

/**
 * The Electron main process: hosts the terminal core and shows the cashier screen.
 * Bundled by esbuild to dist/electron/main.cjs, beside preload.cjs; the renderer is
 * dist/renderer. Everything with a decision in it lives in the modules imported above.
 */

// Must precede 'ready': scheme privileges cannot be granted later.
registerAppScheme(protocol);

// A SQLite database must not live in a roaming profile (copied at logon and logoff,
// possibly restored stale): on Windows, userData goes under %LOCALAPPDATA%.
if (process.platform === 'win32' && process.env.LOCALAPPDATA) {
  app.setPath('userData', path.join(process.env.LOCALAPPDATA, 'Counter'));
}

/** Where the core keeps terminal.db; COUNTER_DATA_DIR lets `npm start` share its demo terminal, never in a package. */
function terminalDataDir(): string {
  const override = process.env.COUNTER_DATA_DIR;
  return !app.isPackaged && override ? path.resolve(override) : path.join(app.getPath('userData'), 'terminal');
}

let cashierWindow: BrowserWindow | null = null;

async function startCounter(): Promise<void> {
  const userData = app.getPath('userData');
  const logFile = new RotatingLogFile(path.join(userData, 'logs'));
  const logger = openShellLogger(logFile, app.getVersion());
  logger.info({ userData, packaged: app.isPackaged, electron: process.versions.electron }, 'Counter starting');
  const config = loadDesktopConfig({
    adminCandidates: adminConfigCandidates(process.resourcesPath, process.platform),
    userFile: path.join(userData, 'config.json'),
    logger,
  });

  const tokenSealer = safeStorageTokenSealer({ safeStorage, platform: process.platform, logger });
  const coreOptions: TerminalCoreOptions = {
    dataDir: terminalDataDir(),
    appVersion: app.getVersion(),
    logger: logger.child({ part: 'core' }),
    tokenSealer,
    allowInsecureHttp: config.config.allowInsecureHttp,
    // A locked store takes only its own store's pairing codes (the core checks the back office's answer before keeping it).
    pairOnlyInStore: config.locked.has('storeCode') ? config.config.storeCode : null,
    // An unlocked offlineWarningHours in either file is the till's until a manager sets it on screen (a locked one always wins: terminal-bridge.ts).
    installerSettings: { offlineWarningHours: config.config.offlineWarningHours },
  };
  let core: TerminalCore;
  try {
    core = await openTerminalCore(coreOptions);
  } catch (error) {
    logger.error({ message: (error as Error).message }, 'terminal core did not open');
    dialog.showErrorBox('Counter cannot start', `The terminal database could not be opened:\n${(error as Error).message}\n\nLogs: ${logFile.folder}`);
    app.exit(1);
    return;
  }

  denyAllPermissions(session.defaultSession, logger);
  serveRenderer(protocol, path.join(__dirname, '..', 'renderer'));

  const sales = new SaleInProgress();
  const ipc = createGuardedIpc({ ipcMain, isTrustedSender: (event) => isCashierWindowFrame(event, cashierWindow?.webContents ?? null), logger });
  const actions = desktopActions({
    core,
    config,
    printer: new ReceiptPrinter((options) => new BrowserWindow(options)),
    logFiles: () => logFile.files(),
    dialog,
    window: () => cashierWindow,
    documentsFolder: app.getPath('documents'),
    about: { appVersion: app.getVersion(), electronVersion: process.versions.electron ?? 'unknown', platform: process.platform, arch: process.arch },
    logger,
  });
  registerTerminalHandlers(ipc, core, { config, sales, logger, printReceipt: (sale) => actions.printOriginal(sale) });
  registerDesktopHandlers(ipc, actions, sales);
  Menu.setApplicationMenu(counterMenu(actions, logger, !app.isPackaged));

  const quitGuard = new QuitGuard({ quit: () => app.quit(), dialog, window: () => cashierWindow, unsyncedSales: () => core.getStatus(), logger });
  app.on('before-quit', quitGuard.intercept);
  app.on('window-all-closed', () => app.quit());
  let coreClosed = false;
  app.on('will-quit', (event) => {
    if (coreClosed) return;
    // Let the sync worker finish the request in flight and close the database cleanly.
    event.preventDefault();
    core
      .close()
      .catch((error: unknown) => logger.error({ message: (error as Error).message }, 'terminal core did not close cleanly'))
      .finally(() => {
        coreClosed = true;
        logger.info({}, 'Counter stopped');
        app.quit();
      });
  });

  // The store the till is paired to (its pairing, not the admin file's storeCode), kept as the pairing changes.
  const title = windowTitleOf(await core.getStatus().catch(() => null), config.config);
  cashierWindow = openCashierWindow({
    preloadPath: path.join(__dirname, 'preload.cjs'),
    windowStateFile: path.join(userData, 'window-state.json'),
    title,
    logger,
  });
  const stopTitle = keepWindowTitle(cashierWindow, config.config, (listener) => core.onStatusChange(listener));
  cashierWindow.on('close', quitGuard.intercept);
  cashierWindow.on('closed', () => {
    stopTitle();
    cashierWindow = null;
  });
  core.onStatusChange((status) => cashierWindow?.webContents.send(STATUS_CHANNEL, withPresetServer(status, config)));
  core.start();

  const updates = await startAutoUpdates({
    config: config.config,
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    saleInProgress: () => sales.isOpen,
    logger,
  });
  await updates?.checkNow();
}

// One till, one process: a second launch brings the running window forward instead of
// opening the same database twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (cashierWindow === null) return;
    if (cashierWindow.isMinimized()) cashierWindow.restore();
    cashierWindow.focus();
  });
  app.whenReady().then(startCounter, (error: unknown) => {
    dialog.showErrorBox('Counter cannot start', String(error));
    app.exit(1);
  });
}
