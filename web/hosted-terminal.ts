import type { TerminalApi, TerminalStatus } from '../terminal/terminal-api';

/**
 * What the web host needs from the terminal core: the TerminalApi plus its status pushes.
 * `TerminalCore` (sync/terminal-core.ts) satisfies it; so does any test double.
 */
export interface HostedTerminal extends TerminalApi {
  onStatusChange(listener: (status: TerminalStatus) => void): () => void;
}
