import { Compile } from 'typebox/compile';
import { Type, type Static } from 'typebox';
import { SettingsSchema, type Settings, type SettingsPatch } from '../terminal-api';
import type { TerminalDb } from './terminal-db';
import type { TokenSealer } from './token-sealer';

export const PairingSchema = Type.Object({
  serverUrl: Type.String(),
  token: Type.String(),
  terminalId: Type.String(),
  terminalCode: Type.String(),
  storeCode: Type.String(),
  businessCode: Type.String(),
  pairedAt: Type.String(),
});
export type Pairing = Static<typeof PairingSchema>;

/** Who this till was before a manager unpaired it: the identity without its token. */
export const PastPairingSchema = Type.Object({
  serverUrl: Type.String(),
  terminalId: Type.String(),
  terminalCode: Type.String(),
  storeCode: Type.String(),
  businessCode: Type.String(),
  pairedAt: Type.String(),
  unpairedAt: Type.String(),
});
export type PastPairing = Static<typeof PastPairingSchema>;

const defaultSettings: Settings = { offlineWarningHours: 24, printerName: null, discountApprovalPercent: 10, voidNeedsApproval: true };
const PairingCheck = Compile(PairingSchema);
const PastPairingCheck = Compile(PastPairingSchema);
const SettingsCheck = Compile(SettingsSchema);

/** Pairing, the catalog cursor and the manager's settings: small named JSON values. */
export class TerminalSettings {
  /** The unsealed pairing, read once: unsealing may ask the OS keychain. */
  private cachedPairing: Pairing | null | undefined;

  constructor(
    private readonly db: TerminalDb,
    private readonly sealer?: TokenSealer,
    /** The installer's values (the desktop config files), followed until a manager sets that setting on screen. */
    private readonly installerDefaults: Partial<Settings> = {},
  ) {}

  private read(name: string): unknown {
    const row = this.db.prepare('SELECT value FROM terminal_settings WHERE name = ?').pluck().get(name) as string | undefined;
    return row === undefined ? undefined : (JSON.parse(row) as unknown);
  }

  private write(name: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO terminal_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value')
      .run(name, JSON.stringify(value));
  }

  pairing(): Pairing | null {
    if (this.cachedPairing !== undefined) return this.cachedPairing;
    const value = this.read('pairing');
    if (!PairingCheck.Check(value)) return (this.cachedPairing = null);
    const token = this.sealer ? this.sealer.unseal(value.token) : value.token;
    return (this.cachedPairing = token === null ? null : { ...value, token });
  }

  /** Seals the token before it touches the disk: a sealer that fails stops the pairing. */
  savePairing(pairing: Pairing): void {
    const stored = this.sealer ? { ...pairing, token: this.sealer.seal(pairing.token) } : pairing;
    this.write('pairing', stored);
    this.cachedPairing = pairing;
  }

  /**
   * Who the stored pairing says this till is, even when its token cannot be unsealed any more
   * (keychain reset, database moved): pairing again must still know whether it is the same terminal.
   */
  storedIdentity(): { terminalId: string; terminalCode: string } | null {
    const value = this.read('pairing');
    return PairingCheck.Check(value) ? { terminalId: value.terminalId, terminalCode: value.terminalCode } : null;
  }

  /** Where the stored pairing says this till sells (its codes, read without unsealing the token): the head of its documents. */
  storedPlace(): { businessCode: string; storeCode: string; terminalCode: string } | null {
    const value = this.read('pairing');
    return PairingCheck.Check(value) ? { businessCode: value.businessCode, storeCode: value.storeCode, terminalCode: value.terminalCode } : null;
  }

  /** The identity this till had before it was unpaired (null if it never was, or is paired now). */
  pastPairing(): PastPairing | null {
    const value = this.read('past_pairing');
    return PastPairingCheck.Check(value) ? value : null;
  }

  /**
   * Forgets the token and keeps who the till was, in one transaction: pairing again with the
   * same identity must still be recognised as such after an unpair.
   */
  unpair(now = new Date()): void {
    const current = this.pairing();
    if (current === null) return;
    const { token: _token, ...identity } = current;
    this.db.transaction(() => {
      this.write('past_pairing', { ...identity, unpairedAt: now.toISOString() } satisfies PastPairing);
      this.db.prepare("DELETE FROM terminal_settings WHERE name = 'pairing'").run();
    })();
    this.cachedPairing = null;
  }

  /** A new pairing replaces the memory of a past one. Call inside the pairing's transaction. */
  forgetPastPairing(): void {
    this.db.prepare("DELETE FROM terminal_settings WHERE name = 'past_pairing'").run();
  }

  catalogCursor(): string {
    const value = this.read('catalog_cursor');
    return typeof value === 'string' ? value : '0';
  }

  saveCatalogCursor(cursor: string): void {
    this.write('catalog_cursor', cursor);
  }

  settings(): Settings {
    const merged = { ...defaultSettings, ...this.installerDefaults, ...this.chosen() };
    return SettingsCheck.Check(merged) ? merged : { ...defaultSettings, ...this.installerDefaults };
  }

  /** Only what was set on screen is stored: a setting never set keeps following the installer's file. */
  updateSettings(patch: SettingsPatch): Settings {
    this.write('settings_chosen', { ...this.chosen(), ...patch });
    return this.settings();
  }

  /**
   * What a manager set on screen. A till of an earlier version stored every setting under
   * 'settings', its defaults included, whatever was changed: read from there, a value equal to
   * the built-in default counts as never set, so the installer's file applies to it.
   */
  private chosen(): Record<string, unknown> {
    const stored = this.read('settings_chosen');
    if (typeof stored === 'object' && stored !== null) return stored as Record<string, unknown>;
    const legacy = this.read('settings');
    if (typeof legacy !== 'object' || legacy === null) return {};
    return Object.fromEntries(
      Object.entries(legacy).filter(([key, value]) => !(key in defaultSettings) || defaultSettings[key as keyof Settings] !== value),
    );
  }
}
