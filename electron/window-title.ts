import type { BrowserWindow } from 'electron';
import type { TerminalStatus } from '../terminal/terminal-api';
import type { DesktopConfig } from './desktop-config';

type TitledStatus = Pick<TerminalStatus, 'paired' | 'storeCode' | 'terminalCode'>;

/**
 * The cashier window's title: the store the till is paired to, as its pairing says, never
 * the admin file's `storeCode` (what the installer expected: a till paired with a code of
 * another store sells for that store). The till's name is the installer's, else the
 * terminal's code, as on the receipt. Unpaired, it says so.
 */
export function windowTitleOf(status: TitledStatus | null, config: Pick<DesktopConfig, 'terminalName'>): string {
  const paired = status?.paired === true && status.storeCode !== null;
  const store = paired ? status.storeCode : 'not paired';
  const till = config.terminalName ?? (paired ? status.terminalCode : null);
  return ['Counter', store, till].filter(Boolean).join(' · ');
}

/**
 * Keeps the window's title on the till's pairing: set again on every status change (pairing,
 * pairing again with another store, unpairing), and never replaced by the page's own
 * `<title>`, which Electron would otherwise put in the title bar once the screen loads.
 */
export function keepWindowTitle(
  window: Pick<BrowserWindow, 'on' | 'setTitle' | 'getTitle'>,
  config: Pick<DesktopConfig, 'terminalName'>,
  onStatusChange: (listener: (status: TerminalStatus) => void) => () => void,
): () => void {
  window.on('page-title-updated', (event) => event.preventDefault());
  return onStatusChange((status) => {
    const title = windowTitleOf(status, config);
    if (window.getTitle() !== title) window.setTitle(title);
  });
}
