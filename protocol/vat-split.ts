/**
 * The tax a Philippine sales invoice must show: VATable sales, the VAT amount, VAT-exempt
 * and zero-rated sales, which together make the amount due. Integer minor units only.
 * Shared by the till (cart, invoice, readings) and the back office (the figures it stores
 * on each sale), so both count every document the same way.
 *
 * VAT is computed once per rate over the sum of that rate's lines (the way the BIR sample
 * invoices show it), not per line: per-line rounding would drift a centavo per line.
 *
 * The rounding convention (docs/compliance.md): on a VAT-inclusive amount the VATable
 * sales are rounded first, VATable = round(total / 1.12), and the VAT is what is left,
 * VAT = total - VATable. ₱24.50 is VATable ₱21.88 and VAT ₱2.62, the figures a person gets
 * dividing by 1.12, which is how the BIR's own examples (and the senior citizen discount,
 * computed on the VAT-exclusive price) count it.
 */

export type TaxClass = 'vatable' | 'exempt' | 'zero_rated';

/** A catalog tax as the invoice needs it (protocol/catalog TaxSchema). */
export interface TaxRate {
  code: string;
  name: string;
  rateBasisPoints: number;
  inclusive: boolean;
}

/**
 * A line's tax as its sale charged it, from the text a till or the back office kept with the
 * line (`JSON.stringify` of its TaxRate, or of null: charged none). A line stored before they
 * were kept (null) is taxed by its code in `table`, the tax table as it is now.
 */
export function lineTax(kept: string | null | undefined, taxCode: string | null | undefined, table: ReadonlyMap<string, TaxRate>): TaxRate | null {
  if (kept === null || kept === undefined) return taxCode ? (table.get(taxCode) ?? null) : null;
  const tax = JSON.parse(kept) as TaxRate | null;
  return tax === null ? null : { code: tax.code, name: tax.name, rateBasisPoints: Number(tax.rateBasisPoints), inclusive: tax.inclusive === true };
}

export interface TaxedAmount {
  /** The line after its discounts, as the wire contract counts it (qty * price - discount). */
  amountMinor: number;
  /** null: the product has no tax code (counted as VAT-exempt, as the invoice must say something). */
  tax: TaxRate | null;
  /** A senior citizen's or PWD's line (RA 9994, RA 10754): sold VAT-exempt whatever its tax code. */
  vatExempt?: boolean;
}

export interface VatSplit {
  /** VAT-rated sales without their VAT. */
  vatableMinor: number;
  vatMinor: number;
  exemptMinor: number;
  zeroRatedMinor: number;
  /** What the customer pays: the lines, plus the VAT of VAT-exclusive lines. */
  amountDueMinor: number;
  /** One row per VAT rate, for the receipt's breakdown. */
  rates: { code: string; name: string; rateBasisPoints: number; netMinor: number; vatMinor: number }[];
}

export function taxClassOf(tax: TaxRate | null): TaxClass {
  if (tax === null) return 'exempt';
  if (tax.rateBasisPoints > 0) return 'vatable';
  return /zero/i.test(`${tax.code} ${tax.name}`) ? 'zero_rated' : 'exempt';
}

/** numerator / denominator rounded half-up, for non-negative integers, without floating point. */
export function divideHalfUp(numerator: number, denominator: number): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const whole = n / d;
  return Number((n % d) * 2n >= d ? whole + 1n : whole);
}

/** The VATable sales inside a VAT-inclusive amount, rounded first: amount * 10000 / (10000 + rate). */
export function vatableInsideMinor(grossMinor: number, rateBasisPoints: number): number {
  return divideHalfUp(grossMinor * 10_000, 10_000 + rateBasisPoints);
}

/** The VAT inside a VAT-inclusive amount: what is left of it once the VATable sales are rounded. */
export function vatInsideMinor(grossMinor: number, rateBasisPoints: number): number {
  return grossMinor - vatableInsideMinor(grossMinor, rateBasisPoints);
}

/** The VAT on top of a VAT-exclusive amount: amount * rate / 10000. */
export function vatOnTopMinor(netMinor: number, rateBasisPoints: number): number {
  return divideHalfUp(netMinor * rateBasisPoints, 10_000);
}

export function splitVat(lines: readonly TaxedAmount[]): VatSplit {
  const split: VatSplit = { vatableMinor: 0, vatMinor: 0, exemptMinor: 0, zeroRatedMinor: 0, amountDueMinor: 0, rates: [] };
  const groups = new Map<string, { tax: TaxRate; amountMinor: number }>();
  for (const line of lines) {
    const kind = line.vatExempt === true ? 'exempt' : taxClassOf(line.tax);
    if (kind === 'exempt') split.exemptMinor += line.amountMinor;
    else if (kind === 'zero_rated') split.zeroRatedMinor += line.amountMinor;
    else if (line.tax !== null) {
      const key = `${line.tax.rateBasisPoints}/${line.tax.inclusive ? 'in' : 'ex'}/${line.tax.code}`;
      const group = groups.get(key) ?? { tax: line.tax, amountMinor: 0 };
      group.amountMinor += line.amountMinor;
      groups.set(key, group);
    }
  }
  for (const { tax, amountMinor } of groups.values()) {
    const vat = tax.inclusive ? vatInsideMinor(amountMinor, tax.rateBasisPoints) : vatOnTopMinor(amountMinor, tax.rateBasisPoints);
    const net = tax.inclusive ? amountMinor - vat : amountMinor;
    split.vatableMinor += net;
    split.vatMinor += vat;
    split.rates.push({ code: tax.code, name: tax.name, rateBasisPoints: tax.rateBasisPoints, netMinor: net, vatMinor: vat });
  }
  split.amountDueMinor = split.vatableMinor + split.vatMinor + split.exemptMinor + split.zeroRatedMinor;
  return split;
}

/**
 * The VAT inside one refund of a sale: the split of everything refunded of the sale with
 * this refund, less the split of what was refunded before it (rate by rate too). Split
 * alone, each refund would round on its own: two returns of one of two ₱24.50 cans print
 * ₱2.62 each, and the sale's ₱5.25 would leave a centavo on the day's VAT for a sale that was
 * all given back. As the difference, a sale given back in any number of steps gives back
 * exactly its own VAT. `before` and `now` are the refunded amounts, line by line.
 */
export function refundVat(before: readonly TaxedAmount[], now: readonly TaxedAmount[]): VatSplit {
  const all = splitVat([...before, ...now]);
  const earlier = splitVat(before);
  const earlierRate = new Map(earlier.rates.map((r) => [r.code, r]));
  return {
    vatableMinor: all.vatableMinor - earlier.vatableMinor,
    vatMinor: all.vatMinor - earlier.vatMinor,
    exemptMinor: all.exemptMinor - earlier.exemptMinor,
    zeroRatedMinor: all.zeroRatedMinor - earlier.zeroRatedMinor,
    amountDueMinor: all.amountDueMinor - earlier.amountDueMinor,
    rates: all.rates
      .map((r) => ({
        ...r,
        netMinor: r.netMinor - (earlierRate.get(r.code)?.netMinor ?? 0),
        vatMinor: r.vatMinor - (earlierRate.get(r.code)?.vatMinor ?? 0),
      }))
      .filter((r) => r.netMinor !== 0 || r.vatMinor !== 0),
  };
}
