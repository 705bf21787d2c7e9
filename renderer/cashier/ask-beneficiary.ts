import type { TerminalApi } from '../../terminal/terminal-api';
import type { Cart } from '../cart';
import type { PromptRequest } from './PromptDialog';
import { MAX_BENEFICIARY_ID, MAX_BENEFICIARY_NAME } from '../../protocol/sales';

/** What F1's questions came to: nothing changed, the discount taken off the cart, or a person and their week. */
export type BeneficiaryAnswer =
  | { kind: 'unchanged' }
  | { kind: 'removed' }
  | { kind: 'chosen'; beneficiary: NonNullable<Cart['beneficiary']>; week: NonNullable<Cart['bnpcWeek']> };

/**
 * F1: the cart is for a senior citizen (RA 9994) or a PWD (RA 10754). Asks S, P or 0, then
 * the ID number and the name as on the ID (Escape at any question changes nothing), and
 * reads what that person had of the 5% on basic necessities this week at this till before
 * the last dialog closes (a failed read is said in it: Enter tries again, Esc changes nothing).
 */
export async function askBeneficiary(
  ask: (request: PromptRequest) => Promise<boolean>,
  api: Pick<TerminalApi, 'bnpcWeek'>,
): Promise<BeneficiaryAnswer> {
  let kind: 'senior_citizen' | 'pwd' | null = null;
  const chosen = await ask({
    title: 'Senior citizen or PWD discount',
    label: 'S senior citizen, P person with a disability, 0 removes it',
    testId: 'beneficiary-kind',
    input: 'text',
    submit: async (text) => {
      const key = text.trim().toUpperCase();
      if (key === '0') return null;
      if (key !== 'S' && key !== 'P') return 'Type S, P or 0.';
      kind = key === 'S' ? 'senior_citizen' : 'pwd';
      return null;
    },
  });
  if (!chosen) return { kind: 'unchanged' };
  if (kind === null) return { kind: 'removed' };
  const what = kind === 'senior_citizen' ? 'Senior citizen (OSCA) ID number' : 'PWD ID number';
  let idNumber = '';
  let name = '';
  const hasId = await ask({
    title: what,
    label: what,
    testId: 'beneficiary-id',
    input: 'text',
    submit: async (text) =>
      (idNumber = text.trim()) === ''
        ? 'The ID number is required.'
        : idNumber.length > MAX_BENEFICIARY_ID
          ? `An ID number has at most ${MAX_BENEFICIARY_ID} characters: check what was typed or scanned.`
          : null,
  });
  if (!hasId) return { kind: 'unchanged' };
  let week = null as BnpcWeekAnswer | null;
  const hasName = await ask({
    title: 'Name on the ID',
    label: 'Full name as on the ID',
    testId: 'beneficiary-name',
    input: 'text',
    submit: async (text) => {
      name = text.trim();
      if (name === '') return 'The name is required.';
      if (name.length > MAX_BENEFICIARY_NAME)
        return `A name has at most ${MAX_BENEFICIARY_NAME} characters here: type it as on the ID, shortened if it must be.`;
      // Read while the dialog is still open: closed first, a fast F2 and Enter paid the cart
      // before the discount was on it (found by a black-box probe), and a sale went without it.
      try {
        week = await api.bnpcWeek({ idNumber });
      } catch {
        return "This person's purchases this week could not be read: press Enter to try again, Esc to leave the cart as it was.";
      }
      return null;
    },
  });
  if (!hasName || week === null) return { kind: 'unchanged' };
  return { kind: 'chosen', beneficiary: { kind, idNumber, name }, week };
}

type BnpcWeekAnswer = NonNullable<Cart['bnpcWeek']>;
