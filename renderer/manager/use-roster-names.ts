import { useCallback, useEffect, useState } from 'react';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';

/**
 * A person's name by the code the core records (who opened a shift, approved a refund):
 * readings and slips print "Mario Reyes", not "mario". A code not on the roster (a person
 * since removed) prints as it is.
 */
export function useRosterNames(api: TerminalApi, status: TerminalStatus): (code: string) => string {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    api.listCashiers().then(
      (roster) => live && setNames(new Map(roster.map((person) => [person.code, person.name]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, status]);
  return useCallback((code: string) => names.get(code) ?? code, [names]);
}
