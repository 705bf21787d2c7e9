/** Pesos on screen from centavos, in integer arithmetic only: 123450 -> "₱1,234.50". */
export function formatPeso(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const pesos = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const centavos = String(abs % 100).padStart(2, '0');
  return `${sign}₱${pesos}.${centavos}`;
}

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
