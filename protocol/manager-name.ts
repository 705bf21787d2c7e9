import { Type } from 'typebox';
import { CONTROLS, UNSEEN } from './unseen-characters';

/**
 * A person as a stock document records them (who drafted, approved, discarded, started,
 * counted, imported, received): something other than spaces, and no character a screen does
 * not show, nor a control (protocol/unseen-characters.ts). "Mario" with a zero-width space
 * after it is another string than "Mario" but reads the same: it would pass for a second
 * manager. Spaces around the name are allowed (they are trimmed before it is stored).
 */
export const MANAGER_NAME_PATTERN = `^[^${CONTROLS}${UNSEEN}]*[^\\s${CONTROLS}${UNSEEN}][^${CONTROLS}${UNSEEN}]*$`;

/** A manager as the back office or the till names them (the till: the signed-in manager's name). */
export const ManagerName = Type.String({ minLength: 1, maxLength: 64, pattern: MANAGER_NAME_PATTERN });

const UNSEEN_OR_CONTROL = new RegExp(`[${CONTROLS}${UNSEEN}]|\\p{Cf}`, 'gu');

/**
 * Who a name stands for, to tell whether two names are one person (the two-person rule):
 * its compatibility form (NFKC: a full-width "Ｍario", or "Mari" + a combining accent + "o"
 * against the precomposed one, are the same name), without unseen characters and controls
 * (a name stored before they were refused), its spaces run together and trimmed, and its
 * case folded ("MARIO", "mario"; "ß" and "SS").
 */
export function personKey(name: string): string {
  return name.normalize('NFKC').replace(UNSEEN_OR_CONTROL, '').replace(/\s+/gu, ' ').trim().toUpperCase().toLowerCase().normalize('NFKC');
}

/** Two names are one person whatever their case, form, spaces and unseen characters (personKey). */
export const samePerson = (a: string | null, b: string): boolean => a !== null && personKey(a) === personKey(b);

/**
 * A name as a till sends it to the back office: without the characters the back office
 * refuses in a person's name (a cashier's name typed at the till may hold them).
 */
export const withoutUnseen = (name: string): string => name.replace(UNSEEN_OR_CONTROL, '');
