import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rebuild } from '@electron/rebuild';
import { buildRenderer } from './renderer-build';
import { bundleElectronShell, PROJECT_ROOT } from './bundle-electron';

/**
 * `npm run dist [-- --win | --linux]`: the installers, on a machine with internet
 * (electron-builder downloads Electron, NSIS and AppImage tools). Build each OS's
 * installers on that OS: better-sqlite3 is native and is compiled for the machine it is
 * rebuilt on. Steps: renderer (Vite) -> main + preload (esbuild) -> better-sqlite3 for
 * Electron's ABI -> electron-builder -> better-sqlite3 back for Node, so the tests and
 * the server keep working in this checkout even when packing fails.
 */

function electronVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`\n== ${line}\n`);
  say('Cashier screens (vite build -> dist/renderer)');
  await buildRenderer();
  say('Main process and preload (esbuild -> dist/electron)');
  await bundleElectronShell();
  const version = electronVersion();
  say(`better-sqlite3 for Electron ${version}`);
  try {
    await rebuild({ buildPath: PROJECT_ROOT, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
    say('electron-builder');
    run(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'electron-builder'), [
      '--config',
      'build/electron-builder.yml',
      '--publish',
      'never',
      ...process.argv.slice(2),
    ]);
    say('Installers are in out/installers');
  } finally {
    say('better-sqlite3 back for Node (tests, server, web host)');
    run('npm', ['rebuild', 'better-sqlite3']);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
