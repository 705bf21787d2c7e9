import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bundleElectronShell, ELECTRON_APP_FOLDER, PROJECT_ROOT } from '../build/bundle-electron';

/**
 * How `npm start` (scripts/start.ts, plain Node) decides on and starts the Electron
 * window. From Node, require('electron') answers the path of the Electron binary; when
 * the binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD) it throws, or names a
 * file that is not there. Either way the caller falls back to the web host.
 */

type ResolveElectron = () => unknown;

const defaultResolve: ResolveElectron = () => createRequire(import.meta.url)('electron');

export function electronBinaryPath(resolve: ResolveElectron = defaultResolve): string | null {
  try {
    const binary = resolve();
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export function electronBinaryAvailable(resolve: ResolveElectron = defaultResolve): boolean {
  return electronBinaryPath(resolve) !== null;
}

export interface LaunchOptions {
  /** Terminal data folder to use instead of userData/terminal (honoured only when not packaged). */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  /** Extra Chromium/Electron switches, e.g. ['--password-store=basic']. */
  args?: string[];
}

/**
 * Bundles main and preload afresh (esbuild: well under a second) and starts Electron on
 * dist/electron. The cashier screen must already be built into dist/renderer. Rejects if
 * the binary is missing: call electronBinaryAvailable() first.
 */
export async function launchElectron(options: LaunchOptions = {}): Promise<ChildProcess> {
  const binary = electronBinaryPath();
  if (binary === null) throw new Error('The Electron binary is not installed here; use the web host.');
  await bundleElectronShell(PROJECT_ROOT);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, ...(options.dataDir ? { COUNTER_DATA_DIR: options.dataDir } : {}) };
  // Inherited from a parent run by Electron-as-Node, it would start Node instead of the app.
  delete env.ELECTRON_RUN_AS_NODE;
  return spawn(binary, [ELECTRON_APP_FOLDER, ...(options.args ?? [])], { stdio: options.stdio ?? 'inherit', env, cwd: PROJECT_ROOT });
}
