import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StatusBar } from '../../renderer/StatusBar';
import type { TerminalStatus } from '../../terminal/terminal-api';

const draining: TerminalStatus = {
  paired: true,
  serverUrl: 'https://back-office.example',
  terminalCode: 'T01',
  storeCode: 'MAIN',
  businessCode: 'MAIN',
  online: true,
  offlineCause: null,
  pending: 2,
  oldestPendingAt: null,
  needsAttention: 0,
  drain: { done: 0, total: 2 },
  lastSyncAt: null,
  stuckHead: null,
  syncStalled: null,
  invoiceDetailsMissing: [],
  timeZone: 'Asia/Manila',
};

const drainText = (status: TerminalStatus) => /data-testid="status-drain">([^<]*)</.exec(renderToStaticMarkup(<StatusBar status={status} />))?.[1];

describe('the status bar while a backlog drains', () => {
  it('online, it counts what went out', () => {
    expect(drainText(draining)).toBe('sent 0 of 2');
  });

  it('offline, no "sent 0 of 2" since nothing is being sent, and no second count of what waits: the pending count is the one', () => {
    const offline = { ...draining, pending: 45, drain: { done: 0, total: 15 }, online: false, offlineCause: 'no_network' as const };
    expect(drainText(offline)).toBeUndefined();
    expect(renderToStaticMarkup(<StatusBar status={offline} />)).toContain('45 pending');
  });

  it('stalled on its own disk, the same: nothing is being sent', () => {
    expect(
      drainText({ ...draining, syncStalled: { code: 'storage_full', reason: 'disk full', since: '2026-11-30T00:00:00Z', nextAttemptAt: null } }),
    ).toBeUndefined();
  });
});

describe('the status bar when the back office turns the till away', () => {
  it('a revoked till and a till whose terminal was paired again elsewhere are told apart', () => {
    const revoked = renderToStaticMarkup(<StatusBar status={{ ...draining, online: false, offlineCause: 'token_revoked' }} />);
    const refused = renderToStaticMarkup(<StatusBar status={{ ...draining, online: false, offlineCause: 'token_refused' }} />);
    expect(revoked).toContain('revoked by the back office');
    expect(refused).toContain('this till was paired again elsewhere');
    expect(refused).not.toContain('revoked');
  });
});

describe('the status bar when the till cannot issue a complete sales invoice', () => {
  const invoiceDetails = (status: TerminalStatus) =>
    /data-testid="status-invoice-details"[^>]*>([^<]*)</.exec(renderToStaticMarkup(<StatusBar status={status} />))?.[1];

  it('names what is missing, and says nothing once the profile is complete', () => {
    expect(invoiceDetails({ ...draining, invoiceDetailsMissing: ['TIN', 'PTU No. and date issued'] })).toBe(
      'Invoice details missing: TIN, PTU No. and date issued',
    );
    expect(invoiceDetails(draining)).toBeUndefined();
  });
});
