import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Terminal tokens and pairing codes are stored only as hashes. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const newTerminalToken = () => `ct_${randomBytes(32).toString('base64url')}`;

/** Pairing codes are read aloud and typed at a counter: no 0/O or 1/I/L. */
const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
export const normalizePairingCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
