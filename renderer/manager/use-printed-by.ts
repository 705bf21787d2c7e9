import { useCallback, useEffect, useState } from 'react';
import { documentTime, documentTimeZone } from '../../terminal/invoicing/document-dates';
import type { StoredInvoiceProfile } from '../../terminal/invoicing/invoice-schemas';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';

/** What a manager's printed document (a reading, a return slip) needs besides its own figures. */
export interface PrintedBy {
  status: TerminalStatus;
  /** Who issues it and on which machine (DocumentIssuer), as on the sales invoice. */
  profile: StoredInvoiceProfile | null;
  /** A person's name by the code the core records ("mario" prints "Mario Reyes"); a code no longer on the roster prints as it is. */
  nameOf: (code: string) => string;
  /** A moment as the document prints it: the business's wall clock, whatever this machine's time zone (documentTime). */
  timeOf: (iso: string) => string;
  /** The business's time zone, for the time of a reprint's mark. */
  timeZone: string;
}

/** The invoice profile and the roster's names, read again on every status push (a catalog pull may bring a new profile). */
export function usePrintedBy(api: TerminalApi, status: TerminalStatus): PrintedBy {
  const [profile, setProfile] = useState<StoredInvoiceProfile | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    api.invoiceProfile().then(
      (p) => live && setProfile(p),
      () => undefined,
    );
    api.listCashiers().then(
      (roster) => live && setNames(new Map(roster.map((person) => [person.code, person.name]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, status]);
  const nameOf = useCallback((code: string) => names.get(code) ?? code, [names]);
  const timeZone = documentTimeZone(profile?.profile ?? null);
  const timeOf = useCallback((iso: string) => documentTime(iso, timeZone), [timeZone]);
  return { status, profile, nameOf, timeOf, timeZone };
}
