import type { TerminalApiMethod } from '../terminal/terminal-api';

/**
 * IPC channel names shared by the preload and the main process. One channel per
 * TerminalApi method (`terminal:pay`), so a handler can never be reached under a
 * name the preload does not know. Type-only imports keep typebox out of the preload.
 */
export type TerminalChannel = `terminal:${TerminalApiMethod}`;

export function terminalChannel(method: TerminalApiMethod): TerminalChannel {
  return `terminal:${method}`;
}

/** Main -> renderer push of the TerminalStatus whenever the core reports a change. */
export const STATUS_CHANNEL = 'terminal:status-changed';

/** Desktop-only extras: the renderer may use them when present (window.counterDesktop). */
export const desktopChannels = {
  saleInProgress: 'desktop:sale-in-progress',
  printReceipt: 'desktop:print-receipt',
  testPrint: 'desktop:test-print',
  exportDiagnostics: 'desktop:export-diagnostics',
} as const;
export type DesktopChannel = (typeof desktopChannels)[keyof typeof desktopChannels];

/**
 * What every guarded handler answers. Errors cross contextBridge as bare messages
 * (custom properties such as `code` are dropped), so the code travels in this envelope
 * and the preload rethrows it as "code: detail".
 */
export type IpcReply = { ok: true; value: unknown } | { ok: false; code: string; message: string };
