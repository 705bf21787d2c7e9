import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import extractZip from 'extract-zip';
import { describe, expect, it } from 'vitest';
import { mergeConfig, readConfigObject } from '../../electron/desktop-config';
import { diagnosticsArchive, scrubSecrets, withoutCredentials } from '../../electron/diagnostics';
import { RotatingLogFile } from '../../electron/log-files';
import { fitToDisplays, readWindowState, writeWindowState } from '../../electron/window-state';
import { fakeTerminalCore } from '../support/electron/fakes';

const folder = () => mkdtempSync(path.join(tmpdir(), 'counter-files-'));

describe('log files', () => {
  it('rotate by size, keeping a fixed number of old files', () => {
    const logs = new RotatingLogFile(folder(), 100, 2);
    for (let index = 0; index < 10; index += 1) logs.write(`${JSON.stringify({ line: index, pad: 'x'.repeat(30) })}\n`);
    logs.close();
    expect(readdirSync(logs.folder).sort()).toEqual(['counter.1.log', 'counter.2.log', 'counter.log']);
    expect(readFileSync(logs.current, 'utf8')).toContain('"line":9');
    expect(logs.files().map((file) => path.basename(file))).toEqual(['counter.log', 'counter.1.log', 'counter.2.log']);
  });
});

describe('export diagnostics', () => {
  it('is a ZIP any unzip tool opens, with logs, config without credentials, and the queue summary', async () => {
    const logs = new RotatingLogFile(folder());
    logs.write('{"msg":"sent","authorization":"Bearer tt_live_secret"}\n');
    logs.close();
    const config = mergeConfig(
      readConfigObject(
        { serverUrl: 'https://bo.example', updateFeedUrl: 'https://fleet:hunter2@updates.example/counter' },
        'counter-admin.json',
        true,
      ),
      readConfigObject({}, 'config.json', false),
    );
    const { core } = fakeTerminalCore({ paired: true, pending: 4 });
    const archive = await diagnosticsArchive({
      logFiles: logs.files(),
      config,
      core,
      about: { appVersion: '0.1.0', electronVersion: '41.7.1', platform: 'win32', arch: 'x64' },
      now: new Date('2025-10-01T10:00:00Z'),
    });
    const target = folder();
    writeFileSync(path.join(target, 'd.zip'), archive);
    await extractZip(path.join(target, 'd.zip'), { dir: path.join(target, 'out') });
    const read = (name: string) => readFileSync(path.join(target, 'out', name), 'utf8');
    expect(JSON.parse(read('queue-summary.json'))).toMatchObject({ status: { pending: 4 }, needsAttention: [] });
    expect(read('config.json')).not.toContain('hunter2');
    expect(JSON.parse(read('config.json')).config.updateFeedUrl).toBe('https://updates.example/counter');
    expect(read('logs/counter.log')).toContain('"authorization":"[removed]"');
    expect(read('logs/counter.log')).not.toContain('tt_live_secret');
    expect(JSON.parse(read('about.json'))).toMatchObject({ appVersion: '0.1.0', exportedAt: '2025-10-01T10:00:00.000Z' });
  });

  it('blanks credentials wherever they show', () => {
    expect(scrubSecrets('{"token":"abc","pairingCode":"1234-5678"}')).toBe('{"token":"[removed]","pairingCode":"[removed]"}');
    expect(scrubSecrets('POST /v1/sales failed; header Authorization: Bearer tt_live_secret')).toBe(
      'POST /v1/sales failed; header Authorization: Bearer [removed]',
    );
    expect(withoutCredentials('https://bo.example/')).toBe('https://bo.example/');
  });
});

describe('window state', () => {
  it('comes back where it was, unless that monitor is gone', () => {
    const file = path.join(folder(), 'window-state.json');
    writeWindowState(file, { x: 2000, y: 100, width: 1024, height: 768, maximized: true, fullScreen: false });
    const saved = readWindowState(file);
    expect(
      fitToDisplays(saved, [
        { x: 0, y: 0, width: 1920, height: 1040 },
        { x: 1920, y: 0, width: 1280, height: 1000 },
      ]),
    ).toEqual(saved);
    expect(fitToDisplays(saved, [{ x: 0, y: 0, width: 1920, height: 1040 }])).toEqual({
      width: 1024,
      height: 768,
      maximized: true,
      fullScreen: false,
    });
  });

  it('a damaged file gives the default size', () => {
    const file = path.join(folder(), 'window-state.json');
    writeFileSync(file, '{"width": "wide"');
    expect(readWindowState(file)).toMatchObject({ width: 1280, height: 800 });
  });
});
