import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Product } from '../../protocol/catalog';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { isCodeOf, onlyExactMatch, readScanEntry } from './scan-entry';
import { formatPeso } from '../money';

const RESULT_LIMIT = 30;
const CATALOG_WAIT_MS = 2_000;

interface Props {
  api: TerminalApi;
  /**
   * Adds it (`qty` null: none was typed, one of it, or the weight asked for a product sold by
   * weight); or refuses it (a fraction of a product sold by the piece) with the words to show.
   */
  onAdd(product: Product, qty: number | null): string | null;
  /** "2*" or "0.750*" alone: the quantity of the selected line; resolves to the words of a refusal, or null. */
  onQuantity(qty: number): Promise<string | null>;
  inputRef: RefObject<HTMLInputElement | null>;
  /** Products may arrive from the back office after the screen opened: search again on every status push. */
  status: TerminalStatus;
}

/** Type a name, a SKU or scan a barcode; Enter adds the top result. */
export function ProductSearch({ api, onAdd, onQuantity, inputRef, status }: Props) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Product[]>([]);
  const [error, setError] = useState<string | null>(null);
  // A refused entry (1.5 of a bottle): its reason stays until the next key, while the field is free for the next scan.
  const [refusal, setRefusal] = useState<string | null>(null);
  const [catalogWait, setCatalogWait] = useState(0);
  const latest = useRef(0);

  const entry = readScanEntry(query);
  const searchText = entry?.kind === 'product' ? entry.code : entry?.kind === 'quantity' ? '' : query.trim();
  useEffect(() => {
    const asked = ++latest.current;
    api.searchProducts({ query: searchText, limit: RESULT_LIMIT }).then(
      (found) => {
        if (asked !== latest.current) return;
        setResults(found);
        setError(null);
      },
      () => asked === latest.current && setError('Products cannot be searched right now.'),
    );
  }, [api, searchText, status, catalogWait]);

  // A terminal paired a moment ago has no catalog yet, and its arrival is no status change:
  // look again every few seconds until the first products are there.
  const catalogEmpty = query.trim() === '' && results.length === 0;
  useEffect(() => {
    if (!catalogEmpty) return;
    const timer = setInterval(() => setCatalogWait((n) => n + 1), CATALOG_WAIT_MS);
    return () => clearInterval(timer);
  }, [catalogEmpty]);

  /** `qty` null: none typed (a click on a result, a bare scan). */
  function add(product: Product, qty: number | null = null) {
    setRefusal(onAdd(product, qty));
    setQuery('');
    inputRef.current?.focus();
  }

  // What an Enter is being looked up for: a second Enter on the same text meanwhile (a key that
  // bounces, a scanner ending its codes with CR+LF, a tired double press) is the same entry, not
  // a second item (found by a cashier walk: "pandesal", Enter, Enter added it twice). The guard
  // holds until the text changes (typed again); a refusal frees it, so Enter on the same text
  // asks again (the catalog may have arrived meanwhile).
  const looking = useRef<string | null>(null);
  // Entries taken by Enter whose product is still being looked up: the field says it is busy (aria-busy) meanwhile.
  const [lookingUp, setLookingUp] = useState(0);
  // Bumped to select the field's text once it is back in view (a refusal's).
  const [selectText, setSelectText] = useState(0);
  useEffect(() => {
    if (selectText > 0) inputRef.current?.select();
  }, [selectText, inputRef]);

  // A scanner types the barcode and Enter faster than results render: what is typed now is
  // taken, and the field is free at once for the next scan, typed while this one is looked up
  // (two scans back to back used to lose the second: the first's answer cleared the field).
  async function addTopResult() {
    const typed = query;
    if (looking.current === typed) return;
    const entry = readScanEntry(typed);
    if (entry === null) return;
    if (entry.kind === 'invalid') return refuse(entry.reason);
    looking.current = typed;
    setQuery('');
    if (entry.kind === 'quantity') {
      setRefusal(await onQuantity(entry.qty));
      return;
    }
    // Busy while the product is looked up only: a question it then asks (a weight, a large quantity) is its own dialog.
    setLookingUp((n) => n + 1);
    try {
      // An exact barcode or SKU comes first: a scan adds that product, never a look-alike.
      const [top] = await api.searchProducts({ query: entry.code, limit: 1 });
      const exact = top !== undefined && isCodeOf(top, entry.code);
      // An amount or a percentage (not bare digits, which may be a barcode) is said to be one.
      const amount = onlyExactMatch(entry.code) && !/^\d+$/.test(entry.code);
      if (top && (exact || !onlyExactMatch(entry.code))) setRefusal(onAdd(top, entry.bare ? null : entry.qty));
      else if (amount)
        refuse(`“${entry.code}” is not a product: to pay, press F2 first; a discount is F3 on the selected line, F4 on the cart.`, typed);
      else if (top) refuse(`No product has the barcode or code “${entry.code}”: to pay, press F2 first.`, typed);
      else refuse(`No product matches “${entry.code}”.`, typed);
    } catch {
      refuse('Products cannot be searched right now.', typed);
    } finally {
      setLookingUp((n) => n - 1);
    }
  }

  /**
   * What was typed stays in view with the reason, selected: the next scan or key replaces it
   * (a scanner cannot clear a field), an arrow key keeps it for mending. `typed`: what an Enter
   * took from the field, put back unless something was typed there since.
   */
  function refuse(reason: string, typed?: string) {
    looking.current = null;
    setRefusal(reason);
    if (typed !== undefined) setQuery((now) => (now === '' ? typed : now));
    setSelectText((n) => n + 1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void addTopResult();
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  }

  return (
    <section className="panel search-panel" aria-label="Products">
      <input
        ref={inputRef}
        className="search-input"
        data-testid="product-search"
        aria-label="Scan or search products"
        aria-busy={lookingUp > 0}
        placeholder="Scan or type a name, SKU, barcode · Enter adds · 0.750* weighs"
        value={query}
        onChange={(e) => {
          looking.current = null;
          setRefusal(null);
          setQuery(e.target.value);
        }}
        onKeyDown={onKeyDown}
        autoFocus
        autoComplete="off"
        spellCheck={false}
      />
      {(refusal ?? error) && (
        <p className="error" role="alert" data-testid="search-error">
          {refusal ?? error}
        </p>
      )}
      <ul className="product-list" data-testid="product-results">
        {results.map((product, index) => (
          <li key={product.sku}>
            <button
              type="button"
              className={`product ${index === 0 && query.trim() !== '' ? 'product-top' : ''}`}
              data-testid="product-result"
              data-sku={product.sku}
              onClick={() => add(product)}
            >
              <span className="product-name">{product.name}</span>
              <span className="product-code">{product.barcode ?? product.sku}</span>
              <span className="product-price">{formatPeso(product.priceMinor)}</span>
            </button>
          </li>
        ))}
        {results.length === 0 && !(refusal ?? error) && (
          <li className="empty">{query ? 'No product matches.' : 'No products yet: the catalog has not arrived.'}</li>
        )}
      </ul>
    </section>
  );
}
