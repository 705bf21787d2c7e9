import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { ProductSchema, TaxSchema } from '../protocol/catalog';
import {
  AddCashierArgsSchema,
  ApprovalSchema,
  ApproveArgsSchema,
  CashierSchema,
  ResetPinArgsSchema,
  SignInArgsSchema,
  SignInHelpSchema,
} from './cashiers/cashier-api';
import { QueueCountsSchema, VoidEntryArgsSchema } from './manager/queue-schemas';
import { LocalRefundSchema, ReceiptLookupArgsSchema, RefundableSaleSchema, RefundArgsSchema } from './refunds/refund-schemas';
import {
  ClosedShiftsArgsSchema,
  CloseShiftArgsSchema,
  EndDayArgsSchema,
  OpenShiftArgsSchema,
  ShiftReportArgsSchema,
  ShiftReportSchema,
  ShiftSchema,
} from './shifts/shift-schemas';
import {
  CountedLineSchema,
  CountedLinesArgsSchema,
  CountScanArgsSchema,
  ReceiveDeliveryArgsSchema,
  ReceiveTransferArgsSchema,
  SendTransferArgsSchema,
  StockDeskSchema,
  StockWorkSchema,
} from './stock/stock-desk-schemas';
import { TerminalError } from './terminal-error';
import { BnpcWeekArgsSchema, BnpcWeekSchema, StoredInvoiceProfileSchema } from './invoicing/invoice-schemas';
import {
  JournalCheckSchema,
  JournalDayArgsSchema,
  JournalDaySchemaResult,
  PrintRecordSchema,
  RecordPrintArgsSchema,
} from './journal/journal-schemas';
import { RecordVoidArgsSchema, TillVoidSchema } from './readings/void-schemas';
import { CashMovementSchema, MovedCashSchema, MoveCashArgsSchema, ShiftCashMovementsArgsSchema } from './drawer/cash-movement-schemas';
import { refuseUnstorableText } from './sales/till-quantities';
import {
  IdArgsSchema,
  ListSalesArgsSchema,
  LocalSaleSchema,
  OpenCartResultSchema,
  PairArgsSchema,
  PayArgsSchema,
  QueueExportSchema,
  QueueItemSchema,
  QueueItemsArgsSchema,
  SearchArgsSchema,
  SettingsPatchSchema,
  SettingsSchema,
  StepQuantityArgsSchema,
  StepQuantityResultSchema,
  TerminalStatusSchema,
} from './terminal-schemas';

export * from './terminal-schemas';

/**
 * The one seam between the screens and the terminal core, as ONE table: each method's
 * argument schema (null: it takes none), result schema (null: it answers nothing) and who
 * may call it. Everything else is derived from this table: the `TerminalApi` type, the web
 * host's `POST /api/<method>` routes, the Electron IPC channels, the preload and the
 * renderer's client. A new method is two edits: its line here and its body in the core.
 *
 * Arguments are checked once, by `callTerminalMethod`, which both hosts call; the core's
 * own methods trust their (typed) arguments.
 */

/**
 * Who may call a method. The core enforces it (terminal/cashiers/cashier-desk.ts); the
 * table says it, and tests/terminal/method-table.test.ts holds the two together.
 * - `anyone`: reading the till's state, signing in.
 * - `signed_in`: someone on the roster is signed in (a till with nobody on its roster yet sells as its first user).
 * - `manager_pin`: anyone signed in, with a manager's PIN in the arguments (refunds, shifts, approvals).
 * - `manager`: a manager signed in at this till.
 * - `manager_or_setup`: a manager signed in, or anyone while the till is still being set up (no manager on its roster).
 */
export type MethodRole = 'anyone' | 'signed_in' | 'manager_pin' | 'manager' | 'manager_or_setup';

export interface MethodSpec<A extends TSchema | null = TSchema | null, R extends TSchema | null = TSchema | null> {
  args: A;
  result: R;
  role: MethodRole;
  /** What the method does, in a line (the web host's docs and diagnostics list it). */
  does: string;
}

