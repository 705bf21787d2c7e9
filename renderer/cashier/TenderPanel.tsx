import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { MAX_PAYMENT_REFERENCE, TENDER_NAMES } from '../../protocol/sales';
import { refusePayment, refuseTender, tenderState, type Tender, type TenderRefusal } from '../../terminal/money/tender';
import type { PaymentMethod } from '../../protocol/sales';
import type { Product } from '../../protocol/catalog';
import { formatPeso, parsePesoInput } from '../money';
import {
  amountTooLarge,
  CONFIRM_CHANGE_FROM_MINOR,
  confirmChange,
  KeyPace,
  mayBeProductCode,
  productNotAmount,
  scannedAdded,
  scannedUnknown,
} from './amount-entry';

const NOT_AN_AMOUNT = 'An amount is digits, with centavos after a point: 500 or 99.75.';
const referenceTooLong = (length: number) =>
  `A reference is at most ${MAX_PAYMENT_REFERENCE} characters: this one has ${length.toLocaleString('en-PH')}. Nothing was cut: check what was pasted.`;

/**
 * What the panel shows: an Enter is taken for this, and only while the panel still shows it,
 * untouched since (`edits` counts every change of amount, reference or method and every Esc:
 * an amount blanked and typed again is not the one Enter was pressed on).
 */
interface Screen {
  amount: string;
  method: PaymentMethod;
  reference: string;
  edits: number;
}
const sameScreen = (a: Screen, b: Screen) => a.edits === b.edits && a.amount === b.amount && a.method === b.method && a.reference === b.reference;

/** What F2 or Enter says with nothing to pay (CashierScreen says it for F2). */
export const EMPTY_CART = 'The cart is empty: scan a product first.';

const METHOD_KEYS: Record<string, PaymentMethod> = { c: 'cash', k: 'card', o: 'other' };
const LABELS = TENDER_NAMES;
const REFUSALS: Record<TenderRefusal, string> = {
  zero_amount: 'Type an amount above zero.',
  non_cash_over_due: 'A card or other tender cannot be more than what is still due: change is given only from cash.',
  already_covered: 'The sale is already paid in full.',
  too_large: 'That is more than a till can take: check the amount (a barcode scanned into it?) and the slip reference (at most 120 characters).',
};

interface Props {
  amountDueMinor: number;
  /** The tenders taken on this cart; kept with the cart, so a reload does not lose them. */
  tenders: readonly Tender[];
  onTenders(tenders: Tender[]): void;
  canPay: boolean;
  paying: boolean;
  error: string | null;
  onPay(payments: Tender[]): void;
  tenderedRef: RefObject<HTMLInputElement | null>;
  /** The code of the refusal shown, for diagnostics (data-code), never in the words. */
  errorCode?: string | null;
  /** The product whose barcode or SKU is exactly this (null: none). */
  findProduct(code: string): Promise<Product | null>;
  /** A product scanned into the amount field before any tender: rung up; the words of a refusal, or null. */
  onScannedProduct(product: Product): string | null;
  /** Esc in the amount field: back to scanning. */
  onBackToScan(): void;
}

/**
 * Tenders, one after another, until the sale is covered; then it pays by itself.
 * In the amount field: C cash, K card, O other; Enter takes the amount (blank: what is still due).
 */
