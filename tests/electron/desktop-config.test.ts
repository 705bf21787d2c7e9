import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminConfigCandidates, defaultDesktopConfig, loadDesktopConfig, mergeConfig, readConfigObject } from '../../electron/desktop-config';
import { recordingLogger } from '../support/electron/fakes';

const admin = (raw: unknown) => readConfigObject(raw, 'counter-admin.json', true);
const user = (raw: unknown) => readConfigObject(raw, 'config.json', false);

describe('admin preset merged with the user config', () => {
  it('with no files at all, the counter runs on defaults with auto-update off', () => {
    const { config, problems } = mergeConfig(admin({}), user({}));
    expect(config).toEqual(defaultDesktopConfig);
    expect(config.autoUpdate).toBe(false);
    expect(problems).toEqual([]);
  });

  it('the user overrides an unlocked admin value', () => {
    const { config, sourceOf } = mergeConfig(admin({ printerName: 'EPSON TM-T82' }), user({ printerName: 'Star TSP100' }));
    expect(config.printerName).toBe('Star TSP100');
    expect(sourceOf.printerName).toBe('user');
  });

  it('a locked admin key wins over the user file, and the attempt is reported', () => {
    const { config, sourceOf, locked, problems } = mergeConfig(
      admin({ serverUrl: 'https://backoffice.shop.example', storeCode: 'MAKATI', locked: ['serverUrl'] }),
      user({ serverUrl: 'http://attacker.example', storeCode: 'CEBU' }),
    );
    expect(config.serverUrl).toBe('https://backoffice.shop.example');
    expect(sourceOf.serverUrl).toBe('admin');
    expect(locked.has('serverUrl')).toBe(true);
    expect(config.storeCode).toBe('CEBU');
    expect(problems).toEqual([expect.stringContaining('"serverUrl" is locked')]);
  });

  it('a locked key the admin left unset stays at its default', () => {
    const { config } = mergeConfig(admin({ locked: ['autoUpdate'] }), user({ autoUpdate: true }));
    expect(config.autoUpdate).toBe(false);
  });

  it('plain http off this machine is refused for the back office and the update feed (finding 13 of #9)', () => {
    const { config, problems } = mergeConfig(
      admin({ serverUrl: 'http://backoffice.shop.example', updateFeedUrl: 'http://updates.shop.example/counter', autoUpdate: true }),
      user({}),
    );
    expect(config).toMatchObject({ serverUrl: null, updateFeedUrl: null, allowInsecureHttp: false });
    expect(problems).toEqual([expect.stringMatching(/"serverUrl".*https is required/), expect.stringMatching(/"updateFeedUrl".*https is required/)]);

    const fromUser = mergeConfig(admin({}), user({ serverUrl: 'http://10.0.0.5:8787' }));
    expect(fromUser.config.serverUrl).toBeNull();
    expect(fromUser.problems).toEqual([expect.stringMatching(/config\.json: "serverUrl".*https is required/)]);

    // A locked http address is kept, so the lock still holds; the core refuses to pair with it (insecure_server_url).
    const lockedHttp = mergeConfig(
      admin({ serverUrl: 'http://backoffice.shop.example', locked: ['serverUrl'] }),
      user({ serverUrl: 'https://elsewhere.example' }),
    );
    expect(lockedHttp.config.serverUrl).toBe('http://backoffice.shop.example');
    expect(lockedHttp.problems.join('\n')).toMatch(/locked "serverUrl".*pairing is refused/);

    // https anywhere, and http to this machine itself, are fine.
    const fine = mergeConfig(admin({ serverUrl: 'https://backoffice.shop.example', updateFeedUrl: 'http://127.0.0.1:8080/feed' }), user({}));
    expect(fine.config).toMatchObject({ serverUrl: 'https://backoffice.shop.example', updateFeedUrl: 'http://127.0.0.1:8080/feed' });
    expect(fine.problems).toEqual([]);
  });

  it('allowInsecureHttp counts only when the admin file sets it and locks it', () => {
    const lan = { serverUrl: 'http://192.168.1.10:8787', updateFeedUrl: 'http://192.168.1.10/updates' };
    const locked = mergeConfig(admin({ ...lan, allowInsecureHttp: true, locked: ['allowInsecureHttp'] }), user({}));
    expect(locked.config).toMatchObject({ ...lan, allowInsecureHttp: true });
    expect(locked.problems).toEqual([]);

    const unlocked = mergeConfig(admin({ ...lan, allowInsecureHttp: true }), user({}));
    expect(unlocked.config).toMatchObject({ serverUrl: null, updateFeedUrl: null, allowInsecureHttp: false });
    expect(unlocked.problems[0]).toMatch(/allowInsecureHttp.*ignored/);

    const byUser = mergeConfig(admin({}), user({ ...lan, allowInsecureHttp: true }));
    expect(byUser.config).toMatchObject({ serverUrl: null, updateFeedUrl: null, allowInsecureHttp: false });

    // Locked off by the admin: the user file cannot turn it on either.
    const lockedOff = mergeConfig(admin({ locked: ['allowInsecureHttp'] }), user({ ...lan, allowInsecureHttp: true }));
    expect(lockedOff.config).toMatchObject({ serverUrl: null, allowInsecureHttp: false });
  });

  it('a locked key with a bad value keeps its lock, and the log says pairing is refused (finding 3 of the installer probe)', () => {
    const effective = mergeConfig(
      admin({ serverUrl: 'backoffice.example.com', storeCode: 'MAKATI', locked: ['serverUrl', 'storeCode'] }),
      user({ serverUrl: 'https://elsewhere.example' }),
    );
    expect(effective.config.serverUrl).toBeNull();
    expect(effective.locked.has('serverUrl')).toBe(true);
    expect(effective.brokenLocks.get('serverUrl')).toMatch(/"backoffice\.example\.com" is not a valid address.*fix counter-admin\.json/);
    expect(effective.problems.join('\n')).toMatch(/locked "serverUrl" "backoffice\.example\.com" is not a valid address.*pairing is refused/);
    expect(effective.problems.join('\n')).not.toMatch(/using the default/);

    // What the URL parser refuses, though it looks like one.
    const unparsable = mergeConfig(admin({ serverUrl: 'https://bo:shop:example', locked: ['serverUrl'] }), user({}));
    expect(unparsable.brokenLocks.has('serverUrl')).toBe(true);
    expect(unparsable.problems.join('\n')).not.toMatch(/plain http/);

    // Spaces around an address or a code are what a typist adds, not what an installer means.
    const spaced = mergeConfig(admin({ serverUrl: 'https://backoffice.example.com ', storeCode: ' MAKATI', locked: ['serverUrl'] }), user({}));
    expect(spaced.config).toMatchObject({ serverUrl: 'https://backoffice.example.com', storeCode: 'MAKATI' });
    expect(spaced.problems).toEqual([]);
    expect(spaced.brokenLocks.size).toBe(0);
  });

  it('a bad value falls back to the default and the rest of the file still counts', () => {
    const { config, problems } = mergeConfig(
      admin({ serverUrl: 'ftp://nope', offlineWarningHours: 0, storeCode: 'MAKATI', colour: 'blue', locked: ['storeCode', 'wallpaper'] }),
      user({ locked: ['serverUrl'], autoUpdate: 'yes' }),
    );
    expect(config).toMatchObject({ serverUrl: null, offlineWarningHours: 24, storeCode: 'MAKATI', autoUpdate: false });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/serverUrl.*invalid/);
    expect(problems.join('\n')).toMatch(/unknown key "colour"/);
    expect(problems.join('\n')).toMatch(/config\.json: unknown key "locked"/);
  });

  it('unreadable JSON, a BOM and a missing file: logged, never a crash', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'counter-config-'));
    const adminFile = path.join(folder, 'counter-admin.json');
    const userFile = path.join(folder, 'config.json');
    writeFileSync(adminFile, '\uFEFF{"serverUrl": "https://bo.example", "locked": ["serverUrl"]}');
    writeFileSync(userFile, '{"serverUrl": "https://other.example",');
    const { logger, lines } = recordingLogger();
    const effective = loadDesktopConfig({ adminCandidates: [path.join(folder, 'absent.json'), adminFile], userFile, logger });
    expect(effective.config.serverUrl).toBe('https://bo.example');
    expect(lines.filter((line) => line.level === 'error').map((line) => (line.details as { problem: string }).problem)).toEqual([
      expect.stringMatching(/^config\.json: not valid JSON/),
    ]);
  });

  it('Linux also looks in /etc/counter, because AppImage resources are read-only', () => {
    expect(adminConfigCandidates('/opt/Counter/resources', 'linux')).toEqual([
      '/opt/Counter/resources/counter-admin.json',
      '/etc/counter/counter-admin.json',
    ]);
    expect(adminConfigCandidates('C:\\Program Files\\Counter\\resources', 'win32')).toHaveLength(1);
  });
});