const method = <A extends TSchema | null, R extends TSchema | null>(spec: MethodSpec<A, R>): MethodSpec<A, R> => spec;
const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const terminalMethods = {
  // The till and its back office
  getStatus: method({ args: null, result: TerminalStatusSchema, role: 'anyone', does: 'pairing, link, queue and sync state' }),
  pair: method({ args: PairArgsSchema, result: TerminalStatusSchema, role: 'manager_or_setup', does: 'pair the till with a back office by code' }),
  unpair: method({ args: null, result: TerminalStatusSchema, role: 'manager', does: 'take the till off its back office; the queue stays' }),
  getSettings: method({ args: null, result: SettingsSchema, role: 'anyone', does: "the till's settings" }),
  updateSettings: method({ args: SettingsPatchSchema, result: SettingsSchema, role: 'manager_or_setup', does: 'change settings' }),

  // Selling
  searchProducts: method({
    args: SearchArgsSchema,
    result: Type.Array(ProductSchema),
    role: 'anyone',
    does: 'find products by name, SKU or barcode',
  }),
  listTaxes: method({ args: null, result: Type.Array(TaxSchema), role: 'anyone', does: "the catalog's taxes" }),
  openCart: method({ args: null, result: OpenCartResultSchema, role: 'anyone', does: 'mint the key a cart is paid under' }),
  pay: method({ args: PayArgsSchema, result: LocalSaleSchema, role: 'signed_in', does: 'commit a sale and queue it (same cart key, same sale)' }),
  stepQuantity: method({
    args: StepQuantityArgsSchema,
    result: StepQuantityResultSchema,
    role: 'signed_in',
    does: 'one more or one less of a counted cart line (+, −); a weighed line is weighed again instead',
  }),
  listSales: method({ args: ListSalesArgsSchema, result: Type.Array(LocalSaleSchema), role: 'anyone', does: 'recent sales, newest first' }),
  getSale: method({ args: IdArgsSchema, result: orNull(LocalSaleSchema), role: 'anyone', does: 'one sale by id' }),

  // The sales invoice (terminal/invoicing/, docs/compliance.md)
  invoiceProfile: method({
    args: null,
    result: orNull(StoredInvoiceProfileSchema),
    role: 'anyone',
    does: 'the business and machine profile every invoice prints, as last pulled',
  }),
  bnpcWeek: method({
    args: BnpcWeekArgsSchema,
    result: BnpcWeekSchema,
    role: 'signed_in',
    does: "a senior citizen's or PWD's 5% on basic necessities this week at this till, and the caps",
  }),

  // People
  signIn: method({ args: SignInArgsSchema, result: CashierSchema, role: 'anyone', does: 'sign in with a PIN' }),
  signOut: method({ args: null, result: null, role: 'anyone', does: 'sign out' }),
  currentCashier: method({ args: null, result: orNull(CashierSchema), role: 'anyone', does: 'who is signed in' }),
  signInHelp: method({ args: null, result: SignInHelpSchema, role: 'anyone', does: 'what the sign-in screen may show (demo PINs)' }),
  listCashiers: method({ args: null, result: Type.Array(CashierSchema), role: 'manager', does: "the till's roster" }),
  addCashier: method({ args: AddCashierArgsSchema, result: CashierSchema, role: 'manager_or_setup', does: 'add a cashier or manager' }),
  resetPin: method({ args: ResetPinArgsSchema, result: null, role: 'manager', does: "reset someone's PIN" }),
  approve: method({ args: ApproveArgsSchema, result: ApprovalSchema, role: 'manager_pin', does: "record a manager's approval (discount, void)" }),

  // The sync queue
  queueItems: method({ args: QueueItemsArgsSchema, result: Type.Array(QueueItemSchema), role: 'anyone', does: 'queue entries by state' }),
  queueCounts: method({ args: null, result: QueueCountsSchema, role: 'anyone', does: 'how many entries in each state' }),
  retry: method({ args: IdArgsSchema, result: null, role: 'anyone', does: 'send one entry again now' }),
  retryAll: method({ args: null, result: null, role: 'anyone', does: 'send every waiting entry now' }),
  voidQueueEntry: method({ args: VoidEntryArgsSchema, result: QueueItemSchema, role: 'manager', does: 'void a refused entry (kept, never sent)' }),
  exportQueue: method({ args: null, result: QueueExportSchema, role: 'manager_or_setup', does: 'the whole queue as a file' }),

  // Refunds and shifts
  lookupReceipt: method({
    args: ReceiptLookupArgsSchema,
    result: orNull(RefundableSaleSchema),
    role: 'anyone',
    does: 'a sale to refund, by receipt or invoice number',
  }),
  refund: method({ args: RefundArgsSchema, result: LocalRefundSchema, role: 'manager_pin', does: 'give a refund and queue it' }),
  openShift: method({ args: OpenShiftArgsSchema, result: ShiftSchema, role: 'manager_pin', does: 'open a shift with its float' }),
  currentShift: method({ args: null, result: orNull(ShiftSchema), role: 'anyone', does: 'the open shift' }),
  closedShifts: method({
    args: ClosedShiftsArgsSchema,
    result: Type.Array(ShiftSchema),
    role: 'anyone',
    does: 'closed shifts, the latest first (their Z readings, to print again)',
  }),
  moveCash: method({
    args: MoveCashArgsSchema,
    result: MovedCashSchema,
    role: 'manager_pin',
    does: 'pay cash into or out of the drawer during the open shift (counted in its readings)',
  }),
  shiftCashMovements: method({
    args: ShiftCashMovementsArgsSchema,
    result: Type.Array(CashMovementSchema),
    role: 'anyone',
    does: "a shift's cash paid in and out, in order (the open shift's when none is named)",
  }),
  shiftReport: method({
    args: ShiftReportArgsSchema,
    result: ShiftReportSchema,
    role: 'anyone',
    does: "a shift's X reading, or a closed shift's stored reading (the day's Z it ended, or its own X)",
  }),
  closeShift: method({
    args: CloseShiftArgsSchema,
    result: ShiftReportSchema,
    role: 'manager_pin',
    does: "count the drawer and close the shift, ending the day with its Z reading (or, endDay false, the shift's X)",
  }),
  endDay: method({
    args: EndDayArgsSchema,
    result: ShiftReportSchema,
    role: 'manager_pin',
    does: "end the business day whose shifts are closed: the day's Z reading over all of them",
  }),

  // The stock desk (a manager at the till): counts, deliveries, transfers, queued like sales
  stockDesk: method({ args: null, result: StockDeskSchema, role: 'manager', does: "the store's open stock work, as last fetched (works offline)" }),
  refreshStockDesk: method({ args: null, result: StockDeskSchema, role: 'manager', does: "fetch the store's open stock work from the back office" }),
  stockWork: method({
    args: null,
    result: Type.Array(StockWorkSchema),
    role: 'manager',
    does: 'what this till did on stock, with its numbers and sync state',
  }),
  countedLines: method({
    args: CountedLinesArgsSchema,
    result: Type.Array(CountedLineSchema),
    role: 'manager',
    does: 'every line this till counted for a count, with the product and the sync state (voided ones left out)',
  }),
  countScan: method({
    args: CountScanArgsSchema,
    result: StockWorkSchema,
    role: 'manager',
    does: 'queue counted lines for an open count (once per work key)',
  }),
  receiveDelivery: method({
    args: ReceiveDeliveryArgsSchema,
    result: StockWorkSchema,
    role: 'manager',
    does: 'queue the approval of a delivery with what arrived',
  }),
  sendTransfer: method({
    args: SendTransferArgsSchema,
    result: StockWorkSchema,
    role: 'manager',
    does: 'queue sending a transfer out of this store',
  }),
  receiveTransfer: method({
    args: ReceiveTransferArgsSchema,
    result: StockWorkSchema,
    role: 'manager',
    does: 'queue receiving a transfer into this store',
  }),

  // Readings and the electronic journal
  recordVoid: method({
    args: RecordVoidArgsSchema,
    result: TillVoidSchema,
    role: 'signed_in',
    does: 'keep a line or cart voided before payment for the readings',
  }),
  recordPrint: method({
    args: RecordPrintArgsSchema,
    result: PrintRecordSchema,
    role: 'signed_in',
    does: 'a document went to the printer: journal a reprint or an X reading',
  }),
  checkJournal: method({
    args: null,
    result: JournalCheckSchema,
    role: 'manager_or_setup',
    does: 'check that every entry of the electronic journal is as it was written (its chain)',
  }),
  journalDay: method({
    args: JournalDayArgsSchema,
    result: JournalDaySchemaResult,
    role: 'manager_or_setup',
    does: "one day of the till's electronic journal, as text and CSV",
  }),
} as const satisfies Record<string, MethodSpec>;

