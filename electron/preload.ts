import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { TerminalApi, TerminalApiMethod, TerminalStatus } from '../terminal/terminal-api';
import { desktopChannels, STATUS_CHANNEL, terminalChannel, type IpcReply } from './ipc-channels';

/**
 * The sandboxed preload: the renderer's only door to the terminal. It exposes exactly
 * the TerminalApi (one method, one channel) plus a status subscription, and nothing of
 * ipcRenderer itself. Bundled by esbuild to one CommonJS file: a sandboxed preload
 * cannot require our other modules at run time. Imports from sync/ are type-only.
 */

async function unwrap(reply: Promise<unknown>): Promise<unknown> {
  const answer = (await reply) as IpcReply;
  if (answer.ok) return answer.value;
  // contextBridge keeps only an Error's message, so the code leads it: "validation_failed: ...".
  throw new Error(`${answer.code}: ${answer.message}`);
}

function invoke<M extends TerminalApiMethod>(method: M, ...args: Parameters<TerminalApi[M]>): ReturnType<TerminalApi[M]> {
  return unwrap(ipcRenderer.invoke(terminalChannel(method), ...args)) as ReturnType<TerminalApi[M]>;
}

export interface StatusSubscription {
  /** Called with every TerminalStatus the core reports; returns the unsubscribe. */
  onStatus(listener: (status: TerminalStatus) => void): () => void;
}

export const counterBridge = {
  getStatus: () => invoke('getStatus'),
  pair: (args) => invoke('pair', args),
  unpair: () => invoke('unpair'),
  searchProducts: (args) => invoke('searchProducts', args),
  openCart: () => invoke('openCart'),
  pay: (args) => invoke('pay', args),
  listSales: (args) => invoke('listSales', args),
  getSale: (args) => invoke('getSale', args),
  queueItems: (args) => invoke('queueItems', args),
  retry: (args) => invoke('retry', args),
  retryAll: () => invoke('retryAll'),
  getSettings: () => invoke('getSettings'),
  updateSettings: (args) => invoke('updateSettings', args),
  signIn: (args) => invoke('signIn', args),
  signOut: () => invoke('signOut'),
  currentCashier: () => invoke('currentCashier'),
  signInHelp: () => invoke('signInHelp'),
  listCashiers: () => invoke('listCashiers'),
  addCashier: (args) => invoke('addCashier', args),
  resetPin: (args) => invoke('resetPin', args),
  approve: (args) => invoke('approve', args),
  listTaxes: () => invoke('listTaxes'),
  recordVoid: (args) => invoke('recordVoid', args),
  recordPrint: (args) => invoke('recordPrint', args),
  journalDay: (args) => invoke('journalDay', args),
  queueCounts: () => invoke('queueCounts'),
  voidQueueEntry: (args) => invoke('voidQueueEntry', args),
  exportQueue: () => invoke('exportQueue'),
  lookupReceipt: (args) => invoke('lookupReceipt', args),
  refund: (args) => invoke('refund', args),
  openShift: (args) => invoke('openShift', args),
  currentShift: () => invoke('currentShift'),
  shiftReport: (args) => invoke('shiftReport', args),
  closeShift: (args) => invoke('closeShift', args),
  onStatus(listener) {
    const forward = (_event: IpcRendererEvent, status: TerminalStatus) => listener(status);
    ipcRenderer.on(STATUS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(STATUS_CHANNEL, forward);
    };
  },
} satisfies TerminalApi & StatusSubscription;

/** Desktop-only extras; the renderer feature-detects window.counterDesktop. */
export const desktopBridge = {
  /** Updates never install while this is true; the shell also infers it from openCart/pay. */
  setSaleInProgress: (open: boolean) => unwrap(ipcRenderer.invoke(desktopChannels.saleInProgress, { open })) as Promise<void>,
  /** Reprints a sale's receipt (after sync it carries the invoice number). */
  printReceipt: (args: { id: string }) => unwrap(ipcRenderer.invoke(desktopChannels.printReceipt, args)) as Promise<void>,
  testPrint: () => unwrap(ipcRenderer.invoke(desktopChannels.testPrint)) as Promise<void>,
  /** The saved archive's path, or null when the manager cancelled the save dialog. */
  exportDiagnostics: () => unwrap(ipcRenderer.invoke(desktopChannels.exportDiagnostics)) as Promise<string | null>,
};

export type CounterBridge = typeof counterBridge;
export type DesktopBridge = typeof desktopBridge;

contextBridge.exposeInMainWorld('counter', counterBridge);
contextBridge.exposeInMainWorld('counterDesktop', desktopBridge);
