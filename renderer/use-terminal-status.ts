import { useEffect, useState } from 'react';
import type { TerminalStatus } from '../terminal/terminal-api';
import type { TerminalConnection } from './terminal-connection';

/**
 * The terminal's status, as pushed by its host; null until the first answer, and again
 * while the host does not answer (the screens then show "Connecting to the terminal…" and,
 * once it answers, ask it afresh who is signed in).
 */
export function useTerminalStatus(connection: TerminalConnection): TerminalStatus | null {
  const [status, setStatus] = useState<TerminalStatus | null>(null);
  useEffect(() => {
    let live = true;
    const unsubscribe = connection.onStatusChange((next) => live && setStatus(next));
    connection.api.getStatus().then(
      (first) => live && setStatus((current) => current ?? first),
      () => undefined,
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [connection]);
  return status;
}

/** The current time, ticking, for "oldest pending: 12 min" that must age on screen. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