export type TerminalApiMethod = keyof typeof terminalMethods;
export const terminalApiMethods = Object.keys(terminalMethods) as TerminalApiMethod[];

type Out<S> = S extends TSchema ? Static<S> : void;
/** Each method as the screens call it, typed from its schemas. */
export type TerminalApi = {
  [M in TerminalApiMethod]: (typeof terminalMethods)[M]['args'] extends TSchema
    ? (args: Static<(typeof terminalMethods)[M]['args']>) => Promise<Out<(typeof terminalMethods)[M]['result']>>
    : () => Promise<Out<(typeof terminalMethods)[M]['result']>>;
};
export type ArgsOf<M extends TerminalApiMethod> = Parameters<TerminalApi[M]>[0];

export function isTerminalMethod(name: string): name is TerminalApiMethod {
  return Object.hasOwn(terminalMethods, name);
}

const validators = new Map<TerminalApiMethod, ReturnType<typeof Compile>>();
const MAX_REPORTED_ERRORS = 10;

/**
 * The argument of `method` as it arrived from a screen, checked against the table: a method
 * without arguments takes none; anything else must match its schema. Refused with
 * `validation_failed` naming each field.
 */
export function checkMethodArgs(method: TerminalApiMethod, args: unknown): unknown {
  const schema = terminalMethods[method].args;
  if (schema === null) {
    if (args === undefined) return undefined;
    throw new TerminalError('validation_failed', `${method} takes no argument.`);
  }
  let validator = validators.get(method);
  if (validator === undefined) {
    validator = Compile(schema);
    validators.set(method, validator);
  }
  if (validator.Check(args)) {
    // Every method's text, not only a sale's: a name on the roster is printed on invoices and journaled too.
    refuseUnstorableText(args);
    return args;
  }
  const errors = [...validator.Errors(args)].slice(0, MAX_REPORTED_ERRORS).map((e) => ({ path: e.instancePath || '/', message: e.message }));
  throw new TerminalError('validation_failed', `${method}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}

/** What both hosts call for a screen's request: the name checked, the argument checked once, then the method. */
export async function callTerminalMethod(api: TerminalApi, name: string, args: unknown): Promise<unknown> {
  if (!isTerminalMethod(name)) throw new TerminalError('not_found', `The terminal has no method "${name}".`);
  const checked = checkMethodArgs(name, args);
  const call = api[name] as (args?: unknown) => Promise<unknown>;
  return call.call(api, checked);
}
