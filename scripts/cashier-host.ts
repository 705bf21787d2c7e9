import { electronBinaryAvailable } from './launch-electron';

export type CashierHostChoice = { kind: 'electron' } | { kind: 'web'; reason: string };

/**
 * Where the cashier screens open: the Electron window when it can run here, else the web
 * host in a browser, with the reason said plainly. The one place that decides.
 */
export function chooseCashierHost(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  electronAvailable: () => boolean = electronBinaryAvailable,
): CashierHostChoice {
  if (env.COUNTER_HOST === 'web') return { kind: 'web', reason: 'COUNTER_HOST=web asks for the browser' };
  if (!electronAvailable()) {
    return {
      kind: 'web',
      reason: 'the Electron binary is not installed here (its download was skipped or failed at install; `npm run electron:fetch` tries again)',
    };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { kind: 'web', reason: 'there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { kind: 'electron' };
}