export function TenderPanel(props: Props) {
  const { amountDueMinor, tenders, onTenders, canPay, paying, error, errorCode, onPay, tenderedRef } = props;
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The amount a large change was asked about: its button (or Ctrl+Enter) takes it.
  const [confirmFor, setConfirmFor] = useState<string | null>(null);
  const referenceRef = useRef<HTMLInputElement | null>(null);
  /**
   * "200", then K: the amount is typed, the slip's reference is what comes next, so the cursor
   * goes there once its field shows (found by a walk: the reference was typed into the amount).
   */
  const referenceNext = useRef(false);
  useEffect(() => {
    if (!referenceNext.current || method === 'cash') return;
    referenceNext.current = false;
    referenceRef.current?.focus();
  }, [method]);
  const pace = useRef(new KeyPace());
  // An amount being checked against the catalog: an Enter meanwhile is remembered with what the
  // panel showed at it, and taken once the check is done, only if the panel still shows that.
  const checking = useRef<{ again: (Screen & { confirmed: boolean }) | null } | null>(null);
  const edits = useRef(0);
  const edited = () => void (edits.current += 1);
  // The panel goes with its cart (CashierScreen remounts it for another one): a check answered after that takes nothing.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);
  const latest = useRef({ screen: { amount, method, reference, edits: edits.current } as Screen, take, settle });
  // An amount typed for what a cart was due (a discount, a line more or less since) is not
  // taken for what it is due now: blank again, it means "what is still due". Typed before
  // there was a cart to pay (none yet, or the stored one still coming back after a reload),
  // it is the money handed over, and stays.
  // (React's pattern for state that follows a prop: set while rendering, rendered again at once.)
  const [typedFor, setTypedFor] = useState({ dueMinor: amountDueMinor, payable: canPay });
  if (typedFor.dueMinor !== amountDueMinor || typedFor.payable !== canPay) {
    if (typedFor.dueMinor !== amountDueMinor && typedFor.payable) {
      setAmount('');
      setRefusal(null);
    }
    // "The cart is empty" is over once there is something to pay (a held cart recalled, an item scanned).
    if (canPay && refusal === EMPTY_CART) setRefusal(null);
    setTypedFor({ dueMinor: amountDueMinor, payable: canPay });
  }
  const state = tenderState(amountDueMinor, tenders);
  const tooLarge = amountTooLarge(amount);
  // Said as it is typed, as too large an amount is (found by a probe: letters were kept until Enter).
  const typedProblem = tooLarge
    ? REFUSALS.too_large
    : amount.trim() !== '' && parsePesoInput(amount) === null && /[^\d.,₱\s]/.test(amount)
      ? NOT_AN_AMOUNT
      : reference.length > MAX_PAYMENT_REFERENCE
        ? referenceTooLong(reference.length)
        : null;
  const typedMinor = amount.trim() === '' ? state.remainingMinor : tooLarge ? null : parsePesoInput(amount);

  async function take(event?: FormEvent, confirmed = false): Promise<void> {
    event?.preventDefault();
    const scanned = pace.current.burst(performance.now());
    if (!canPay || paying) return;
    const screen: Screen = { amount, method, reference, edits: edits.current };
    if (checking.current) {
      // Ctrl+Enter then Enter on the same screen: still the deliberate one.
      const prior = checking.current.again;
      return void (checking.current.again = { ...screen, confirmed: confirmed || (prior !== null && sameScreen(prior, screen) && prior.confirmed) });
    }
    const typed = amount.trim();
    // A barcode or SKU where the money goes (a scanner's digits and Enter land wherever the focus is): never cash.
    if (typed !== '' && mayBeProductCode(typed)) {
      const check: { again: (Screen & { confirmed: boolean }) | null } = (checking.current = { again: null });
      const product = await props.findProduct(typed).catch(() => null);
      checking.current = null;
      // The Enter that counts is the last one, and only for what the panel still shows: anything
      // changed since it (the amount blanked by Esc, K pressed, a slip reference being typed)
      // waits for another Enter. Found by a review: Enter, Enter, Esc took what was due in cash;
      // Enter, K took the amount as cash; a reference typed after a second Enter was taken half typed.
      if (!mounted.current) return;
      const now = latest.current;
      const last = check.again ?? { ...screen, confirmed };
      if (!sameScreen({ ...now.screen, edits: edits.current }, last)) return;
      // Another amount entered meanwhile: checked in its turn.
      if (last.amount.trim() !== typed) return now.take(undefined, last.confirmed);
      if (product && tenders.length === 0 && (scanned || typed.length >= 8)) {
        setAmount('');
        setRefusal(null);
        const refused = props.onScannedProduct(product);
        return refused ? setRefusal(refused) : setNotice(scannedAdded(product.name, typed));
      }
      if (product) return setRefusal(productNotAmount(product.name, typed));
      if (scanned) return setRefusal(scannedUnknown(typed));
      return now.settle(last.confirmed);
    }
    settle(confirmed);
  }

  /** The rest of Enter, once what was typed is known not to be a product's code. */
  function settle(confirmed: boolean): void {
    if (!canPay || paying) return;
    if (tooLarge) return setRefusal(REFUSALS.too_large);
    if (state.covered && tenders.length > 0) {
      const refused = refusePayment(amountDueMinor, tenders);
      return refused ? setRefusal(REFUSALS[refused]) : onPay([...tenders]);
    }
    // Nothing due (a 100% discount, a free item): the sale is recorded and printed at ₱0.00, no money taken.
    if (amountDueMinor === 0 && tenders.length === 0 && amount.trim() === '') return onPay([{ method: 'cash', amountMinor: 0 }]);
    if (typedMinor === null) return setRefusal(NOT_AN_AMOUNT);
    // Refused whole, never cut: a paste that long is not a slip's reference.
    if (reference.length > MAX_PAYMENT_REFERENCE) return setRefusal(referenceTooLong(reference.length));
    const tender: Tender = { method, amountMinor: typedMinor, ...(method === 'cash' ? {} : reference.trim() ? { reference: reference.trim() } : {}) };
    const refused = refuseTender(amountDueMinor, tenders, tender);
    if (refused) return setRefusal(REFUSALS[refused]);
    const changeMinor = state.paidMinor + tender.amountMinor - amountDueMinor;
    if (method === 'cash' && !confirmed && changeMinor >= CONFIRM_CHANGE_FROM_MINOR) {
      setConfirmFor(amount);
      return setRefusal(confirmChange(tender.amountMinor, changeMinor));
    }
    // The money is proved by its reference: a card's slip, an e-wallet's (GCash, Maya) or a check's number (found by a probe: "other" asked for none).
    if (method !== 'cash' && reference.trim() === '') {
      setRefusal(
        method === 'card' ? 'Type the card slip reference, then Enter.' : 'Type the reference (GCash or Maya reference, check number), then Enter.',
      );
      return referenceRef.current?.focus();
    }
    const next = [...tenders, tender];
    onTenders(next);
    setAmount('');
    setReference('');
    setMethod('cash');
    setRefusal(null);
    setNotice(null);
    tenderedRef.current?.focus();
    if (tenderState(amountDueMinor, next).covered) onPay(next);
  }

  /** Another tender: after a refusal, the amount refused goes with it (50 refused on a card is not 50 in cash). */
  function pick(next: PaymentMethod) {
    edited();
    setMethod(next);
    if (refusal !== null) setAmount('');
    setRefusal(null);
  }

  latest.current = { screen: { amount, method, reference, edits: edits.current }, take, settle };

  /**
   * Esc in the amount or the reference field: the tender being typed is dropped (its amount, its
   * reference, the card or other picked for it: cash again) and the cashier is back to scanning;
   * the tenders taken stay. Found by a walk: Esc in a card's slip reference did nothing, and F2
   * then found the card's amount still there, the next digits typed after it.
   */
  function backOut(event: KeyboardEvent<HTMLInputElement>) {
    event.preventDefault();
    edited();
    setAmount('');
    setReference('');
    setMethod('cash');
    setRefusal(null);
    props.onBackToScan();
  }

  function onAmountKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key.length === 1) pace.current.key(performance.now());
    if (event.key === 'Escape') return backOut(event);
    // The deliberate Enter a large change asks for: a scanner ends its code with a plain Enter.
    if (event.key === 'Enter' && event.ctrlKey && canPay) {
      event.preventDefault();
      void take(undefined, true);
      return;
    }
    // The Pay button is disabled with nothing to pay, and a disabled button takes no Enter: say why here.
    if (event.key === 'Enter' && !canPay && !paying) {
      event.preventDefault();
      setRefusal(EMPTY_CART);
      return;
    }
    // C, K, O choose the tender on an empty field or after an amount ("500", then K); after
    // other text they are typed like any letter, for the amount check to refuse: "abc" must not
    // turn a card into cash on its "c" (found by a cashier walk).
    const picked = METHOD_KEYS[event.key.toLowerCase()];
    if (picked && !event.ctrlKey && !event.altKey && /^[\d.,₱\s]*$/.test(amount)) {
      event.preventDefault();
      const amountTyped = amount.trim() !== '';
      if (picked !== 'cash' && amountTyped && picked === method) referenceRef.current?.focus();
      else referenceNext.current = picked !== 'cash' && amountTyped;
      pick(picked);
    }
  }

  // Tenders taken and the rest not covered: "Still due", unless the amount being typed covers it, when the change
  // it gives is shown as it is typed (found by a walk: ₱200 cash typed after a card showed "Still due", no change).
  const typedCovers = amount.trim() !== '' && typedMinor !== null && state.paidMinor + typedMinor >= amountDueMinor;
  const short = tenders.length > 0 && !state.covered && !typedCovers;
  return (
    <form className="panel payment-panel" onSubmit={(e) => void take(e)} aria-label="Payment" data-testid="tender-panel">
      <div className="methods" role="radiogroup" aria-label="Tender">
        {(Object.keys(LABELS) as PaymentMethod[]).map((m) => (
          <button
            type="button"
            key={m}
            role="radio"
            aria-checked={method === m}
            className={method === m ? 'method method-on' : 'method'}
            onClick={() => pick(m)}
            data-testid={`tender-${m}`}
          >
            {LABELS[m]} <kbd>{m === 'cash' ? 'C' : m === 'card' ? 'K' : 'O'}</kbd>
          </button>
        ))}
      </div>
      <label className="tendered">
        {LABELS[method]} received <small>(F2; blank = {formatPeso(state.remainingMinor)})</small>
        <input
          ref={tenderedRef}
          data-testid="cash-tendered"
          inputMode="decimal"
          placeholder={formatPeso(state.remainingMinor)}
          value={amount}
          onChange={(e) => {
            edited();
            setAmount(e.target.value);
            setRefusal(null);
            setNotice(null);
          }}
          onKeyDown={onAmountKey}
          autoComplete="off"
        />
      </label>
      {method !== 'cash' && (
        <label className="tendered">
          {method === 'card' ? 'Slip reference' : 'Reference (GCash, Maya, check no.)'}
          <input
            ref={referenceRef}
            data-testid="tender-reference"
            value={reference}
            onChange={(e) => {
              edited();
              setReference(e.target.value);
              setRefusal(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') backOut(e);
            }}
            autoComplete="off"
          />
        </label>
      )}
      {tenders.length > 0 && (
        <ul className="tenders" data-testid="tenders">
          {tenders.map((t, i) => (
            <li key={i} data-testid="tender-line" data-method={t.method}>
              <span>
                {LABELS[t.method]} {t.reference ? <small>ref {t.reference}</small> : null}
              </span>
              <span>{formatPeso(t.amountMinor)}</span>
              <button
                type="button"
                className="remove"
                aria-label={`Remove the ${LABELS[t.method].toLowerCase()} tender of ${formatPeso(t.amountMinor)}`}
                onClick={() => {
                  onTenders(tenders.filter((_, j) => j !== i));
                  // The button goes with its tender: the keyboard goes back to the scan field, not to nowhere.
                  props.onBackToScan();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="change">
        <span>{short ? 'Still due' : 'Change due'}</span>
        <strong data-testid="change-due" className={short ? 'short' : ''}>
          {short
            ? formatPeso(state.remainingMinor)
            : typedMinor === null
              ? '—'
              : formatPeso(Math.max(0, state.paidMinor + (method === 'cash' ? typedMinor : 0) - amountDueMinor))}
        </strong>
      </p>
      {(refusal ?? typedProblem ?? error) && (
        <p className="error" role="alert" data-testid="pay-error" data-code={refusal || typedProblem ? undefined : (errorCode ?? undefined)}>
          {refusal ?? typedProblem ?? error}
        </p>
      )}
      {refusal !== null && confirmFor === amount && (
        <button type="button" onClick={() => void take(undefined, true)} data-testid="confirm-cash">
          Take {formatPeso(typedMinor ?? 0)} cash <kbd>Ctrl+Enter</kbd>
        </button>
      )}
      {notice && (
        <p className="notice" role="status" data-testid="pay-notice">
          {notice}
        </p>
      )}
      <button type="submit" className="primary pay" disabled={!canPay || paying} data-testid="pay-button">
        {paying ? 'Paying…' : `Pay ${formatPeso(short ? state.remainingMinor : amountDueMinor)}`} <kbd>Enter</kbd>
      </button>
    </form>
  );
}
