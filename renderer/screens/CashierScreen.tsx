import { useCallback, useEffect, useRef, useState } from 'react';
import type { Product } from '../../sync/protocol/catalog';
import type { LocalSale, TerminalApi, TerminalStatus } from '../../sync/terminal-api';
import { cartTotalMinor, toSaleLines } from '../cart';
import type { CartStore } from '../cart-store';
import { errorText } from '../error-text';
import { useCart } from '../use-cart';
import { CartPanel } from './CartPanel';
import { CashPayment } from './CashPayment';
import { ProductSearch } from './ProductSearch';
import { ReceiptView } from './ReceiptView';
import { RecentSales } from './RecentSales';

const RECENT_SALES = 10;
/** Until cashiers sign in (a later screen), sales carry this terminal-wide cashier code. */
export const DEFAULT_CASHIER = 'counter';

interface Props {
  api: TerminalApi;
  status: TerminalStatus;
  cartStore: CartStore;
}

export function CashierScreen({ api, status, cartStore }: Props) {
  const cart = useCart(api, cartStore);
  const [receipt, setReceipt] = useState<LocalSale | null>(null);
  const [recent, setRecent] = useState<LocalSale[]>([]);
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const payingNow = useRef(false);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const tenderedRef = useRef<HTMLInputElement | null>(null);
  const receiptId = receipt?.id;

  // Every status push may mean a sale was synced: fetch the receipt and the list again.
  useEffect(() => {
    let live = true;
    api.listSales({ limit: RECENT_SALES }).then((sales) => live && setRecent(sales), () => undefined);
    if (receiptId) api.getSale({ id: receiptId }).then((sale) => live && sale && setReceipt(sale), () => undefined);
    return () => {
      live = false;
    };
  }, [api, status, receiptId]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === 'F2') {
        event.preventDefault();
        tenderedRef.current?.focus();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const add = useCallback(
    (product: Product) => {
      setReceipt(null);
      setError(null);
      cart.add(product).catch((caught: unknown) => setError(errorText(caught, 'The cart could not be opened.')));
    },
    [cart],
  );

  async function pay(tenderedMinor: number) {
    const current = cart.cart;
    // A ref, not only the disabled button: a double click can land before React re-renders.
    if (payingNow.current || !current || current.lines.length === 0) return;
    payingNow.current = true;
    setPaying(true);
    setError(null);
    try {
      const sale = await api.pay({
        cartKey: current.cartKey,
        cashier: DEFAULT_CASHIER,
        lines: toSaleLines(current.lines),
        payments: [{ method: 'cash', amountMinor: tenderedMinor }],
      });
      await cart.clear();
      setReceipt(sale);
      setRecent((sales) => [sale, ...sales.filter((s) => s.id !== sale.id)].slice(0, RECENT_SALES));
    } catch (caught) {
      // The cart keeps its key: paying again is the same sale, never a second one.
      setError(errorText(caught, 'Payment was not recorded. Try again.'));
    } finally {
      payingNow.current = false;
      setPaying(false);
    }
  }

  function nextCustomer() {
    setReceipt(null);
    searchRef.current?.focus();
  }

  const lines = cart.cart?.lines ?? [];
  const showReceipt = receipt !== null && lines.length === 0;
  return (
    <main className="cashier">
      <ProductSearch api={api} onAdd={add} inputRef={searchRef} status={status} />
      <div className="checkout">
        {showReceipt ? (
          <ReceiptView sale={receipt} onNext={nextCustomer} />
        ) : (
          <>
            <CartPanel lines={lines} onChangeQty={cart.changeQty} onRemove={cart.remove} />
            <CashPayment
              key={cart.cart?.cartKey ?? 'no-cart'}
              totalMinor={cartTotalMinor(lines)}
              canPay={cart.loaded && lines.length > 0}
              paying={paying}
              error={error}
              onPay={(tendered) => void pay(tendered)}
              tenderedRef={tenderedRef}
            />
          </>
        )}
      </div>
      <RecentSales sales={recent} onOpen={setReceipt} />
    </main>
  );
}
