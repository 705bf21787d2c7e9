/** The longest code the till keeps for a person (terminal/cashiers/cashier-api.ts CashierCode). */
const MOST_CODE_CHARS = 32;

/**
 * The code the first manager is kept under, made from the name typed: lower case, accents
 * dropped ("Concepción" is concepcion), every run of other characters one dash, no dash at
 * either end, at most 32 characters ("manager" when nothing is left). A long name used to
 * make a code the till refuses, and the screen said only "Signing in did not work." (found
 * by a manager's walk: "Maria Concepcion Dela Cruz-Villanueva y Bautista Reyes Gonzales").
 */
export function personCodeOf(name: string): string {
  const code = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MOST_CODE_CHARS)
    .replace(/-+$/, '');
  return code === '' ? 'manager' : code;
}
