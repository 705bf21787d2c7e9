import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleElectronShell } from '../../build/bundle-electron';
import { electronBinaryAvailable, electronBinaryPath } from '../../scripts/launch-electron';
import { terminalApiMethods } from '../../terminal/terminal-api';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm start: is there an Electron binary to launch?', () => {
  it('no, when require("electron") throws (binary download skipped)', () => {
    expect(
      electronBinaryAvailable(() => {
        throw new Error('Electron failed to install correctly');
      }),
    ).toBe(false);
  });

  it('no, when it names a file that is not there', () => {
    expect(electronBinaryAvailable(() => '/nowhere/electron')).toBe(false);
  });

  it('yes, when it names an existing file', () => {
    const binary = path.join(mkdtempSync(path.join(tmpdir(), 'counter-electron-')), 'electron');
    writeFileSync(binary, '');
    expect(electronBinaryPath(() => binary)).toBe(binary);
  });
});

describe('the esbuild bundles', () => {
  // Inside the project (test-output/ is ignored by git) so better-sqlite3 resolves as in dist/.
  const outdir = path.join(root, 'test-output', 'electron-bundle');

  it('the preload is one CommonJS file that needs nothing but electron, and exposes the TerminalApi', async () => {
    await bundleElectronShell(root, outdir);
    const source = readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    expect([...source.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(['electron']);
    const exposed = new Map<string, Record<string, unknown>>();
    const electronStub = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: {},
    };
    // Evaluate the bundle as a sandboxed preload would: a CommonJS function given `require`.
    const module = { exports: {} };
    new Function('require', 'module', 'exports', source)(
      (name: string) => (name === 'electron' ? electronStub : Module.createRequire(outdir)(name)),
      module,
      module.exports,
    );
    expect(Object.keys(exposed.get('counter')!).sort()).toEqual([...terminalApiMethods, 'onStatus'].sort());
  });

  it('the main bundle leaves out only electron and better-sqlite3, and names the app for Electron', async () => {
    const source = readFileSync(path.join(outdir, 'main.cjs'), 'utf8');
    const external = new Set([...source.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!).filter((name) => !Module.isBuiltin(name)));
    expect([...external].sort()).toEqual(['better-sqlite3', 'electron']);
    expect(JSON.parse(readFileSync(path.join(outdir, 'package.json'), 'utf8'))).toMatchObject({
      name: 'counter',
      productName: 'Counter',
      main: 'main.cjs',
    });
  });
});
