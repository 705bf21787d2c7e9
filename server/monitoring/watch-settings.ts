import { Refused } from '../refused';

/** When a terminal or its queue needs a manager's eye. From the environment, read (and refused if wrong) with ServerSettings at start. */
export interface WatchSettings {
  staleTerminalMinutes: number;
  oldPendingHours: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 525_600) throw new Refused(`${name} must be a whole number from 1 to 525600 (got "${raw}")`);
  return value;
}

export function readWatchSettings(env: NodeJS.ProcessEnv = process.env): WatchSettings {
  return {
    staleTerminalMinutes: positive(env, 'POS_STALE_TERMINAL_MINUTES', 60),
    oldPendingHours: positive(env, 'POS_OLD_PENDING_HOURS', 24),
  };
}
