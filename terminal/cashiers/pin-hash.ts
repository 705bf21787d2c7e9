import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * PINs are kept as scrypt hashes with a salt of their own. Sign-in is by PIN alone, so a
 * PIN is checked against every person on the roster: the cost is set so that a roster of a
 * few dozen still answers at once. A 4-digit PIN is no secret against someone holding the
 * database file; the hash only keeps PINs from being read off it.
 */
const COST = { N: 4096, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

export interface PinHash {
  salt: string;
  hash: string;
}

export function hashPin(pin: string): PinHash {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64'), hash: scryptSync(pin, salt, KEY_BYTES, COST).toString('base64') };
}

export function pinMatches(pin: string, stored: PinHash): boolean {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(stored.salt, 'base64'), expected.length, COST);
  return timingSafeEqual(actual, expected);
}
