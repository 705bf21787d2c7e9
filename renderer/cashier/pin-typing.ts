import { pinShapeProblem } from '../../terminal/cashiers/cashier-api';

/** What every PIN field on the till says about a PIN that is not one (the core's own sentence). */
export const PIN_SHAPE = pinShapeProblem('') ?? 'A PIN is 4 to 8 digits.';

/**
 * A PIN as it is typed into a field: digits only. A letter (or anything else) is not taken,
 * and the field says why instead of dropping it silently: `problem` is then the sentence to
 * show; a ninth digit is kept and said too (cut to eight, a PIN would be saved that the
 * manager never typed: found by a probe), so the form refuses it when sent. The first
 * manager's form and the People form both type PINs so.
 */
export function typedPin(raw: string): { pin: string; problem: string | null } {
  const pin = raw.replace(/\D/g, '').slice(0, 64);
  return { pin, problem: pin === raw && pin.length <= 8 ? null : PIN_SHAPE };
}
