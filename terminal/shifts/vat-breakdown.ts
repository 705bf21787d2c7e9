import type { VatSplit } from '../money/vat-split';
import type { TerminalDb } from '../store/terminal-db';

type Rate = VatSplit['rates'][number];

interface Figures {
  vatable: number;
  vat: number;
  exempt: number;
  zero: number;
}

/**
 * VAT over a reading's shifts: each sale's VAT figures as its receipt printed them, less each
 * refund's as its return slip printed them (both stored with the document, see
 * terminal/readings/document-figures.ts). Never recomputed on the net: rounding once on
 * the shift's total would not reconcile with the documents by a centavo or more.
 */
export function documentsVat(db: TerminalDb, shiftIds: readonly string[]): VatSplit {
  const sums = `COALESCE(SUM(vatable_minor), 0) AS vatable, COALESCE(SUM(vat_minor), 0) AS vat, COALESCE(SUM(exempt_minor), 0) AS exempt,
    COALESCE(SUM(zero_rated_minor), 0) AS zero`;
  const inShifts = 'shift_id IN (SELECT value FROM json_each(?))';
  const ids = JSON.stringify(shiftIds);
  const sold = db.prepare(`SELECT ${sums} FROM sales WHERE ${inShifts}`).get(ids) as Figures;
  const returned = db.prepare(`SELECT ${sums} FROM refunds WHERE ${inShifts}`).get(ids) as Figures;
  const rates = new Map<string, Rate>();
  const add = (json: string | null, sign: 1 | -1) => {
    for (const r of json === null ? [] : (JSON.parse(json) as Rate[])) {
      const key = `${r.code}/${r.rateBasisPoints}`;
      const sum = rates.get(key) ?? { code: r.code, name: r.name, rateBasisPoints: r.rateBasisPoints, netMinor: 0, vatMinor: 0 };
      sum.netMinor += sign * r.netMinor;
      sum.vatMinor += sign * r.vatMinor;
      rates.set(key, sum);
    }
  };
  for (const json of db.prepare(`SELECT vat_rates FROM sales WHERE ${inShifts}`).pluck().all(ids) as (string | null)[]) add(json, 1);
  for (const json of db.prepare(`SELECT vat_rates FROM refunds WHERE ${inShifts}`).pluck().all(ids) as (string | null)[]) add(json, -1);
  const split = {
    vatableMinor: sold.vatable - returned.vatable,
    vatMinor: sold.vat - returned.vat,
    exemptMinor: sold.exempt - returned.exempt,
    zeroRatedMinor: sold.zero - returned.zero,
  };
  return {
    ...split,
    amountDueMinor: split.vatableMinor + split.vatMinor + split.exemptMinor + split.zeroRatedMinor,
    rates: [...rates.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}
