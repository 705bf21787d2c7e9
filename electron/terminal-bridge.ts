import {
  callTerminalMethod,
  terminalApiMethods,
  type LocalSale,
  type Settings,
  type SettingsPatch,
  type TerminalApi,
  type TerminalStatus,
} from '../terminal/terminal-api';
import { canonicalServerUrl } from '../terminal/sync/server-address';
import type { EffectiveConfig } from './desktop-config';
import type { GuardedIpc } from './ipc-guard';
import { terminalChannel } from './ipc-channels';
import type { SaleInProgress } from './sale-in-progress';
import { errorDetails, ShellError, type ShellLogger } from './shell-logger';

/**
 * The main-process side of the preload: one guarded handler per method of the table
 * (terminal/terminal-api.ts), passing through to the core, plus the few things only the desktop does on the way:
 * the installer's preset server, locked settings, the receipt printed after a sale
 * commits (its original: printOriginal prints nothing when the pay answered a sale printed
 * already), and the "sale in progress" flag that holds back updates.
 */

export interface TerminalBridgeOptions {
  config: EffectiveConfig;
  sales: SaleInProgress;
  /** The sale's original invoice, unless it was printed already (desktop-actions.ts printOriginal). */
  printReceipt(sale: LocalSale): Promise<void>;
  logger: ShellLogger;
}

/**
 * Before pairing, the status offers the installer's server so the setup screen can prefill it,
 * and says whether it is locked (the screen shows it read-only) or why a locked one is unusable.
 */
export function withPresetServer(status: TerminalStatus, config: EffectiveConfig): TerminalStatus {
  const preset = config.config.serverUrl;
  const locked = config.locked.has('serverUrl');
  if (status.paired || (preset === null && !locked)) return status;
  return {
    ...status,
    serverUrl: status.serverUrl ?? preset,
    installerServer: { url: preset, locked, problem: locked ? (config.brokenLocks.get('serverUrl') ?? null) : null },
  };
}

/** One back office address however it is spelt: host case, default port, trailing slash (as the core keeps it). */
function sameAddress(a: string, b: string): boolean {
  try {
    return canonicalServerUrl(new URL(a)) === canonicalServerUrl(new URL(b));
  } catch {
    return false;
  }
}

/** A locked serverUrl lets only itself be paired; a locked serverUrl or storeCode the admin file spoilt lets nothing (desktop-config.ts brokenLocks). */
function refuseUnlockedServer(typed: string, config: EffectiveConfig): void {
  // A locked store the file spoilt cannot tell its own codes from another store's (the core checks a good one).
  const brokenStore = config.brokenLocks.get('storeCode');
  if (brokenStore !== undefined) throw new ShellError('store_locked', `This counter cannot be paired: ${brokenStore}.`);
  if (!config.locked.has('serverUrl')) return;
  const broken = config.brokenLocks.get('serverUrl');
  if (broken !== undefined) throw new ShellError('server_url_locked', `This counter cannot be paired: ${broken}.`);
  const preset = config.config.serverUrl!;
  if (!sameAddress(typed, preset)) throw new ShellError('server_url_locked', `This counter may only be paired with ${preset}`);
}

/** Locked admin values win over what was chosen on screen; otherwise the screen's choice stands. */
export function effectiveSettings(settings: Settings, config: EffectiveConfig): Settings {
  const { locked } = config;
  return {
    ...settings,
    offlineWarningHours: locked.has('offlineWarningHours') ? config.config.offlineWarningHours : settings.offlineWarningHours,
    printerName: locked.has('printerName') ? config.config.printerName : (settings.printerName ?? config.config.printerName),
  };
}

function refuseLockedSettings(patch: SettingsPatch, config: EffectiveConfig): void {
  const refused = (Object.keys(patch) as (keyof SettingsPatch)[]).filter((key) => (config.locked as ReadonlySet<string>).has(key));
  if (refused.length > 0) throw new ShellError('setting_locked', `Set by the administrator and locked: ${refused.join(', ')}`);
}

/** Every method straight to the core; terminalHandlers overrides the few the desktop adds to. */
function passThrough(core: TerminalApi): TerminalApi {
  return Object.fromEntries(
    terminalApiMethods.map((method) => [method, (args?: unknown) => (core[method] as (args?: unknown) => Promise<unknown>).call(core, args)]),
  ) as unknown as TerminalApi;
}

export function terminalHandlers(core: TerminalApi, options: TerminalBridgeOptions): TerminalApi {
  const { config, sales, logger } = options;
  return {
    ...passThrough(core),
    getStatus: async () => withPresetServer(await core.getStatus(), config),
    pair: async (args) => {
      refuseUnlockedServer(args.serverUrl, config);
      return withPresetServer(await core.pair(args), config);
    },
    unpair: async () => withPresetServer(await core.unpair(), config),
    openCart: async () => {
      const cart = await core.openCart();
      sales.cartOpened(cart.cartKey);
      return cart;
    },
    pay: async (args) => {
      const sale = await core.pay(args);
      sales.cartPaid(args.cartKey);
      // The sale is committed; a jammed printer must not make "Pay" look failed.
      options.printReceipt(sale).catch((error: unknown) => logger.error({ saleId: sale.id, ...errorDetails(error) }, 'receipt did not print'));
      return sale;
    },
    getSettings: async () => effectiveSettings(await core.getSettings(), config),
    updateSettings: async (patch) => {
      refuseLockedSettings(patch, config);
      return effectiveSettings(await core.updateSettings(patch), config);
    },
  };
}

export function registerTerminalHandlers(ipc: GuardedIpc, core: TerminalApi, options: TerminalBridgeOptions): void {
  const handlers = terminalHandlers(core, options);
  for (const method of terminalApiMethods) {
    // The argument is checked once, against the method table, by the same function the web host calls.
    ipc.handle(terminalChannel(method), 'checked_by_handler', (args) => callTerminalMethod(handlers, method, args));
  }
}
