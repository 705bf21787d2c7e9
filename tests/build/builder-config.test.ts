import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { readConfigObject } from '../../electron/desktop-config';

/**
 * The electron-builder configuration, checked without building or downloading anything:
 * against the JSON schema electron-builder itself validates with (app-builder-lib's
 * scheme.json, through ajv), and through app-builder-lib's own validateConfiguration.
 */
const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const configFile = path.join(root, 'build', 'electron-builder.yml');
// The same YAML loader electron-builder uses (app-builder-lib/out/util/config/load.js).
const { load } = require('js-yaml') as { load(text: string): unknown };
const config = load(readFileSync(configFile, 'utf8')) as Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- electron-builder's YAML, read as the schema check sees it
const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;

function schemaErrors(candidate: unknown): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme);
  return validate(candidate) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('build/electron-builder.yml', () => {
  it("matches electron-builder's own schema", () => {
    expect(schemaErrors(config)).toEqual([]);
  });

  it('passes app-builder-lib validateConfiguration (schema plus its deprecation checks)', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('the check is not vacuous: a misspelt option is caught', () => {
    expect(schemaErrors({ ...config, nsis: { ...config.nsis, perMachin: true } })).not.toEqual([]);
  });

  it('makes a per-machine NSIS installer with the preconfiguration script, and Linux AppImage and deb', () => {
    expect(config.appId).toBe('ph.counter.pos');
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, include: 'build/installer.nsh', deleteAppDataOnUninstall: false });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libnss3', 'libsecret-1-0', 'libcups2 | libcups2t64']));
  });

  it('packs better-sqlite3 prebuilt for Electron, unpacked from the asar', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/build/Release/*.node');
    expect(config.extraMetadata.main).toBe('dist/electron/main.cjs');
  });

  it("names the packed app Counter, so its data folder is the one INSTALL.md names (~/.config/Counter on Linux; found by an installer's review)", () => {
    // The packed package.json is ours ("name": "counter") plus extraMetadata, and Electron
    // takes the app's name, and userData's folder, from its productName, else its name.
    const own = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; productName?: string };
    const packed = { ...own, ...config.extraMetadata };
    expect(packed.productName ?? packed.name).toBe('Counter');
    expect(readFileSync(path.join(root, 'docs', 'INSTALL.md'), 'utf8')).toContain('`~/.config/Counter`');
  });

  it('every file it names exists, and the Windows icon is at least 256 px', () => {
    for (const file of [config.nsis.include, config.win.icon, config.linux.icon]) expect(existsSync(path.join(root, file)), file).toBe(true);
    const png = readFileSync(path.join(root, config.win.icon));
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256);
  });
});

describe('build/installer.nsh', () => {
  const script = readFileSync(path.join(root, 'build', 'installer.nsh'), 'utf8');

  it('reads /SERVER= and /STORE= with GetOptions in customInstall and writes the admin file into resources', () => {
    expect(script).toMatch(/!macro customInstall[\s\S]*\$\{GetParameters\}/);
    expect(script).toMatch(/CounterOption "\/SERVER=" "serverUrl"/);
    expect(script).toMatch(/CounterOption "\/STORE=" "storeCode"/);
    expect(script).toMatch(/\$\{GetOptions\} \$counterParams "\$\{FLAG\}"/);
    expect(script).toContain('$INSTDIR\\resources\\counter-admin.json');
  });

  it('keeps installer-only code out of the uninstaller pass (warnings are errors there)', () => {
    expect(script).toMatch(/!ifndef BUILD_UNINSTALLER\s+Var counterParams[\s\S]*Function CounterJsonEscape[\s\S]*FunctionEnd\s+!endif/);
  });

  it('the file it writes, for a typical silent install, is an admin config the app accepts whole', () => {
    // What the macro writes for: /SERVER=https://bo.example /STORE=MAKATI /PRINTER=\\srv\EPSON /LOCK
    const written = String.raw`{
  "serverUrl": "https://bo.example",
  "storeCode": "MAKATI",
  "printerName": "\\\\srv\\EPSON",
  "locked": ["serverUrl", "storeCode", "printerName"]
}`.replace(/\n/g, '\r\n');
    const content = readConfigObject(JSON.parse(written), 'counter-admin.json', true);
    expect(content.problems).toEqual([]);
    expect(content.values).toEqual({ serverUrl: 'https://bo.example', storeCode: 'MAKATI', printerName: String.raw`\\srv\EPSON` });
    expect(content.locked).toEqual(['serverUrl', 'storeCode', 'printerName']);
  });
});
