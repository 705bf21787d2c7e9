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
  /** Keys whose value failed its check, with that value as written: a locked one keeps its lock (mergeConfig). */
  invalid?: Partial<Record<ConfigKey, unknown>>;
}

export interface EffectiveConfig {
  config: DesktopConfig;
  locked: ReadonlySet<ConfigKey>;
  sourceOf: Record<ConfigKey, ConfigSource>;
  problems: string[];
  /**
   * Locked keys the admin file gives no usable value (a typo, no value at all): still locked,
   * at their default, with the sentence that says what to fix. A locked serverUrl here refuses
   * every pairing (terminal-bridge.ts): dropping the bad value would lift the lock.
   */
  brokenLocks: ReadonlyMap<ConfigKey, string>;
}

/** Spaces around an address or a code are a typist's, never part of the value (an installer's "/SERVER=https://bo.example "). */
const TRIMMED_KEYS: ReadonlySet<ConfigKey> = new Set(['serverUrl', 'updateFeedUrl', 'storeCode']);

function isConfigKey(key: string): key is ConfigKey {
  return (configKeys as string[]).includes(key);
}

/** Checks parsed JSON key by key; only the admin file may carry "locked". */
export function readConfigObject(raw: unknown, fileLabel: string, allowLocked: boolean): ConfigFileContent {
  const content: ConfigFileContent = { values: {}, locked: [], problems: [], invalid: {} };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    content.problems.push(`${fileLabel}: expected a JSON object; the file is ignored`);
    return content;
  }
  for (const [key, written] of Object.entries(raw)) {
    const value = typeof written === 'string' && TRIMMED_KEYS.has(key as ConfigKey) ? written.trim() : written;
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
      content.invalid![key] = value;
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
  const brokenLocks = new Map<ConfigKey, string>();
  const effective = { config, locked, sourceOf, problems, brokenLocks };
  keepBrokenLocks(effective, admin);
  requireHttps(effective);
  return effective;
}

/** A locked serverUrl that is no address: what pairing answers (`text`) and what the log says (`problem`). */
function badLockedAddress(value: unknown): { text: string; problem: string } {
  const expected = '(expected e.g. https://backoffice.example.com)';
  return {
    text: `the locked server address ${JSON.stringify(value)} is not a valid address ${expected}; fix counter-admin.json`,
    problem: `counter-admin.json: the locked "serverUrl" ${JSON.stringify(value)} is not a valid address ${expected}: pairing is refused until it is fixed`,
  };
}

/**
 * A locked key whose admin value failed its check stays locked at its default (the user file
 * cannot set it either), and is named: for serverUrl, no pairing is allowed until the file is
 * fixed. A locked serverUrl the file leaves out is the same: a lock on nothing would let every
 * server in.
 */
function keepBrokenLocks(effective: EffectiveConfig & { brokenLocks: Map<ConfigKey, string> }, admin: ConfigFileContent): void {
  const invalid = admin.invalid ?? {};
  for (const key of effective.locked) {
    const value = invalid[key];
    if (!(key in invalid) && !(key === 'serverUrl' && effective.config.serverUrl === null)) continue;
    let text: string;
    let problem: string;
    if (key !== 'serverUrl') {
      text = `the locked "${key}" ${JSON.stringify(value)} is not a valid value; fix counter-admin.json`;
      problem = `counter-admin.json: the locked "${key}" has an invalid value ${JSON.stringify(value)}: the default is used and the user file cannot change it`;
    } else if (value === undefined || value === null) {
      text = 'the server address is locked but counter-admin.json gives none; fix counter-admin.json';
      problem = 'counter-admin.json: "serverUrl" is locked but has no address: pairing is refused until it has one';
    } else {
      ({ text, problem } = badLockedAddress(value));
    }
    effective.brokenLocks.set(key, text);
    // In place of "using the default", which would read as if the lock were gone.
    const plain = effective.problems.findIndex((line) => line.startsWith(`counter-admin.json: "${key}" has an invalid value`));
    if (plain >= 0) effective.problems[plain] = problem;
    else effective.problems.push(problem);
  }
}

/**
 * The till's token and sales go to serverUrl, and code it will run comes from updateFeedUrl:
 * both must be https (or http to this machine itself) unless the administrator allowed http
 * in the admin file and locked that choice. An address that fails is dropped (the setup
 * screen asks for one; updates stay off) and reported.
 */
function requireHttps(effective: EffectiveConfig & { brokenLocks: Map<ConfigKey, string> }): void {
  const { config, locked, sourceOf, problems } = effective;
  if (config.allowInsecureHttp && !(sourceOf.allowInsecureHttp === 'admin' && locked.has('allowInsecureHttp'))) {
    problems.push('"allowInsecureHttp" counts only in counter-admin.json and listed under "locked"; it is ignored');
    config.allowInsecureHttp = false;
    sourceOf.allowInsecureHttp = 'default';
  }
  for (const key of ['serverUrl', 'updateFeedUrl'] as const) {
    const value = config[key];
    if (value === null) continue;
    const lockedServer = key === 'serverUrl' && sourceOf.serverUrl === 'admin' && locked.has('serverUrl');
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      // Past the schema's pattern, but no address the URL parser reads ("https://bo:shop"): as any other bad value.
      const file = sourceOf[key] === 'admin' ? 'counter-admin.json' : 'config.json';
      if (lockedServer) {
        const { text, problem } = badLockedAddress(value);
        effective.brokenLocks.set(key, text);
        problems.push(problem);
      } else {
        problems.push(`${file}: "${key}" has an invalid value ${JSON.stringify(value)}; using the default`);
      }
      config[key] = null;
      sourceOf[key] = 'default';
      continue;
    }
    const ok = secureEnough(url, config.allowInsecureHttp);
    if (!ok && lockedServer) {
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
