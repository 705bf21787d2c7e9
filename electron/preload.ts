import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { terminalApiMethods, type TerminalApi, type TerminalApiMethod, type TerminalStatus } from '../terminal/terminal-api';
import { desktopChannels, STATUS_CHANNEL, terminalChannel, type IpcReply } from './ipc-channels';

/**
 * The sandboxed preload: the renderer's only door to the terminal. It exposes exactly
 * the TerminalApi (one method, one channel, derived from the method table) plus a status subscription, and nothing of
 * ipcRenderer itself. Bundled by esbuild to one CommonJS file: a sandboxed preload
 * cannot require our other modules at run time (the method table is bundled in).
 */

async function unwrap(reply: Promise<unknown>): Promise<unknown> {
  const answer = (await reply) as IpcReply;
  if (answer.ok) return answer.value;
  // contextBridge keeps only an Error's message, so the code leads it: "validation_failed: ...".
  throw new Error(`${answer.code}: ${answer.message}`);
}

function invoke(method: TerminalApiMethod, ...args: unknown[]): Promise<unknown> {
  return unwrap(ipcRenderer.invoke(terminalChannel(method), ...args));
}

export interface StatusSubscription {
  /** Called with every TerminalStatus the core reports; returns the unsubscribe. */
  onStatus(listener: (status: TerminalStatus) => void): () => void;
}

/** One function per method of the table (terminal/terminal-api.ts), each on its own channel. */
const terminalBridge = Object.fromEntries(
  terminalApiMethods.map((method) => [method, (args?: unknown) => (args === undefined ? invoke(method) : invoke(method, args))]),
) as unknown as TerminalApi;

export const counterBridge = {
  ...terminalBridge,
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
  /** Prints a sale's receipt again (after sync it carries the invoice number); the main process counts it: a reprint is marked and journaled. */
  printReceipt: (args: { id: string }) => unwrap(ipcRenderer.invoke(desktopChannels.printReceipt, args)) as Promise<void>,
  testPrint: () => unwrap(ipcRenderer.invoke(desktopChannels.testPrint)) as Promise<void>,
  /** The saved archive's path, or null when the manager cancelled the save dialog. */
  exportDiagnostics: () => unwrap(ipcRenderer.invoke(desktopChannels.exportDiagnostics)) as Promise<string | null>,
};

export type CounterBridge = typeof counterBridge;
export type DesktopBridge = typeof desktopBridge;

contextBridge.exposeInMainWorld('counter', counterBridge);
contextBridge.exposeInMainWorld('counterDesktop', desktopBridge);
