import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { secureEnough } from '../terminal/sync/server-address';
import type { ShellLogger } from './shell-logger';

/**
 * How a counter is set up: an admin file the installer writes beside the app resources
 * (counter-admin.json), merged with the user's own userData/config.json. Keys the admin
 * lists under "locked" cannot be overridden by the user file (the Rocket.Chat desktop
 * pattern). A bad file never stops the till: each bad key is logged and falls back.
 */

const HttpUrl = Type.String({ minLength: 1, maxLength: 500, pattern: '^https?://[^\\s]+$' });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const DesktopConfigSchema = Type.Object({
  serverUrl: Type.Union([HttpUrl, Type.Null()]),
  storeCode: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
  terminalName: Type.Union([Name, Type.Null()]),
  printerName: Type.Union([Name, Type.Null()]),
  /** electron-updater channel: latest, beta, alpha... (files latest.yml, beta.yml on the feed). */
  updateChannel: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z][a-z0-9-]*$' }),
  updateFeedUrl: Type.Union([HttpUrl, Type.Null()]),
  autoUpdate: Type.Boolean(),
  offlineWarningHours: Type.Integer({ minimum: 1, maximum: 720 }),
  /**
   * Plain http for the back office and the update feed off this machine (a shop LAN without
   * certificates). Honoured only from the admin file AND listed under "locked": a user file
   * can never turn encryption off.
   */
  allowInsecureHttp: Type.Boolean(),
});
export type DesktopConfig = Static<typeof DesktopConfigSchema>;
export type ConfigKey = keyof DesktopConfig;

export const defaultDesktopConfig: DesktopConfig = {
  serverUrl: null,
  storeCode: null,
  terminalName: null,
  printerName: null,
  updateChannel: 'latest',
  updateFeedUrl: null,
  // Off unless an admin turns it on: a fleet is usually updated by its installer.
  autoUpdate: false,
  offlineWarningHours: 24,
  allowInsecureHttp: false,
};

export const configKeys = Object.keys(defaultDesktopConfig) as ConfigKey[];
const keyValidators = Object.fromEntries(configKeys.map((key) => [key, Compile(DesktopConfigSchema.properties[key])]));

export type ConfigSource = 'default' | 'admin' | 'user';

/** One file's usable content: the keys that passed, and what was wrong with the rest. */
export interface ConfigFileContent {
  values: Partial<DesktopConfig>;
  locked: ConfigKey[];
  problems: string[];
}

export interface EffectiveConfig {
  config: DesktopConfig;
  locked: ReadonlySet<ConfigKey>;
  sourceOf: Record<ConfigKey, ConfigSource>;
  problems: string[];
}

function isConfigKey(key: string): key is ConfigKey {
  return (configKeys as string[]).includes(key);
}

/** Checks parsed JSON key by key; only the admin file may carry "locked". */
export function readConfigObject(raw: unknown, fileLabel: string, allowLocked: boolean): ConfigFileContent {
  const content: ConfigFileContent = { values: {}, locked: [], problems: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    content.problems.push(`${fileLabel}: expected a JSON object; the file is ignored`);
    return content;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'locked' && allowLocked) {
      const names = Array.isArray(value) ? value : [];
      for (const name of names) {
        if (typeof name === 'string' && isConfigKey(name)) content.locked.push(name);
        else content.problems.push(`${fileLabel}: "locked" names an unknown key ${JSON.stringify(name)}`);
      }
      if (!Array.isArray(value)) content.problems.push(`${fileLabel}: "locked" must be a list of key names`);
    } else if (!isConfigKey(key)) {
      content.problems.push(`${fileLabel}: unknown key "${key}" is ignored`);
    } else if (!keyValidators[key]!.Check(value)) {
      content.problems.push(`${fileLabel}: "${key}" has an invalid value ${JSON.stringify(value)}; using the default`);
    } else {
      (content.values as Record<string, unknown>)[key] = value;
    }
  }
  return content;
}

