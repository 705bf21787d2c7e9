import type { Buyer } from '../../protocol/sales';
import type { PromptRequest } from './PromptDialog';

/** What Shift+F1's questions came to: nothing changed, the buyer taken off the cart, or a buyer. */
export type BuyerAnswer = { kind: 'unchanged' } | { kind: 'removed' } | { kind: 'chosen'; buyer: Buyer };

export const MAX_BUYER_NAME = 200;
export const MAX_BUYER_ADDRESS = 300;

/**
 * A buyer's TIN as typed ("123456789", "123-456-789-000", "123 456 789 00000"), with the dashes
 * the invoice prints: nine digits, then a branch code of three to five where the buyer has one.
 * Null: not a TIN.
 */
export function buyerTin(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^[0-9]{9}([0-9]{3,5})?$/.test(digits)) return null;
  return [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 9), digits.slice(9)].filter((part) => part !== '').join('-');
}

/**
 * Shift+F1: the buyer's lines of the sales invoice ("Sold to", address, TIN), for a buyer who
 * asks for them (a business claiming its input VAT). Asks the registered name (0 removes the
 * buyer), then the address and the TIN, each of which may be left empty (Enter). Escape at
 * any question changes nothing.
 */
export async function askBuyer(ask: (request: PromptRequest) => Promise<boolean>): Promise<BuyerAnswer> {
  let name: string | null = null;
  const named = await ask({
    title: 'Buyer on the invoice',
    label: "Buyer's registered name (0 removes the buyer)",
    testId: 'buyer-name',
    input: 'text',
    submit: async (text) => {
      const typed = text.trim();
      if (typed === '') return 'The name is required (0 removes the buyer).';
      if (typed === '0') return null;
      if (typed.length > MAX_BUYER_NAME) return `A name has at most ${MAX_BUYER_NAME} characters here.`;
      name = typed;
      return null;
    },
  });
  if (!named) return { kind: 'unchanged' };
  if (name === null) return { kind: 'removed' };
  let address = '';
  const addressed = await ask({
    title: "Buyer's address",
    label: 'Address (Enter to leave it empty)',
    testId: 'buyer-address',
    input: 'text',
    submit: async (text) => {
      address = text.trim();
      return address.length > MAX_BUYER_ADDRESS ? `An address has at most ${MAX_BUYER_ADDRESS} characters here.` : null;
    },
  });
  if (!addressed) return { kind: 'unchanged' };
  let tin = '';
  const withTin = await ask({
    title: "Buyer's TIN",
    label: 'TIN, e.g. 123-456-789-00000 (Enter to leave it empty)',
    testId: 'buyer-tin',
    input: 'text',
    submit: async (text) => {
      tin = '';
      if (text.trim() === '') return null;
      const formatted = buyerTin(text);
      if (formatted === null) return 'A TIN is 9 digits, with a branch code of 3 to 5 digits where there is one: 123-456-789-00000.';
      tin = formatted;
      return null;
    },
  });
  if (!withTin) return { kind: 'unchanged' };
  return { kind: 'chosen', buyer: { name, ...(address ? { address } : {}), ...(tin ? { tin } : {}) } };
}
