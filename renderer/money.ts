/**
 * Pesos on screen and paper from centavos, in integer arithmetic only: 123450 -> "₱1,234.50",
 * -2450 -> "−₱24.50" (one minus sign, U+2212, as what is taken off reads).
 */
export function formatPeso(minor: number): string {
  const sign = minor < 0 ? '−' : '';
  const abs = Math.abs(minor);
  const pesos = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const centavos = String(abs % 100).padStart(2, '0');
  return `${sign}₱${pesos}.${centavos}`;
}

/** An amount taken off ("less ₱8.50"), with its one minus sign: "−₱8.50"; nothing taken off is "₱0.00", never "−₱0.00" or "−−₱8.50". */
export const lessPeso = (minor: number): string => formatPeso(-minor);

const PESO_INPUT = /^\s*₱?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?\s*$/;

/** What the cashier typed ("500", "1,000", "99.5") as centavos; null when it is not an amount. */
export function parsePesoInput(text: string): number | null {
  const match = PESO_INPUT.exec(text);
  if (!match || (match[1] === undefined && !match[2])) return null;
  const pesos = Number((match[1] ?? '0').replace(/,/g, ''));
  const centavos = Number((match[2] ?? '').padEnd(2, '0'));
  const minor = pesos * 100 + centavos;
  return Number.isSafeInteger(minor) ? minor : null;
}
