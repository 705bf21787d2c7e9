import { useEffect, useRef } from 'react';
import type { PricedCart } from '../../terminal/money/cart-pricing';
import type { Beneficiary, Buyer } from '../../protocol/sales';
import { bnpcTotalOf, type BnpcCaps, type BnpcWeek } from '../../protocol/senior-discount';
import { itemsText, qtyText, unitOf, weighedLine, type CartLine } from '../cart';
import { formatPeso, lessPeso } from '../money';

const BENEFICIARY = { senior_citizen: 'Senior citizen', pwd: 'PWD' } as const;
const WEIGH_AGAIN = 'Weighed: to change it, select the line and type the new weight (0.500*).';

/**
 * What the person had of the week's 5% on basic necessities at this till before this cart,
 * and what is left: said before paying, so a sale with no 5% is never a surprise.
 */
export function weekText(week: BnpcWeek & BnpcCaps & { counted?: 'this_till' | 'every_till' }): string {
  // The most the rest of the week can give: the rule (bnpcTotalOf) on purchases up to the whole cap.
  const left = bnpcTotalOf(week.weeklyPurchaseCapMinor, week, week);
  const given = `${formatPeso(week.discountMinor)} given on ${formatPeso(week.purchasesMinor)} of basic necessities`;
  // Online, the back office counted the other tills too; offline, the till knows its own sales alone.
  const where = week.counted === 'every_till' ? 'at every till' : 'at this till';
  if (left === 0) return `The week's 5% on basic necessities is used up ${where} (${given}): no 5% on this sale.`;
  if (week.purchasesMinor === 0) return `5% on basic necessities this week ${where}: none given yet; up to ${formatPeso(left)}.`;
  return `5% on basic necessities this week ${where}: ${given}; up to ${formatPeso(left)} left.`;
}

interface Props {
  /** The senior citizen or PWD the cart is for (F1). */
  beneficiary: Beneficiary | null;
  /** The buyer's lines of the invoice (Shift+F1; null: none asked for). */
  buyer: Buyer | null;
  /** Their week of the 5%, as the till counts it (null: nobody, or not read). */
  week: (BnpcWeek & BnpcCaps) | null;
  lines: readonly CartLine[];
  priced: PricedCart;
  /** The line F3, F8 and "2*" act on (PageUp / PageDown move it). */
  selectedSku: string | null;
  /** + or − on a counted line (a weighed one has neither). */
  onChangeQty(sku: string, by: 1 | -1): void;
  onRemove(sku: string): void;
}

