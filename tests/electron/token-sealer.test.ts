import { describe, expect, it, vi } from 'vitest';
import { SEALED_PREFIX, safeStorageTokenSealer } from '../../electron/token-sealer';
import { recordingLogger } from '../support/electron/fakes';

/** safeStorage as the OS keychain behaves: reversible, and nothing of the token readable. */
function fakeSafeStorage(options: { available?: boolean; backend?: 'basic_text' | 'gnome_libsecret' } = {}) {
  return {
    isEncryptionAvailable: vi.fn(() => options.available ?? true),
    getSelectedStorageBackend: vi.fn(() => options.backend ?? 'gnome_libsecret'),
    encryptString: vi.fn((plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`)),
    decryptString: vi.fn((sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice('sealed:'.length), 'hex').toString();
    }),
  };
}

const TOKEN = 'tt_live_0123456789abcdef';

function sealer(options: Parameters<typeof fakeSafeStorage>[0] = {}, platform: NodeJS.Platform = 'win32') {
  const safeStorage = fakeSafeStorage(options);
  const { logger, lines } = recordingLogger();
  return { sealer: safeStorageTokenSealer({ safeStorage, platform, logger }), safeStorage, lines };
}

describe('the terminal token is kept with safeStorage', () => {
  it('is sealed by safeStorage before the core stores it, and opened through it', () => {
    const { sealer: tokens, safeStorage } = sealer();
    const stored = tokens.seal(TOKEN);
    expect(safeStorage.encryptString).toHaveBeenCalledWith(TOKEN);
    expect(stored.startsWith(SEALED_PREFIX)).toBe(true);
    expect(stored).not.toContain(TOKEN);
    expect(tokens.unseal(stored)).toBe(TOKEN);
    expect(safeStorage.decryptString).toHaveBeenCalledOnce();
  });

  it('refuses to seal when the OS offers no encryption, so pairing fails instead of storing in clear', () => {
    const { sealer: tokens, safeStorage } = sealer({ available: false });
    expect(() => tokens.seal(TOKEN)).toThrow(expect.objectContaining({ code: 'secure_storage_unavailable' }));
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it('on Linux without a keyring it seals anyway, with one logged warning', () => {
    const { sealer: tokens, lines } = sealer({ backend: 'basic_text' }, 'linux');
    tokens.seal(TOKEN);
    expect(tokens.unseal(tokens.seal(TOKEN))).toBe(TOKEN);
    expect(lines.filter((line) => line.level === 'warn' && /only obfuscated/.test(line.message))).toHaveLength(1);
  });

  it('a token that no longer opens reads as absent (pair again), logged', () => {
    const { sealer: tokens, safeStorage, lines } = sealer();
    const stored = tokens.seal(TOKEN);
    safeStorage.decryptString.mockImplementationOnce(() => {
      throw new Error('keychain changed');
    });
    expect(tokens.unseal(stored)).toBeNull();
    expect(lines.some((line) => line.level === 'error')).toBe(true);
  });

  it('a token stored unsealed by another host is still usable, with a warning', () => {
    const { sealer: tokens, lines } = sealer();
    expect(tokens.unseal(TOKEN)).toBe(TOKEN);
    expect(lines.some((line) => line.level === 'warn')).toBe(true);
  });
});
