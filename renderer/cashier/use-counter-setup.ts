import { useEffect, useMemo, useState } from 'react';
import type { TaxRate } from '../../terminal/money/vat-split';
import type { Tax } from '../../protocol/catalog';
import type { Settings, TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import type { StoredInvoiceProfile } from '../../terminal/invoicing/invoice-schemas';

/** The manager's settings, the catalog's taxes and the invoice profile, read again on every status push (a catalog pull may bring them). */
export function useCounterSetup(
  api: TerminalApi,
  status: TerminalStatus | null,
): { settings: Settings | null; taxes: ReadonlyMap<string, TaxRate>; profile: StoredInvoiceProfile | null } {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [profile, setProfile] = useState<StoredInvoiceProfile | null>(null);
  const [taxList, setTaxList] = useState<Tax[]>([]);
  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (s) => live && setSettings(s),
      () => undefined,
    );
    api.invoiceProfile().then(
      (p) => live && setProfile(p),
      () => undefined,
    );
    api.listTaxes().then(
      (t) => live && setTaxList(t),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, status]);
  const taxes = useMemo(() => new Map(taxList.map((t) => [t.code, t])), [taxList]);
  return { settings, taxes, profile };
}