export function CartPanel({ beneficiary, buyer, week, lines, priced, selectedSku, onChangeQty, onRemove }: Props) {
  const vat = priced.vat;
  const list = useRef<HTMLUListElement | null>(null);
  const lineCount = lines.length;
  // Where the lines scroll inside the cart (a small screen), the line just scanned or selected is scrolled into sight.
  useEffect(() => keepSelectedInSight(list.current), [selectedSku, lineCount]);
  return (
    <section className="panel cart-panel" aria-label="Cart" data-testid="cart">
      <h2>
        Cart{' '}
        <span className="muted" data-testid="cart-items">
          {itemsText(lines)}
        </span>
      </h2>
      {beneficiary && (
        <p className="beneficiary" data-testid="cart-beneficiary">
          {BENEFICIARY[beneficiary.kind]}: {beneficiary.name} · ID {beneficiary.idNumber}
        </p>
      )}
      {buyer && (
        <p className="beneficiary" data-testid="cart-buyer">
          Sold to: {buyer.name}
          {buyer.tin ? ` · TIN ${buyer.tin}` : ''}
          {buyer.address ? ` · ${buyer.address}` : ''}
        </p>
      )}
      {beneficiary && week && (
        <p className="muted" data-testid="cart-bnpc-week">
          {weekText(week)}
        </p>
      )}
      {lines.length === 0 ? (
        <p className="empty">Scan or search a product to start a sale.</p>
      ) : (
        <ul className="cart-lines" ref={list}>
          {lines.map((line, i) => {
            const amounts = priced.lines[i];
            return (
              <li
                key={line.sku}
                className={`cart-line ${line.sku === selectedSku ? 'cart-line-on' : ''}`}
                data-testid="cart-line"
                data-sku={line.sku}
                data-selected={line.sku === selectedSku}
                aria-current={line.sku === selectedSku ? 'true' : undefined}
              >
                <span className="cart-line-name">
                  {line.name}
                  <small>
                    <span data-testid="cart-line-unit">
                      {formatPeso(line.unitPriceMinor)} {unitOf(line)}
                    </span>
                    {amounts && amounts.discountMinor > 0 && (
                      <span className="discount" data-testid="cart-line-discount">
                        {' '}
                        · {amounts.benefit ? (amounts.benefit.rule === 'vat_exempt_20' ? 'VAT-exempt, 20% ' : '5% ') : ''}less{' '}
                        {formatPeso(amounts.discountMinor)}
                        {beneficiary && !amounts.benefit && (line.scPwdEligible || line.bnpcEligible) ? (
                          <span data-testid="cart-line-promotion-kept"> (its own discount: more than the {line.scPwdEligible ? '20%' : '5%'})</span>
                        ) : null}
                      </span>
                    )}
                  </small>
                </span>
                {weighedLine(line) ? (
                  // A weight has no step: + would add a whole kilo. It changes by weighing again.
                  <span className="qty qty-weighed">
                    <span data-testid="cart-line-qty" title={WEIGH_AGAIN}>
                      {qtyText(line)}
                    </span>
                  </span>
                ) : (
                  <span className="qty">
                    <button
                      type="button"
                      aria-label={`One less ${line.name}`}
                      data-testid="qty-less"
                      onClick={() => onChangeQty(line.sku, -1)}
                      disabled={line.qty <= 1}
                    >
                      −
                    </button>
                    <span data-testid="cart-line-qty">{qtyText(line)}</span>
                    <button type="button" aria-label={`One more ${line.name}`} data-testid="qty-more" onClick={() => onChangeQty(line.sku, 1)}>
                      +
                    </button>
                  </span>
                )}
                <span className="amount">{formatPeso(amounts?.amountMinor ?? 0)}</span>
                <button
                  type="button"
                  className="remove"
                  aria-label={`Void ${line.name}`}
                  data-testid="remove-line"
                  onClick={() => onRemove(line.sku)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {priced.discountMinor > 0 && (
        <p className="receipt-row">
          <span>Discounts</span>
          <span data-testid="cart-discount">{lessPeso(priced.discountMinor)}</span>
        </p>
      )}
      <p className="receipt-row muted">
        <span>
          VATable {formatPeso(vat.vatableMinor)} · VAT {formatPeso(vat.vatMinor)} · exempt {formatPeso(vat.exemptMinor)} · zero-rated{' '}
          {formatPeso(vat.zeroRatedMinor)}
        </span>
      </p>
      <p className="total">
        <span>Total</span>
        <strong data-testid="cart-total">{formatPeso(vat.amountDueMinor)}</strong>
      </p>
    </section>
  );
}

/**
 * Scrolls the cart's own list (never the page) so that its selected line shows. A list that
 * does not scroll (a large screen: the cart grows with the page) is left as it is.
 */
function keepSelectedInSight(list: HTMLUListElement | null): void {
  if (list === null || list.scrollHeight <= list.clientHeight) return;
  const line = list.querySelector<HTMLElement>('[aria-current="true"]');
  if (line === null) return;
  const shown = list.getBoundingClientRect();
  const box = line.getBoundingClientRect();
  if (box.top < shown.top) list.scrollTop -= shown.top - box.top;
  else if (box.bottom > shown.bottom) list.scrollTop += box.bottom - shown.bottom;
}
