import type { SafeStorage } from 'electron';
import type { TokenSealer } from '../terminal/store/token-sealer';
import { ShellError, type ShellLogger } from './shell-logger';

/**
 * The Electron side of the core's TokenSealer seam (sync/store/token-sealer.ts): the
 * terminal token is sealed with the OS keychain before the core writes it to disk.
 */
export type { TokenSealer };

export const SEALED_PREFIX = 'safeStorage:v1:';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/**
 * Policy: no OS encryption, no stored token (pairing fails with
 * `secure_storage_unavailable`). One exception, Linux without a keyring (backend
 * `basic_text`): Chromium still encrypts, but with a fixed key, which is obfuscation
 * only. We accept it with a logged warning, because a till on a kiosk Linux box without
 * gnome-keyring or kwallet must still sell; INSTALL.md tells installers how to avoid it.
 */
export function safeStorageTokenSealer(options: { safeStorage: SafeStorageLike; platform: NodeJS.Platform; logger: ShellLogger }): TokenSealer {
  const { safeStorage, platform, logger } = options;
  let warnedAboutBasicText = false;
  return {
    seal(token) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new ShellError(
          'secure_storage_unavailable',
          'The operating system keychain is not available, so the terminal token cannot be stored safely.',
        );
      }
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !warnedAboutBasicText) {
        warnedAboutBasicText = true;
        logger.warn({ backend: 'basic_text' }, 'no keyring found (gnome-keyring or kwallet): the terminal token is only obfuscated on disk');
      }
      return SEALED_PREFIX + safeStorage.encryptString(token).toString('base64');
    },
    unseal(stored) {
      if (!stored.startsWith(SEALED_PREFIX)) {
        // Written by a host without a sealer (the web host on the same data folder): usable, and sealed at the next pairing.
        logger.warn({}, 'the terminal token was stored unsealed; pair again to seal it');
        return stored;
      }
      try {
        return safeStorage.decryptString(Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64'));
      } catch (error) {
        logger.error(
          { message: (error as Error).message },
          'the terminal token cannot be decrypted (keychain changed, or the database came from another computer); pair again',
        );
        return null;
      }
    },
  };
}
