import { secureEnough } from '../terminal/sync/server-address';
import type { DesktopConfig } from './desktop-config';
import type { ShellLogger } from './shell-logger';

/**
 * Updates from the shop's own (generic) feed, only when an admin switched them on.
 * Policy: look for and download an update only while no sale is in progress, and install
 * it when Counter quits (never a forced restart in the middle of a shift). Quitting is
 * itself guarded by the unsynced-sales warning.
 */

/** The part of electron-updater's AppUpdater we use; tests pass a fake. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string | null }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
}

export const UPDATE_CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export interface AutoUpdateHandle {
  /** One check now, unless a sale is open; returns whether a check was made. */
  checkNow(): Promise<boolean>;
  stop(): void;
}

/** `loadUpdater` is called only when updates are on, so electron-updater is not even loaded otherwise. */
export async function startAutoUpdates(options: {
  config: DesktopConfig;
  loadUpdater(): Promise<Updater>;
  saleInProgress(): boolean;
  logger: ShellLogger;
  setInterval?: (callback: () => void, ms: number) => { unref?(): void };
  clearInterval?: (timer: unknown) => void;
}): Promise<AutoUpdateHandle | null> {
  const { config, logger } = options;
  if (!config.autoUpdate) {
    logger.info({}, 'automatic updates are off (autoUpdate: false)');
    return null;
  }
  if (config.updateFeedUrl === null) {
    logger.error({}, 'autoUpdate is on but updateFeedUrl is not set: no updates');
    return null;
  }
  // Checked again here, whatever built the config: an update is code this till will run.
  if (!feedIsSecure(config)) {
    logger.error({ updateFeedUrl: config.updateFeedUrl }, 'updateFeedUrl is plain http off this machine: https is required, no updates');
    return null;
  }
  const updater = await options.loadUpdater();
  updater.setFeedURL({ provider: 'generic', url: config.updateFeedUrl, channel: config.updateChannel });
  updater.channel = config.updateChannel;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.on('error', (error) => logger.error({ message: error.message }, 'update failed'));
  updater.on('update-downloaded', (info) => logger.info({ version: info.version }, 'update downloaded; it installs when Counter quits'));

  const checkNow = async (): Promise<boolean> => {
    if (options.saleInProgress()) {
      logger.info({}, 'update check skipped: a sale is in progress');
      return false;
    }
    try {
      await updater.checkForUpdates();
    } catch (error) {
      logger.error({ message: (error as Error).message }, 'update check failed');
    }
    return true;
  };
  const every = options.setInterval ?? setInterval;
  const timer = every(() => void checkNow(), UPDATE_CHECK_EVERY_MS);
  timer.unref?.();
  return { checkNow, stop: () => (options.clearInterval ?? clearInterval)(timer as never) };
}

function feedIsSecure(config: DesktopConfig): boolean {
  try {
    return config.updateFeedUrl !== null && secureEnough(new URL(config.updateFeedUrl), config.allowInsecureHttp);
  } catch {
    return false;
  }
}
