import { pinShapeProblem } from '../../terminal/cashiers/cashier-api';

/** What every PIN field on the till says about a PIN that is not one (the core's own sentence). */
export const PIN_SHAPE = pinShapeProblem('') ?? 'A PIN is 4 to 8 digits.';

/**
 * A PIN as it is typed into a field: digits only, at most 8. A letter (or anything else) is
 * not taken, and the field says why instead of dropping it silently: `problem` is then
 * the sentence to show. The first manager's form and the People form both type PINs so.
 */
export function typedPin(raw: string): { pin: string; problem: string | null } {
  const pin = raw.replace(/\D/g, '').slice(0, 8);
  return { pin, problem: pin === raw ? null : PIN_SHAPE };
}
