import { useEffect, useMemo, useState } from 'react';
import type { TaxRate } from '../../terminal/money/vat-split';
import type { Tax } from '../../protocol/catalog';
import type { Settings, TerminalApi, TerminalStatus } from '../../terminal/terminal-api';

/** The manager's settings and the catalog's taxes, read again on every status push (a catalog pull may bring taxes). */
export function useCounterSetup(api: TerminalApi, status: TerminalStatus | null): { settings: Settings | null; taxes: ReadonlyMap<string, TaxRate> } {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [taxList, setTaxList] = useState<Tax[]>([]);
  useEffect(() => {
    let live = true;
    api.getSettings().then(
      (s) => live && setSettings(s),
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
  return { settings, taxes };
}
