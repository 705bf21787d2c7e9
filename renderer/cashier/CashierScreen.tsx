import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Cashier } from '../../terminal/cashiers/cashier-api';
import { parseDiscount, type DiscountRule } from '../../terminal/money/discounts';
import type { Tender } from '../../terminal/money/tender';
import type { Product } from '../../protocol/catalog';
import { milliToQty, qtyToMilli } from '../../protocol/sale-total';
import { quantityFits, soldByWeight, wholeQuantitiesOnly } from '../../protocol/sold-by';
import type { LocalSale, TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { discountsByKind, type Cart, type CartLine, itemsText, pastOneLine, qtyText, pricedCart, tendersTaken, toSaleLines, unitOf } from '../cart';
import type { PricedCart } from '../../terminal/money/cart-pricing';
import type { CartStore } from '../cart-store';
import { askBeneficiary } from './ask-beneficiary';
import { askBuyer } from './ask-buyer';
import { HeldCartsDialog } from './HeldCartsDialog';
import { NoShiftNotice } from './NoShiftNotice';
import { PrintableReceipt } from './PrintableReceipt';
import { recordReceiptPrintsWith } from './receipt-printing';
import { PromptDialog } from './PromptDialog';
import { EMPTY_CART, TenderPanel } from './TenderPanel';
import { voidOnTill, type TillVoidRequest } from './till-void';
import { useCounterDialog } from './use-approval';
import { useCounterKeys } from './use-counter-keys';
import { useCounterSetup } from './use-counter-setup';
import { cashierErrorText, errorCode } from '../error-text';
import { formatPeso } from '../money';
import { useCart } from '../use-cart';
import { CartPanel } from './CartPanel';
import { ProductSearch } from './ProductSearch';
import { RecentSales } from './RecentSales';
import { isCodeOf, readWeight, tooMuchOnOneLine } from './scan-entry';
import { confirmLargeQuantity, isLargeQuantity } from './ask-large-quantity';

const RECENT_SALES = 10;
const PAYMENT_TAKEN =
  'A payment has been taken on this cart. Finish the sale, or give the payment back (cancel the card charge on the card machine, hand back the cash) and remove it with × first.';

interface Props {
  api: TerminalApi;
  status: TerminalStatus;
  cartStore: CartStore;
  cashier: Cashier;
  onSignOut(): void;
  /** Managers only: the people screen. */
  onRoster: (() => void) | null;
}

/** Why this many of the product cannot go on the cart (a fraction of a piece, past what one line holds); null: it can. */
function refusalOfAdding(lines: readonly CartLine[], product: Product, qty: number): string | null {
  if (!quantityFits(product.soldBy, qtyToMilli(qty) ?? 0)) return wholeQuantitiesOnly(product.name);
  const already = lines.find((l) => l.sku === product.sku)?.qty ?? 0;
  return pastOneLine((qtyToMilli(already) ?? 0) + (qtyToMilli(qty) ?? 0)) ? tooMuchOnOneLine(product.name, already) : null;
}

export function CashierScreen({ api, status, cartStore, cashier, onSignOut, onRoster }: Props) {
  const ringUpBy = useMemo(() => ({ code: cashier.code, name: cashier.name }), [cashier.code, cashier.name]);
  const cart = useCart(api, cartStore, ringUpBy);
  const { settings, taxes, profile } = useCounterSetup(api, status);
  const { dialog, ask, askManager, close } = useCounterDialog(api);
  const [receipt, setReceipt] = useState<LocalSale | null>(null);
  const [recent, setRecent] = useState<LocalSale[]>([]);
  // Whether the recent sales were read once: until then a cart brought back from IndexedDB
  // may be one already paid (below), and nothing is added to it.
  const [recentRead, setRecentRead] = useState(false);
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [payRefusal, setPayRefusal] = useState<string | null>(null);
  // What the counter just did, in a live region: on screen when the cashier did not see it happen (a cart held in place
  // of the one recalled); the rest (a line added, chosen or voided, a cart held or back) the screen shows by itself, and
  // only a screen reader is told (announce).
  // A cart held because someone else signed in (here or at the manager desk) is said on screen once.
  const [notice, setNotice] = useState<{ text: string; shown: boolean } | null>(() => {
    const handedOver = cartStore.handoverNotice();
    return handedOver ? { text: handedOver, shown: true } : null;
  });
  useEffect(() => cartStore.handoverNoticeSaid(), [cartStore]);
  const announce = (text: string) => setNotice({ text, shown: false });
  const [selected, setSelected] = useState<string | null>(null);
  const [heldOpen, setHeldOpen] = useState(false);
  // How many carts wait on hold, in sight: a cashier back at the till finds hers there, not only behind F7 (found by a walk).
  const [heldCount, setHeldCount] = useState(0);
  // Bumped once a hold is written: the counter empties before the write, so the count read then missed it (found by a walk).
  const [holdsWritten, setHoldsWritten] = useState(0);
  const payingNow = useRef(false);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const tenderedRef = useRef<HTMLInputElement | null>(null);
  const recentRef = useRef<HTMLTableSectionElement | null>(null);
  const receiptId = receipt?.id;
  const current = cart.cart;
  // Read again whenever a cart may have gone on hold or come back: the list closing, the cart on the counter changing.
  const cartOnCounter = current?.cartKey;
  useEffect(() => {
    let live = true;
    cartStore.listHeld().then(
      (held) => live && setHeldCount(held.length),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [cartStore, heldOpen, cartOnCounter, holdsWritten]);
  const lines = current?.lines ?? [];
  const priced = pricedCart(current ?? { lines }, taxes);
  // "The cart is empty" is over once the cart has lines, however they came (a scan, F7's recall):
  // left up, it would stand beside a cart being paid (found by a cashier walk).
  if (error === EMPTY_CART && lines.length > 0) setError(null);
  // The tender panel starts afresh when one cart gives way to another (a sale paid, a cart
  // recalled), not when the stored cart comes back after a reload: an amount typed meanwhile stays.
  const tenderPanel = useRef({ round: 0, cartKey: null as string | null });
  if (tenderPanel.current.cartKey !== null && tenderPanel.current.cartKey !== (current?.cartKey ?? null)) tenderPanel.current.round += 1;
  tenderPanel.current.cartKey = current?.cartKey ?? null;
  const selectedLine = lines.find((l) => l.sku === selected) ?? lines[lines.length - 1] ?? null;

  useEffect(() => {
    recordReceiptPrintsWith((id) => api.recordPrint({ kind: 'sale', id }));
    return () => recordReceiptPrintsWith(null);
  }, [api]);

  // A receipt opened from the recent sales (F5, Enter) is at the top of the page: bring the
  // page back there, so its numbers are not under the status bar and the scan field is in view.
  // The receipt scrolls in its own column (the sale screen fills the window), where focusing its
  // Next customer had scrolled it to its foot: its top too (its buttons stay in sight, pinned
  // at the column's foot; found by a walk at 1366x768 and 800x600).
  useEffect(() => {
    if (!receiptId) return;
    window.scrollTo({ top: 0 });
    document.querySelector('main.cashier .checkout')?.scrollTo({ top: 0 });
  }, [receiptId]);

  // Every status push may mean a sale was synced: fetch the receipt and the list again.
  useEffect(() => {
    let live = true;
    api.listSales({ limit: RECENT_SALES }).then(
      (sales) => {
        if (!live) return;
        setRecent(sales);
        setRecentRead(true);
      },
      () => live && setRecentRead(true),
    );
    if (receiptId)
      api.getSale({ id: receiptId }).then(
        (sale) => live && sale && setReceipt(sale),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [api, status, receiptId]);

  // A cart paid just before the screen went away (a reload between the payment and the
  // clearing of the cart) comes back from IndexedDB: it is that sale, so its receipt is
  // shown and the cart cleared, rather than left open for items its receipt would not carry.
  const paidAlready = current ? recent.find((sale) => sale.cartKey === current.cartKey) : undefined;
  useEffect(() => {
    if (!paidAlready) return;
    void cart.clear().then(() => setReceipt(paidAlready));
  }, [paidAlready, cart]);

  const focusSearch = () => searchRef.current?.focus();

  /** A cart with a tender taken is never held, voided or put aside: the card charge would be lost from the sale. */
  function paymentTaken(): boolean {
    if (!tendersTaken(current)) return false;
    setError(PAYMENT_TAKEN);
    setPayRefusal('payment_taken');
    return true;
  }

  function hold() {
    if (paymentTaken()) return;
    if (lines.length === 0) return focusSearch();
    const held = itemsText(lines);
    void cart.hold().then(() => {
      setHoldsWritten((n) => n + 1);
      announce(`Cart held (${held}): F7 brings it back.`);
      focusSearch();
    });
  }

  const add = useCallback(
    (product: Product, qty: number): string | null => {
      const refused = refusalOfAdding(lines, product, qty);
      if (refused !== null) return refused;
      const already = lines.find((l) => l.sku === product.sku)?.qty ?? 0;
      if (current && !recentRead) return 'One moment: the till is checking the cart it was on before. Scan again.';
      setReceipt(null);
      setError(null);
      // Said to a screen reader, as the line appearing says it to the eye; the count on the line makes a second scan
      // of the same product a new sentence, read out again.
      const soldBy = product.soldBy;
      const onLine = milliToQty((qtyToMilli(already) ?? 0) + (qtyToMilli(qty) ?? 0));
      const howMany = unitOf({ soldBy, qty }) === 'each' && qty === 1 ? '' : `${qtyText({ soldBy, qty })} × `;
      announce(
        `Added ${howMany}${product.name}: ${formatPeso(Math.round(product.priceMinor * qty))}.` +
          (already > 0 ? ` ${qtyText({ soldBy, qty: onLine })} on the line.` : ''),
      );
      setSelected(product.sku);
      cart.add(product, qty).catch((caught: unknown) => setError(cashierErrorText(caught, 'The cart could not be opened.')));
      return null;
    },
    [cart, current, recentRead, lines],
  );

  // The weight dialog adds with the cart as it is when it closes, not as it was when it opened.
  const addNow = useRef(add);
  addNow.current = add;

  /** A product as the search hands it over: with no quantity typed, one of it, or its weight asked if it is sold by weight. */
  function addOrWeigh(product: Product, typed: number | null): string | null {
    // Scanned or chosen with no weight, a product sold by weight is weighed first, never taken as a whole kilo.
    if (typed === null && soldByWeight(product.soldBy)) {
      void askWeight(product);
      return null;
    }
    const qty = typed ?? 1;
    const already = lines.find((l) => l.sku === product.sku)?.qty ?? 0;
    // Asked when the quantity typed is past what one customer buys, or when it takes the line past it (as + does):
    // the quantity to type again is the one asked about, the typed one or the line's new total.
    const asked = isLargeQuantity(product.soldBy, qty)
      ? qty
      : isLargeQuantity(product.soldBy, already + qty) && !isLargeQuantity(product.soldBy, already)
        ? already + qty
        : null;
    if (asked !== null) {
      // What would refuse it anyway is said first, not after the cashier typed it again.
      const refused = refusalOfAdding(lines, product, qty);
      if (refused !== null) return refused;
      void addLarge(product, qty, asked);
      return null;
    }
    return add(product, qty);
  }

  /** A quantity past what one customer buys, typed once more before the line is rung up (ask-large-quantity.ts): `asked`, the one said. */
  async function addLarge(product: Product, qty: number, asked = qty) {
    const sure = await confirmLargeQuantity(ask, { name: product.name, qty: asked, unitPriceMinor: product.priceMinor });
    const refusal = sure ? addNow.current(product, qty) : null;
    if (refusal) setError(refusal);
    focusSearch();
  }

  /** The weight of a weighed product scanned without one ("0.750"), then the product at that weight. */
  async function askWeight(product: Product) {
    let kg: number | null = null;
    const weighed = await ask({
      title: `Weight of ${product.name}`,
      label: `Weight in kg (${formatPeso(product.priceMinor)} per kg), e.g. 0.750`,
      testId: 'weight',
      submit: async (text) => {
        const read = readWeight(text);
        if (typeof read === 'string') return read;
        kg = read;
        return null;
      },
    });
    if (weighed && kg !== null && isLargeQuantity(product.soldBy, kg)) return addLarge(product, kg);
    const refusal = weighed && kg !== null ? addNow.current(product, kg) : null;
    if (refusal) setError(refusal);
    focusSearch();
  }

  /**
   * Over the limit and not yet approved for this much: a manager's PIN, or the discount is taken back.
   * The limit is on the cart's discounts together, so the manager is asked for all of them, each
   * kind said (found by a walk: 50.00 typed on a cart with 8.50 off a line asked for "₱58.50").
   */
  async function discountAllowed(cartNow: Pick<Cart, 'lines'>, pricedNow: PricedCart): Promise<boolean> {
    if (!current || !settings) return false;
    const discountMinor = pricedNow.discountMinor - pricedNow.benefitMinor;
    const limit = Math.floor((priced.grossMinor * settings.discountApprovalPercent) / 100);
    if (discountMinor <= limit || discountMinor <= (current.approvedDiscountMinor ?? 0)) return true;
    const kinds = discountsByKind(cartNow.lines, pricedNow);
    const said =
      kinds.length > 1
        ? `Discounts of ${formatPeso(discountMinor)} on this sale (${kinds.map((k) => `${formatPeso(k.amountMinor)} ${k.kind === 'cart' ? 'on the cart' : 'on lines'}`).join(' + ')})`
        : `Discount of ${formatPeso(discountMinor)}${kinds[0]?.kind === 'line' ? ' on lines' : kinds[0]?.kind === 'cart' ? ' on the cart' : ''}`;
    const approved = await askManager('discount', current.cartKey, discountMinor, said);
    if (approved !== null) cart.discountApproved(discountMinor);
    return approved !== null;
  }

  async function askDiscount(scope: 'line' | 'cart') {
    const line = selectedLine;
    if (!current || (scope === 'line' && !line)) return;
    let rule: DiscountRule | null = null;
    const given = await ask({
      title: scope === 'line' ? `Discount on ${line?.name}` : 'Discount on the whole cart',
      label: 'Percent (10%) or pesos (25.00); 0 removes it',
      testId: 'discount',
      submit: async (text) => {
        const parsed = parseDiscount(text);
        if (parsed === null) return 'Type e.g. 10% or 25.00.';
        rule = (parsed.kind === 'percent' ? parsed.basisPoints : parsed.minor) === 0 ? null : parsed;
        return null;
      },
    });
    if (!given) return;
    const nextCart = {
      ...current,
      lines: scope === 'line' ? lines.map((l) => (l === line ? { ...l, discount: rule } : l)) : lines,
      discount: scope === 'cart' ? rule : current.discount,
    };
    const next = pricedCart(nextCart, taxes);
    if (await discountAllowed(nextCart, next)) {
      if (scope === 'line' && line) cart.setLineDiscount(line.sku, rule);
      else cart.setCartDiscount(rule);
      // The law's discount and a promotion do not stack: the person gets whichever takes off more
      // (protocol/senior-discount.ts). Said, rather than a discount kept out of sight.
      const kept = scope === 'line' && line && rule ? next.lines[lines.indexOf(line)]?.benefit : null;
      if (kept) {
        const who = current.beneficiary?.kind === 'pwd' ? 'PWD' : 'senior citizen';
        setError(
          `The ${who} ${kept.rule === 'bnpc_5' ? '5%' : '20%'} takes off more than this discount on ${line?.name ?? 'this line'}: the line keeps the ${kept.rule === 'bnpc_5' ? '5%' : '20%'}.`,
        );
      }
    }
    focusSearch();
  }

  /**
   * F10: the next person to sign in must not ring up on this cashier's cart. A cart with a
   * payment on it is finished (or its payment given back) first; a cart with lines is held
   * under the cashier's name, for whoever recalls it (F7).
   */
  async function signOut() {
    if (paymentTaken()) return;
    if (current && lines.length > 0) await cart.hold(`${cashier.name}'s cart`);
    onSignOut();
  }

  /** Shift+F6: hold the cart under a name the cashier will recognise in F7's list. */
  async function holdNamed() {
    if (!current || lines.length === 0 || paymentTaken()) return;
    let name = '';
    const given = await ask({
      title: 'Hold this cart',
      label: 'A name to find it by (e.g. “lady in red”)',
      testId: 'hold-name',
      input: 'text',
      submit: async (text) => {
        name = text;
        return null;
      },
    });
    if (given) {
      const held = itemsText(lines);
      await cart.hold(name);
      setHoldsWritten((n) => n + 1);
      announce(`Cart held as “${name.trim()}” (${held}): F7 brings it back.`);
    }
    focusSearch();
  }

  const recordTillVoid = async (request: TillVoidRequest): Promise<boolean> => {
    try {
      // Kept on the till before the cart changes: the Z reading counts every void, with who approved it.
      return await voidOnTill(api, settings?.voidNeedsApproval ?? true, askManager, request);
    } catch (caught) {
      setError(cashierErrorText(caught, 'The void was not recorded; the cart is unchanged.'));
      return false;
    }
  };

  async function voidSelected(whole: boolean, sku?: string) {
    if (!current || lines.length === 0) return;
    const line = sku === undefined ? selectedLine : (lines.find((l) => l.sku === sku) ?? null);
    if (!whole && !line) return;
    // The last line is the whole cart: with a tender taken it would leave the payment on an empty cart, for the next customer.
    if ((whole || lines.length === 1) && paymentTaken()) return;
    const amount = whole ? priced.totalMinor : (priced.lines[lines.findIndex((l) => l === line)]?.amountMinor ?? 0);
    const voided = await recordTillVoid({
      cartKey: current.cartKey,
      kind: whole ? 'cart' : 'line',
      amountMinor: amount,
      // How many and how much, as the quantity-lowering prompt says it (found by a probe: "Void Colgate…" said neither).
      what: whole
        ? `Void the whole cart (${itemsText(lines)}, ${formatPeso(amount)})`
        : `Void ${line?.name ?? 'line'} (${line ? `${qtyText(line)} × ${formatPeso(line.unitPriceMinor)}, ` : ''}${formatPeso(amount)})`,
      ...(line && !whole ? { line: { sku: line.sku, name: line.name, qty: line.qty } } : {}),
    });
    if (!voided) return;
    if (whole) await cart.clear();
    else if (line) cart.remove(line.sku);
    announce(whole ? `Cart voided: ${formatPeso(amount)}.` : `Voided ${line?.name ?? 'the line'}: ${formatPeso(amount)}.`);
    focusSearch();
  }

  /**
   * A line's new quantity. More is free; less is a void of the difference (the − button, or
   * "1*" on a line of 5): approved and recorded like F8, valued at what the line's amount drops by.
   * A fraction of a product sold by the piece is refused: the answer is the words to show.
   */
  async function changeLineQty(sku: string, qty: number): Promise<string | null> {
    const line = lines.find((l) => l.sku === sku);
    if (!current || !line) return null;
    const milli = qtyToMilli(qty) ?? 0;
    if (!quantityFits(line.soldBy, milli)) return wholeQuantitiesOnly(line.name);
    if (pastOneLine(milli)) return tooMuchOnOneLine(line.name, line.qty);
    const before = qtyToMilli(line.qty) ?? 0;
    if (milli >= before) {
      // Asked once, as the line crosses into what one customer does not buy: not at every + after.
      if (milli > before && isLargeQuantity(line.soldBy, qty) && !isLargeQuantity(line.soldBy, line.qty)) {
        const sure = await confirmLargeQuantity(ask, { name: line.name, qty, unitPriceMinor: line.unitPriceMinor });
        focusSearch();
        if (!sure) return null;
      }
      cart.setQty(sku, qty);
      return null;
    }
    const index = lines.indexOf(line);
    const lowered = pricedCart({ ...current, lines: lines.map((l) => (l === line ? { ...l, qty } : l)) }, taxes);
    const off = milliToQty(before - milli);
    const voided = await recordTillVoid({
      cartKey: current.cartKey,
      kind: 'line',
      amountMinor: Math.max(0, (priced.lines[index]?.amountMinor ?? 0) - (lowered.lines[index]?.amountMinor ?? 0)),
      what: `Take ${off} off ${line.name} (${line.qty} to ${qty})`,
      line: { sku, name: line.name, qty: off },
    });
    if (voided) cart.setQty(sku, qty);
    focusSearch();
    return null;
  }

  /**
   * + or −: the core says what one more or one less is (stepQuantity), and refuses it on a
   * weighed line (weigh it again); one less is then a void of one, as any quantity lowered.
   */
  async function stepLine(sku: string, by: 1 | -1) {
    const line = lines.find((l) => l.sku === sku);
    if (!line) return;
    try {
      const { qty } = await api.stepQuantity({ sku, qty: line.qty, by });
      const refused = await changeLineQty(sku, qty);
      if (refused !== null) setError(refused);
    } catch (caught) {
      setError(cashierErrorText(caught, 'The quantity was not changed.'));
    }
  }

  async function pay(payments: Tender[]) {
    // The cart as it is now, not as last rendered: a change just made (F1's discount) is in it.
    const now = cart.latest() ?? current;
    // A ref, not only the disabled button: a double click can land before React re-renders.
    if (payingNow.current || !now || now.lines.length === 0) return;
    const pricedNow = pricedCart(now, taxes);
    // The law's senior citizen / PWD discount needs no manager: the core checks it against the rule instead.
    if (!(await discountAllowed(now, pricedNow))) return;
    payingNow.current = true;
    setPaying(true);
    setError(null);
    setPayRefusal(null);
    try {
      const sale = await api.pay({
        cartKey: now.cartKey,
        cashier: cashier.code,
        lines: toSaleLines(now.lines, pricedNow),
        payments,
        ...(now.beneficiary ? { beneficiary: now.beneficiary } : {}),
        ...(now.buyer ? { buyer: now.buyer } : {}),
        // The week the 5% was priced with (every till's, when the back office said): the core counts no less than its own.
        ...(now.beneficiary && now.bnpcWeek
          ? { bnpcWeek: { purchasesMinor: now.bnpcWeek.purchasesMinor, discountMinor: now.bnpcWeek.discountMinor } }
          : {}),
        discounts: discountsByKind(now.lines, pricedNow),
      });
      await cart.clear();
      setReceipt(sale);
      setRecent((sales) => [sale, ...sales.filter((s) => s.id !== sale.id)].slice(0, RECENT_SALES));
    } catch (caught) {
      // The cart keeps its key: paying again is the same sale, never a second one.
      setError(cashierErrorText(caught, 'Payment was not recorded. Try again.'));
      setPayRefusal(errorCode(caught));
    } finally {
      payingNow.current = false;
      setPaying(false);
    }
  }

  /** F1: a senior citizen's or a PWD's discount on this cart (ask-beneficiary.ts). */
  async function takeBeneficiary() {
    if (!current) return;
    try {
      const answer = await askBeneficiary(ask, api);
      if (answer.kind === 'removed') cart.setBeneficiary(null, null);
      if (answer.kind === 'chosen') cart.setBeneficiary(answer.beneficiary, answer.week);
    } catch (caught) {
      setError(cashierErrorText(caught, 'The discount could not be applied.'));
    }
    focusSearch();
  }

  /** Shift+F1: the buyer's name, address and TIN on this cart's invoice (ask-buyer.ts). */
  async function takeBuyer() {
    if (!current) return setError('Scan the first item, then Shift+F1 for the buyer on the invoice.');
    const answer = await askBuyer(ask);
    if (answer.kind === 'removed') cart.setBuyer(null);
    if (answer.kind === 'chosen') cart.setBuyer(answer.buyer);
    focusSearch();
  }

  function moveSelection(step: number) {
    const at = lines.findIndex((l) => l === selectedLine);
    const next = lines[Math.max(0, Math.min(lines.length - 1, at + step))];
    if (!next) return;
    setSelected(next.sku);
    announce(`Selected: ${next.name}, ${qtyText(next)} × ${formatPeso(next.unitPriceMinor)}.`);
  }

  useCounterKeys(
    {
      F1: () => void takeBeneficiary(),
      'Shift+F1': () => void takeBuyer(),
      // Nothing to pay: said where the payment would show, rather than a key that does nothing.
      F2: () => (lines.length === 0 ? setError(EMPTY_CART) : tenderedRef.current?.focus()),
      F3: () => void askDiscount('line'),
      F4: () => void askDiscount('cart'),
      F5: () => recentRef.current?.querySelector<HTMLElement>('button')?.focus(),
      F6: hold,
      'Shift+F6': () => void holdNamed(),
      F7: () => setHeldOpen(true),
      F8: () => void voidSelected(false),
      F9: () => void voidSelected(true),
      F10: () => void signOut(),
      PageUp: () => moveSelection(-1),
      PageDown: () => moveSelection(1),
      Escape: () => {
        if (receipt !== null && lines.length === 0) nextCustomer();
      },
    },
    dialog !== null || heldOpen,
  );

  /** F5, Enter: a receipt shows on an empty counter only; said, rather than one shown later by itself. */
  function openReceipt(sale: LocalSale) {
    if (lines.length > 0)
      return setError(`Finish, hold (F6) or void (F9) the cart on the counter first: ${sale.localNumber} opens on an empty counter.`);
    setError(null);
    setReceipt(sale);
  }

  function nextCustomer() {
    setReceipt(null);
    focusSearch();
  }

  const showReceipt = receipt !== null && lines.length === 0;
  return (
    <main className="cashier">
      <div className="who" data-testid="who-is-ringing">
        Ringing up: <strong data-testid="signed-in-cashier">{cashier.name}</strong> <small>({cashier.role})</small>
        {onRoster && (
          <button type="button" onClick={onRoster} data-testid="open-roster">
            People
          </button>
        )}
        <button type="button" onClick={() => void signOut()} data-testid="sign-out">
          Sign out <kbd>F10</kbd>
        </button>
        {heldCount > 0 && (
          <span className="held-count" data-testid="held-count">
            {heldCount === 1 ? '1 cart on hold' : `${heldCount} carts on hold`} <kbd>F7</kbd>
          </span>
        )}
        <NoShiftNotice api={api} status={status} receiptId={receiptId} />
        <span className={`notice counter-notice ${notice?.shown ? '' : 'visually-hidden'}`} role="status" data-testid="counter-notice">
          {notice?.text}
        </span>
        <span className="keys muted">
          F1 senior/PWD · Shift+F1 buyer · F2 pay · F3 line discount · F4 cart discount · F5 sales · F6 hold · F7 recall · F8 void line · F9 void cart
        </span>
      </div>
      <ProductSearch
        api={api}
        onAdd={addOrWeigh}
        onQuantity={(qty) => (selectedLine ? changeLineQty(selectedLine.sku, qty) : Promise.resolve(null))}
        inputRef={searchRef}
        status={status}
      />
      <div className="checkout">
        {showReceipt ? (
          // Its own key: a receipt opened over another (F5, Enter) is new, and its Next customer takes the keys (P prints it).
          <PrintableReceipt
            key={receipt.id}
            sale={receipt}
            status={status}
            taxes={taxes}
            profile={profile}
            onNext={nextCustomer}
            onNextSaleKey={focusSearch}
          />
        ) : (
          <>
            <CartPanel
              beneficiary={current?.beneficiary ?? null}
              buyer={current?.buyer ?? null}
              week={current?.bnpcWeek ?? null}
              lines={lines}
              priced={priced}
              selectedSku={selectedLine?.sku ?? null}
              onChangeQty={(sku, by) => void stepLine(sku, by)}
              onRemove={(sku) => void voidSelected(false, sku)}
            />
            <TenderPanel
              key={tenderPanel.current.round}
              amountDueMinor={priced.vat.amountDueMinor}
              tenders={current?.tenders ?? []}
              onTenders={(tenders) => {
                cart.setTenders(tenders);
                // The payment given back and removed: what held back F6, F9 or F10 no longer does.
                if (tenders.length === 0 && payRefusal === 'payment_taken') {
                  setError(null);
                  setPayRefusal(null);
                }
              }}
              canPay={cart.loaded && lines.length > 0}
              paying={paying}
              error={error}
              errorCode={payRefusal}
              onPay={(p) => void pay(p)}
              tenderedRef={tenderedRef}
              findProduct={async (code) => {
                const [top] = await api.searchProducts({ query: code, limit: 1 });
                return top && isCodeOf(top, code) ? top : null;
              }}
              onScannedProduct={(product) => {
                const refused = add(product, 1);
                focusSearch();
                return refused;
              }}
              onBackToScan={focusSearch}
            />
          </>
        )}
      </div>
      <RecentSales sales={recent} timeZone={status.timeZone} onOpen={openReceipt} onLeave={focusSearch} bodyRef={recentRef} />
      {dialog && (
        <PromptDialog
          key={dialog.title + dialog.label}
          request={dialog}
          onClose={() => {
            close();
            focusSearch();
          }}
        />
      )}
      {heldOpen && (
        <HeldCartsDialog
          store={cartStore}
          taxes={taxes}
          timeZone={status.timeZone}
          onClose={() => {
            setHeldOpen(false);
            focusSearch();
          }}
          onRecall={(recalled) => {
            setHeldOpen(false);
            if (paymentTaken()) return focusSearch();
            setReceipt(null);
            // The cart on the counter is held in the recalled one's place: said, never swapped silently.
            const replaced = lines.length > 0 ? itemsText(lines) : null;
            const back = `Cart back on the counter${recalled.heldName ? ` (“${recalled.heldName}”)` : ''}: ${itemsText(recalled.lines)}.`;
            void cart.recall(recalled.cartKey).then(() => {
              setNotice(
                replaced
                  ? { text: `${back} The cart that was on the counter (${replaced}) is held: F7 brings it back.`, shown: true }
                  : { text: back, shown: false },
              );
              focusSearch();
            });
          }}
        />
      )}
    </main>
  );
}
