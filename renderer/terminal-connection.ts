import type { TerminalApi, TerminalStatus } from '../terminal/terminal-api';
import { httpStatusFeed, httpTerminalApi } from './terminal-api-client';

/** What the Electron preload puts on `window.counter` (electron/preload.ts): the TerminalApi and its status pushes. */
export interface CounterBridge extends TerminalApi {
  onStatus?(listener: (status: TerminalStatus) => void): () => void;
}

declare global {
  interface Window {
    counter?: CounterBridge;
  }
}

export interface TerminalConnection {
  api: TerminalApi;
  /** Each status as it changes; null: the terminal stopped answering (the web host is down). */
  onStatusChange(listener: (status: TerminalStatus | null) => void): () => void;
}

const POLL_MS = 2_000;

function pollStatus(api: TerminalApi, listener: (status: TerminalStatus) => void): () => void {
  const timer = setInterval(() => {
    api.getStatus().then(listener, () => undefined);
  }, POLL_MS);
  return () => clearInterval(timer);
}

/** The screens never know their host: the Electron bridge if there is one, else the web host. */
export function connectToTerminal(): TerminalConnection {
  const bridge = window.counter;
  if (bridge) {
    return {
      api: bridge,
      onStatusChange: (listener) => (bridge.onStatus ? bridge.onStatus(listener) : pollStatus(bridge, listener)),
    };
  }
  return { api: httpTerminalApi(), onStatusChange: (listener) => httpStatusFeed(listener) };
}
