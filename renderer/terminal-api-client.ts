import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ApprovalSchema, CashierSchema, SignInHelpSchema } from '../terminal/cashiers/cashier-api';
import { ProductSchema, TaxSchema } from '../protocol/catalog';
import { QueueCountsSchema } from '../terminal/manager/queue-schemas';
import { LocalRefundSchema, RefundableSaleSchema } from '../terminal/refunds/refund-schemas';
import { ShiftReportSchema, ShiftSchema } from '../terminal/shifts/shift-schemas';
import { TillVoidSchema } from '../terminal/readings/void-schemas';
import { JournalDaySchemaResult, PrintRecordSchema } from '../terminal/journal/journal-schemas';
import {
  LocalSaleSchema,
  OpenCartResultSchema,
  QueueExportSchema,
  QueueItemSchema,
  SettingsSchema,
  TerminalStatusSchema,
  type TerminalApi,
  type TerminalApiMethod,
  type TerminalStatus,
} from '../terminal/terminal-api';

/** A refusal or fault, with the code a manager reads on screen (problem+json `code`). */
export class TerminalApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TerminalApiError';
  }
}

/** What each method answers; the web host's answers are checked against it like any input. */
const resultSchemas: Record<TerminalApiMethod, TSchema | null> = {
  getStatus: TerminalStatusSchema,
  pair: TerminalStatusSchema,
  unpair: TerminalStatusSchema,
  searchProducts: Type.Array(ProductSchema),
  openCart: OpenCartResultSchema,
  pay: LocalSaleSchema,
  listSales: Type.Array(LocalSaleSchema),
  getSale: Type.Union([LocalSaleSchema, Type.Null()]),
  queueItems: Type.Array(QueueItemSchema),
  retry: null,
  retryAll: null,
  getSettings: SettingsSchema,
  updateSettings: SettingsSchema,
  signIn: CashierSchema,
  signOut: null,
  currentCashier: Type.Union([CashierSchema, Type.Null()]),
  signInHelp: SignInHelpSchema,
  listCashiers: Type.Array(CashierSchema),
  addCashier: CashierSchema,
  resetPin: null,
  approve: ApprovalSchema,
  listTaxes: Type.Array(TaxSchema),
  recordVoid: TillVoidSchema,
  recordPrint: PrintRecordSchema,
  journalDay: JournalDaySchemaResult,
  queueCounts: QueueCountsSchema,
  voidQueueEntry: QueueItemSchema,
  exportQueue: QueueExportSchema,
  lookupReceipt: Type.Union([RefundableSaleSchema, Type.Null()]),
  refund: LocalRefundSchema,
  openShift: ShiftSchema,
  currentShift: Type.Union([ShiftSchema, Type.Null()]),
  shiftReport: ShiftReportSchema,
  closeShift: ShiftReportSchema,
};

async function problemOf(response: Response): Promise<TerminalApiError> {
  try {
    const body = (await response.json()) as { code?: unknown; detail?: unknown };
    if (typeof body.code === 'string') return new TerminalApiError(body.code, typeof body.detail === 'string' ? body.detail : body.code);
  } catch {
    // Not problem+json: fall through to a generic answer.
  }
  return new TerminalApiError('terminal_unavailable', `The terminal answered ${response.status}.`);
}

/** TerminalApi over the web host's HTTP routes (docs/web-host.md). */
export function httpTerminalApi(baseUrl = ''): TerminalApi {
  async function call<T>(method: TerminalApiMethod, args?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
    } catch {
      throw new TerminalApiError('terminal_unavailable', 'The terminal app is not answering. Is it still running?');
    }
    if (!response.ok) throw await problemOf(response);
    const schema = resultSchemas[method];
    if (schema === null || response.status === 204) return undefined as T;
    const body: unknown = await response.json();
    if (!Value.Check(schema, body)) throw new TerminalApiError('bad_response', `The terminal's answer to ${method} is not what this screen expects.`);
    return body as T;
  }
  return {
    getStatus: () => call('getStatus'),
    pair: (args) => call('pair', args),
    unpair: () => call('unpair'),
    searchProducts: (args) => call('searchProducts', args),
    openCart: () => call('openCart'),
    pay: (args) => call('pay', args),
    listSales: (args) => call('listSales', args),
    getSale: (args) => call('getSale', args),
    queueItems: (args) => call('queueItems', args),
    retry: (args) => call('retry', args),
    retryAll: () => call('retryAll'),
    getSettings: () => call('getSettings'),
    updateSettings: (args) => call('updateSettings', args),
    signIn: (args) => call('signIn', args),
    signOut: () => call('signOut'),
    currentCashier: () => call('currentCashier'),
    signInHelp: () => call('signInHelp'),
    listCashiers: () => call('listCashiers'),
    addCashier: (args) => call('addCashier', args),
    resetPin: (args) => call('resetPin', args),
    approve: (args) => call('approve', args),
    listTaxes: () => call('listTaxes'),
    recordVoid: (args) => call('recordVoid', args),
    recordPrint: (args) => call('recordPrint', args),
    journalDay: (args) => call('journalDay', args),
    queueCounts: () => call('queueCounts'),
    voidQueueEntry: (args) => call('voidQueueEntry', args),
    exportQueue: () => call('exportQueue'),
    lookupReceipt: (args) => call('lookupReceipt', args),
    refund: (args) => call('refund', args),
    openShift: (args) => call('openShift', args),
    currentShift: () => call('currentShift'),
    shiftReport: (args) => call('shiftReport', args),
    closeShift: (args) => call('closeShift', args),
  };
}

/** Status pushes from `GET /api/status/events`; EventSource reconnects by itself. */
export function httpStatusFeed(listener: (status: TerminalStatus) => void, baseUrl = ''): () => void {
  const source = new EventSource(`${baseUrl}/api/status/events`);
  source.addEventListener('status', (event) => {
    const status: unknown = JSON.parse((event as MessageEvent<string>).data);
    if (Value.Check(TerminalStatusSchema, status)) listener(status);
  });
  return () => source.close();
}