/** Defaults, then the admin file, then the user file except where the admin locked a key. */
export function mergeConfig(admin: ConfigFileContent, user: ConfigFileContent): EffectiveConfig {
  const config: DesktopConfig = { ...defaultDesktopConfig };
  const sourceOf = Object.fromEntries(configKeys.map((key) => [key, 'default'])) as Record<ConfigKey, ConfigSource>;
  const locked = new Set(admin.locked);
  const problems = [...admin.problems, ...user.problems];
  const apply = (values: Partial<DesktopConfig>, source: ConfigSource) => {
    for (const key of configKeys) {
      if (!(key in values)) continue;
      if (source === 'user' && locked.has(key)) {
        problems.push(`config.json: "${key}" is locked by the administrator; the user value is ignored`);
        continue;
      }
      (config as Record<ConfigKey, unknown>)[key] = values[key];
      sourceOf[key] = source;
    }
  };
  apply(admin.values, 'admin');
  apply(user.values, 'user');
  const effective = { config, locked, sourceOf, problems };
  requireHttps(effective);
  return effective;
}

/**
 * The till's token and sales go to serverUrl, and code it will run comes from updateFeedUrl:
 * both must be https (or http to this machine itself) unless the administrator allowed http
 * in the admin file and locked that choice. An address that fails is dropped (the setup
 * screen asks for one; updates stay off) and reported.
 */
function requireHttps(effective: EffectiveConfig): void {
  const { config, locked, sourceOf, problems } = effective;
  if (config.allowInsecureHttp && !(sourceOf.allowInsecureHttp === 'admin' && locked.has('allowInsecureHttp'))) {
    problems.push('"allowInsecureHttp" counts only in counter-admin.json and listed under "locked"; it is ignored');
    config.allowInsecureHttp = false;
    sourceOf.allowInsecureHttp = 'default';
  }
  for (const key of ['serverUrl', 'updateFeedUrl'] as const) {
    const value = config[key];
    if (value === null) continue;
    let ok: boolean;
    try {
      ok = secureEnough(new URL(value), config.allowInsecureHttp);
    } catch {
      ok = false;
    }
    if (!ok && key === 'serverUrl' && sourceOf.serverUrl === 'admin' && locked.has('serverUrl')) {
      // Dropping it would lift the lock (any server could be paired): it stays, and the core refuses to pair with it.
      problems.push(
        `counter-admin.json: the locked "serverUrl" ${JSON.stringify(value)} is plain http off this machine: pairing is refused until it is https (or "allowInsecureHttp": true is set and locked)`,
      );
    } else if (!ok) {
      problems.push(
        `${sourceOf[key] === 'admin' ? 'counter-admin.json' : 'config.json'}: "${key}" ${JSON.stringify(value)} is plain http off this machine; https is required (or an admin-locked "allowInsecureHttp": true); the value is ignored`,
      );
      config[key] = null;
      sourceOf[key] = 'default';
    }
  }
}

/** A missing file is normal (no admin preset, no user change); unreadable JSON is reported. */
export function readConfigFile(file: string, allowLocked: boolean): ConfigFileContent {
  const label = path.basename(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { values: {}, locked: [], problems: missing ? [] : [`${label}: cannot be read (${(error as Error).message})`] };
  }
  try {
    // A BOM is common in files written by Windows tools.
    return readConfigObject(JSON.parse(text.replace(/^\uFEFF/, '')), label, allowLocked);
  } catch (error) {
    return { values: {}, locked: [], problems: [`${label}: not valid JSON (${(error as Error).message}); the file is ignored`] };
  }
}

/** Where the installer may have put the admin file; the first one that exists wins. */
export function adminConfigCandidates(resourcesPath: string, platform: NodeJS.Platform): string[] {
  const beside = path.join(resourcesPath, 'counter-admin.json');
  // AppImage resources are read-only inside the image, so Linux also looks in /etc.
  return platform === 'linux' ? [beside, '/etc/counter/counter-admin.json'] : [beside];
}

export function loadDesktopConfig(options: { adminCandidates: string[]; userFile: string; logger: ShellLogger }): EffectiveConfig {
  const empty: ConfigFileContent = { values: {}, locked: [], problems: [] };
  let admin = empty;
  for (const candidate of options.adminCandidates) {
    const content = readConfigFile(candidate, true);
    const found = content.problems.length > 0 || Object.keys(content.values).length > 0 || content.locked.length > 0;
    if (found) {
      admin = content;
      options.logger.info({ file: candidate }, 'admin configuration read');
      break;
    }
  }
  const effective = mergeConfig(admin, readConfigFile(options.userFile, false));
  for (const problem of effective.problems) options.logger.error({ problem }, 'configuration problem');
  return effective;
}
