import { issuerOf, machineOf } from '../terminal/invoicing/sales-invoice';
import type { TillProfile } from '../protocol';
import type { TerminalStatus } from '../terminal/terminal-api';

/**
 * The head every printed document carries (RR 16-2018): who issues it (registered name,
 * trade name, address, TIN) and the machine (MIN, serial number, permit to use), then the
 * store and terminal. Shared by the sales invoice (under the profile it was issued under), the
 * return slip and the X/Z readings.
 */
export function DocumentIssuer({ profile, status, testId }: { profile: TillProfile | null; status: TerminalStatus; testId: string }) {
  const issuer = issuerOf(profile, status.businessCode ?? 'Counter');
  return (
    <header className="receipt-head" data-testid={testId}>
      {issuer.map((line, i) => (i === 0 ? <strong key={i}>{line}</strong> : <span key={i}>{line}</span>))}
      {machineOf(profile).map((line, i) => (
        <small key={`m${i}`} data-testid="document-machine">
          {line}
        </small>
      ))}
      <span>
        Store {status.storeCode ?? '?'} · Terminal {status.terminalCode ?? '?'}
      </span>
    </header>
  );
}
