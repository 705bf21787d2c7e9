import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { electronBinaryAvailable } from './launch-electron';

/**
 * The Electron binary is optional. npm does not run the `electron` package's own install
 * script (package.json `allowScripts` denies it), because where the binary cannot be
 * downloaded that script fails the whole `npm ci` with a stack trace. This runs the same
 * download after install instead, as the project's `postinstall` and as
 * `npm run electron:fetch`, and never fails the install: without the binary `npm start`
 * opens the cashier screens in the browser and says so.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);
const TEN_MINUTES = 10 * 60 * 1000;

function installScript(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
  } catch {
    return null;
  }
}

/** The last line of the download's error that says what went wrong, without its stack. */
export function downloadFailure(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  return lines[0] ?? 'the download failed';
}

function main(): void {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    say('Counter: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so the Electron binary was not downloaded; `npm start` will use the browser.');
    return;
  }
  if (electronBinaryAvailable()) return;
  const script = installScript();
  if (script === null) {
    say('Counter: the electron package is not installed; `npm start` will use the browser.');
    return;
  }
  say('Counter: downloading the Electron binary for the desktop app...');
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: TEN_MINUTES });
  if (run.status === 0 && electronBinaryAvailable()) {
    say('Counter: the Electron binary is installed; `npm start` opens the desktop app.');
    return;
  }
  const why = run.error ? run.error.message : downloadFailure(run.stderr ?? '');
  say(
    `Counter: the Electron binary could not be downloaded (${why}). Nothing else is affected: \`npm start\` opens the cashier screens in the browser. To try again later: npm run electron:fetch`,
  );
}

// Run as a script (postinstall, npm run electron:fetch), not when a test imports it.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
