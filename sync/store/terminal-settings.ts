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

const defaultSettings: Settings = { offlineWarningHours: 24, printerName: null, discountApprovalPercent: 10, voidNeedsApproval: true };
const PairingCheck = Compile(PairingSchema);
const SettingsCheck = Compile(SettingsSchema);

/** Pairing, the catalog cursor and the manager's settings: small named JSON values. */
export class TerminalSettings {
  /** The unsealed pairing, read once: unsealing may ask the OS keychain. */
  private cachedPairing: Pairing | null | undefined;

  constructor(
    private readonly db: TerminalDb,
    private readonly sealer?: TokenSealer,
  ) {}

  private read(name: string): unknown {
    const row = this.db.prepare('SELECT value FROM terminal_settings WHERE name = ?').pluck().get(name) as string | undefined;
    return row === undefined ? undefined : (JSON.parse(row) as unknown);
  }

  private write(name: string, value: unknown): void {
    this.db.prepare('INSERT INTO terminal_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, JSON.stringify(value));
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

  catalogCursor(): string {
    const value = this.read('catalog_cursor');
    return typeof value === 'string' ? value : '0';
  }

  saveCatalogCursor(cursor: string): void {
    this.write('catalog_cursor', cursor);
  }

  settings(): Settings {
    const merged = { ...defaultSettings, ...(this.read('settings') as object | undefined) };
    return SettingsCheck.Check(merged) ? merged : defaultSettings;
  }

  updateSettings(patch: SettingsPatch): Settings {
    const next = { ...this.settings(), ...patch };
    this.write('settings', next);
    return next;
  }
}
