import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../build/renderer-build';
import { downloadFailure } from '../../scripts/fetch-electron';

const cache = mkdtempSync(join(tmpdir(), 'counter-electron-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/**
 * The postinstall step as npm runs it, with Electron's download pointed at a closed local
 * port, and Electron's binary looked for in an empty folder (ELECTRON_OVERRIDE_DIST_PATH),
 * so the run is the same whether this machine has the binary or not.
 */
function fetchElectron(env: NodeJS.ProcessEnv) {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    electron_config_cache: cache,
    ELECTRON_OVERRIDE_DIST_PATH: cache,
    ELECTRON_MIRROR: 'http://127.0.0.1:9/',
    ...env,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete base[name];
  return spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'fetch-electron.ts')], {
    cwd: PROJECT_ROOT,
    env: base,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('installing where the Electron binary cannot be downloaded', () => {
  it('goes on: one plain sentence, exit 0, and how to try again', () => {
    const run = fetchElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: undefined });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/could not be downloaded \(.*ECONNREFUSED.*\)/);
    expect(run.stdout).toContain('npm run electron:fetch');
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says nothing is downloaded when the installer asked to skip it', () => {
    const run = fetchElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
  });

  it('keeps the cause of a failed download and drops its stack', () => {
    expect(downloadFailure('RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (x.js:1:1)\n')).toBe(
      'RequestError: getaddrinfo ENOTFOUND github.com',
    );
    expect(downloadFailure('')).toBe('the download failed');
  });
});
