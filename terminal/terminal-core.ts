import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { Compile } from 'typebox/compile';
import { PairResponseSchema } from '../protocol';
import { CatalogCache } from './catalog/catalog-cache';
import type { AddCashierArgs } from './cashiers/cashier-api';
import { CashierDesk } from './cashiers/cashier-desk';
import { cashierApi } from './cashiers/cashier-methods';
import { pullCatalog } from './catalog/catalog-pull';
import { atLeastThisTill, bnpcWeekAtTill, capsOf, checkBenefits, timezoneOf } from './invoicing/benefits-at-till';
import { bnpcWeekElsewhere } from './invoicing/bnpc-week-elsewhere';
import { invoiceApi } from './invoicing/invoice-methods';
import { InvoiceProfileStore } from './invoicing/invoice-profile-store';
import { pullInvoiceProfile } from './invoicing/profile-pull';
import { TaxTable } from './catalog/tax-table';
import { rosterApprover } from './manager/manager-approvals';
import { managerMethods } from './manager/manager-methods';
import { fillOlderDocumentFigures } from './readings/document-figures';
import { readingMethods } from './readings/reading-methods';
import { ElectronicJournal } from './journal/electronic-journal';
import { journalMethods, type SalePrints } from './journal/journal-methods';
import { uploadJournal } from './journal/journal-upload';
import { BackOfficeClient, type Connection } from './sync/back-office-client';
import { parseServerUrl } from './sync/server-address';
import { pairingNoAnswer, pairingRefused, refuseOtherStore } from './pairing-answers';
import { Outbox } from './sync/outbox';
import { SyncWorker } from './sync/sync-worker';
import { Periodic } from './sync/periodic';
import { BackOfficePull } from './sync/back-office-pull';
import { LocalRefunds } from './refunds/local-refunds';
import { StockDeskWork } from './stock/stock-desk';
import { stockDeskMethods } from './stock/stock-desk-methods';
import { LocalSales } from './sales/local-sales';
import { samePaymentOrRefuse } from './sales/paid-cart';
import { stepLineQuantity } from './sales/till-quantities';
import { StatusBoard } from './status-board';
import { storageFaultOf } from './store/storage-fault';
import { openTerminalDb, type TerminalDb } from './store/terminal-db';
import { AcknowledgedCheck } from './sync/acknowledged-check';
import { sendHeartbeat } from './sync/heartbeat';
import { linkProbe } from './sync/link-probe';
import { reportVoids, VoidReports } from './sync/void-reports';
import type { TokenSealer } from './store/token-sealer';
import { TerminalSettings } from './store/terminal-settings';
import type { Settings } from './terminal-schemas';
import {
  type IdArgs,
  type ListSalesArgs,
  type PairArgs,
  type PayArgs,
  type QueueItemsArgs,
  type SearchArgs,
  type SettingsPatch,
  type StepQuantityArgs,
  type TerminalApi,
  type TerminalStatus,
} from './terminal-api';
import { TerminalError } from './terminal-error';
import { syncTuning, type SyncTuning } from './sync/tuning';
import { onCatalogTerms } from './sales/catalog-terms';

export { TerminalError } from './terminal-error';
export type { SyncTuning } from './sync/tuning';

export interface TerminalCoreOptions {
  /** The core owns <dataDir>/terminal.db (SQLite, WAL, synchronous=FULL). */
  dataDir: string;
  appVersion: string;
  /** Knobs for tests and benchmarks: timeouts, backoff, batch size, loop intervals. */
  sync?: Partial<SyncTuning>;
  logger?: pino.Logger;
  /** Keeps the token sealed on disk (the Electron shell: OS keychain). Without one it is stored as is. */
  tokenSealer?: TokenSealer;
  /**
   * Plain http to a back office that is not on this machine. Off: the token and the sales
   * would cross the network unencrypted. Only an administrator's setting turns it on.
   */
  allowInsecureHttp?: boolean;
  /**
   * The store an administrator locked this till to (the desktop's admin file, a locked
   * storeCode): the pair request names it, so the back office refuses another store's code
   * unspent; an older one's answer is checked before anything is kept.
   */
  pairOnlyInStore?: string | null;
  /** The installer's settings (the desktop config files): each followed until a manager sets it on screen. */
  installerSettings?: Partial<Pick<Settings, 'offlineWarningHours' | 'printerName'>>;
  /** Fault-injection tests only: the core's own database connection, once open (to cap its size, make it read-only). */
  onDatabaseOpen?(db: TerminalDb): void;
}

/** The screens' methods (TerminalApi), and what only the host itself calls: the loops, and counting the prints it makes (SalePrints). */
export interface TerminalCore extends TerminalApi, SalePrints {
  /** Starts the sync worker, the catalog pull and the heartbeat. */
  start(): void;
  /** Stops the loops, waits for the request in flight, closes the database. */
  close(): Promise<void>;
  /** Pushes every status change to the screens; returns the unsubscribe function. */
  onStatusChange(listener: (status: TerminalStatus) => void): () => void;
  /** npm start's demo people (PINs shown on the sign-in screen); anyone already there is kept. */
  seedDemoPeople(people: readonly AddCashierArgs[]): void;
}

const PairCheck = Compile(PairResponseSchema);

/** Opens (and migrates) the terminal's database and wires the core together. Nothing runs until start(). */
export async function openTerminalCore(options: TerminalCoreOptions): Promise<TerminalCore> {
  const tuning = syncTuning(options.sync);
  const logger = options.logger ?? pino({ enabled: false });
  const db = openTerminalDb(options.dataDir, tuning.databaseBusyTimeoutMs);
  options.onDatabaseOpen?.(db);
  // Sales and refunds from before their reading figures were kept get them once.
  const filled = fillOlderDocumentFigures(db);
  const settings = new TerminalSettings(db, options.tokenSealer, options.installerSettings);
  const outbox = new Outbox(db);
  const sales = new LocalSales(db, outbox, () => settings.pairing()?.businessCode ?? 'Counter');
  const refunds = new LocalRefunds(db, outbox);
  const catalog = new CatalogCache(db, settings);
  const stockWork = new StockDeskWork(db, outbox, catalog);
  const profiles = new InvoiceProfileStore(db);
  const taxes = new TaxTable(db);
  const desk = new CashierDesk(db, settings);
  const board = new StatusBoard(
    settings,
    outbox,
    tuning.stuckAfterAttempts,
    () => profiles.read()?.profile ?? null,
    () => catalog.untaxedProducts(),
  );
  const client = new BackOfficeClient(tuning.requestTimeoutMs);
  const connection = (): Connection | null => {
    const pairing = settings.pairing();
    return pairing === null ? null : { serverUrl: pairing.serverUrl, token: pairing.token, terminalId: pairing.terminalId };
  };
  // Whatever was on the wire when the process last stopped goes again under its own key.
  if (filled > 0) logger.info({ filled }, 'reading figures filled in for documents written before they were kept');
  const requeued = outbox.requeueSending();
  if (requeued > 0) logger.info({ requeued }, 'entries left sending at the last stop are queued again');

  /**
   * The queue depth the back office was last told. When the queue empties after it was told of
   * a backlog, a heartbeat goes at once: its fleet page and monitoring stop showing sales
   * waiting here that it already has (until the next beat, a minute later, they did). A till
   * selling online, whose beats find the queue empty, sends no more beats than before.
   */
  let reportedDepth = 0;
  const worker = new SyncWorker({
    outbox,
    client,
    board,
    tuning,
    logger,
    connection,
    emptied: () => {
      if (reportedDepth > 0) heartbeat.trigger();
    },
  });

  /**
   * The back office answered again: the queue goes at once, and a catalog or invoice profile
   * pull that failed meanwhile is done now rather than at its next turn (minutes of invoices
   * printed without the TIN the back office already had).
   */
  const backOfficeReached = () => {
    worker.probeSucceeded();
    catalogPull.reached();
    profilePull.reached();
  };

  const heartbeat = new Periodic(
    'heartbeat',
    tuning.heartbeatIntervalMs,
    sendHeartbeat({
      client,
      board,
      outbox,
      acknowledged: new AcknowledgedCheck(db),
      connection,
      appVersion: options.appVersion,
      reached: backOfficeReached,
      resent: (count) =>
        logger.warn({ count }, 'the back office no longer had sales or refunds it had acknowledged (restored from an older backup?): sent again'),
      reported: (depth) => (reportedDepth = depth),
    }),
    logger,
  );

  const probe = new Periodic(
    'link probe',
    tuning.probeIntervalMs,
    linkProbe({
      client,
      board,
      connection,
      timeoutMs: tuning.probeTimeoutMs,
      // Back after an outage: the heartbeat goes now, not at its next turn. A back office restored
      // from a backup comes back this way, and the heartbeat is what finds what it lost.
      backAgain: () => {
        backOfficeReached();
        heartbeat.trigger();
        voidReport.trigger();
      },
    }),
    logger,
  );

  const journal = new ElectronicJournal(db);
  const journalUpload = new Periodic(
    'journal',
    tuning.heartbeatIntervalMs,
    async () => {
      const link = connection();
      if (link === null) return;
      // A backlog goes out a batch at a time, each batch once the last one was answered.
      for (let i = 0; i < 40; i++) if ((await uploadJournal(journal, client, link, logger)) !== 'sent') return;
    },
    logger,
  );

  // Sales and refunds voided in the sync queue never reach the back office: their numbers are
  // reported as voided, on a loop of their own, so they read there as voided, not lost.
  const voidReports = new VoidReports(db);
  const olderBackOffice = { logged: false };
  const voidReport = new Periodic(
    'voided documents',
    tuning.heartbeatIntervalMs,
    async () => {
      const link = connection();
      if (link === null) return;
      await reportVoids(voidReports, client, link, logger, olderBackOffice);
    },
    logger,
  );

  const catalogPull = new BackOfficePull('catalog', tuning.catalogIntervalMs, connection, (link) => pullCatalog(client, link, catalog), logger);

  // The invoice's business and machine profile, kept so an invoice printed offline carries it; on a loop
  // of its own, shorter than the catalog's, so a fix in the back office clears the till's warning soon.
  const profilePull = new BackOfficePull(
    'invoice profile',
    tuning.profileIntervalMs,
    connection,
    (link) => pullInvoiceProfile(client, link, profiles),
    logger,
    () => board.publish(),
  );

  /** Who this till is on the back office: paired now, or before a manager unpaired it. */
  const knownIdentity = (): { terminalId: string; terminalCode: string } | null =>
    settings.pairing() ?? settings.storedIdentity() ?? settings.pastPairing();

  let closed = false;
  const open = () => {
    if (closed) throw new TerminalError('closed', 'The terminal core is closed.');
  };

  const core: TerminalCore = {
    start() {
      open();
      worker.start();
      heartbeat.start();
      journalUpload.start();
      voidReport.start();
      probe.start();
      catalogPull.periodic.start();
      profilePull.periodic.start();
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([
        heartbeat.stop(),
        journalUpload.stop(),
        voidReport.stop(),
        probe.stop(),
        catalogPull.periodic.stop(),
        profilePull.periodic.stop(),
        worker.stop(),
      ]);
      db.close();
    },

    onStatusChange: (listener) => board.onChange(listener),

    seedDemoPeople: (people) => desk.seedDemoPeople(people),
    ...cashierApi(desk, db, open),
    ...invoiceApi(
      db,
      profiles,
      open,
      () => desk.requireSignedIn("read a senior citizen's or PWD's week"),
      async (idNumber, weekStartsAt) => {
        const link = connection();
        if (link === null || !board.status().online) return null;
        return bnpcWeekElsewhere(client, link, idNumber, weekStartsAt, tuning.probeTimeoutMs);
      },
    ),
    ...readingMethods(db, desk, settings, open),
    ...journalMethods({
      db,
      sales,
      refunds,
      terminalCode: () => settings.pairing()?.terminalCode ?? null,
      requireSignedIn: () => {
        if (desk.currentCashier() === null && desk.roster.count() > 0) throw new TerminalError('not_signed_in', 'Sign in with your PIN first.');
      },
      requireManager: (what) => desk.requireSignedInManager(what),
      ensureOpen: open,
    }),
    ...managerMethods({
      db,
      outbox,
      refunds,
      settings,
      board,
      approver: rosterApprover(desk),
      requireManager: (what) => desk.requireSignedInManager(what),
      requireManagerHere: (what) => desk.requireManagerHere(what),
      appVersion: options.appVersion,
      ensureOpen: open,
      wakeWorker: () => worker.wake(),
      voided: () => voidReport.trigger(),
    }),
    ...stockDeskMethods({
      work: stockWork,
      settings,
      board,
      client,
      connection,
      requireManagerHere: (what) => desk.requireManagerHere(what),
      ensureOpen: open,
      wakeWorker: () => worker.wake(),
      countedCode: (code) => catalog.countedCode(code),
    }),

    async getStatus() {
      open();
      return board.status();
    },

    async pair(raw: PairArgs) {
      open();
      const args = raw;
      const serverUrl = parseServerUrl(args.serverUrl, options.allowInsecureHttp === true);
      const known = knownIdentity();
      // Pairing decides where every later sale (and the queue) goes. Only an installer's first
      // setup, a till never paired with no manager on its roster, may do it without a manager.
      if (known !== null || desk.hasManager()) desk.requireManagerHere(known === null ? 'pair this till' : 'pair this till again');
      // A locked till names its store: this back office refuses another store's code unspent (409 store_locked).
      const lockedStore = options.pairOnlyInStore ?? null;
      const outcome = await client.send({ serverUrl, token: null }, 'POST', '/v1/terminals/pair', {
        json: JSON.stringify({ pairingCode: args.pairingCode, ...(lockedStore === null ? {} : { storeCode: lockedStore }) }),
      });
      if (outcome.kind === 'no_answer') throw pairingNoAnswer(serverUrl, outcome);
      if (outcome.status !== 201 || !PairCheck.Check(outcome.body)) throw pairingRefused(serverUrl, outcome);
      const { terminalId, token, terminalCode, storeCode, businessCode } = outcome.body;
      refuseOtherStore(lockedStore, { terminalCode, storeCode }, logger);
      const sameTill = known !== null && known.terminalId === terminalId;
      if (!sameTill) {
        // Keys are scoped to the terminal on the back office: an entry already sent (its answer
        // lost) would be recorded a second time under another terminal. The code is spent by
        // now; the old pairing stays, so the queue can still settle with the old identity.
        const unsettled = outbox.unsettledSentCount();
        const was = known === null ? 'its earlier terminal' : `terminal ${known.terminalCode}`;
        if (unsettled > 0) {
          logger.warn(
            { unsettled, knownTerminal: known?.terminalCode ?? null, offeredTerminal: terminalCode },
            'pairing with another terminal refused: entries were sent without a final answer',
          );
          throw new TerminalError(
            'queue_unsettled',
            `This code belongs to another terminal (${terminalCode}, ${businessCode}/${storeCode}), and ${unsettled} queued ${unsettled === 1 ? 'entry was' : 'entries were'} already sent as ${was} without a final answer: under another terminal they could be recorded twice. The code is now used up and this till stays paired as ${was}. Let the queue sync first, or ask the back office for a new pairing code for ${was} itself.`,
          );
        }
      }
      db.transaction(() => {
        // Another terminal (or the first one): the old business's products must not be sold, and its catalog comes in full.
        if (!sameTill) {
          catalog.forget();
          profiles.forget();
        }
        settings.forgetPastPairing();
        settings.savePairing({ serverUrl, token, terminalId, terminalCode, storeCode, businessCode, pairedAt: new Date().toISOString() });
      })();
      logger.info(
        { terminalCode, sameTill, keptQueue: outbox.stats().pending },
        sameTill ? 'paired again as the same terminal: the queue is resent under its own keys' : 'paired',
      );
      board.paired();
      board.reached();
      worker.retryNow();
      heartbeat.trigger();
      catalogPull.periodic.trigger();
      profilePull.periodic.trigger();
      board.publish();
      return board.status();
    },

    async unpair() {
      open();
      desk.requireManagerHere('unpair this till');
      if (settings.pairing() === null) throw new TerminalError('not_paired', 'This till is not paired.');
      const unsettled = outbox.unsettledSentCount();
      if (unsettled > 0) {
        throw new TerminalError(
          'queue_unsettled',
          `${unsettled} queued ${unsettled === 1 ? 'entry was' : 'entries were'} already sent without a final answer: the back office may hold ${unsettled === 1 ? 'it' : 'them'}. Let the queue sync (or pair this till again with a new code for the same terminal) before unpairing.`,
        );
      }
      settings.unpair();
      logger.info({ pending: outbox.stats().pending }, 'unpaired by a manager; the queue and the sales are kept');
      board.publish();
      return board.status();
    },

    async searchProducts(raw: SearchArgs) {
      open();
      const args = raw;
      return catalog.search(args.query, args.limit ?? 50);
    },

    async openCart() {
      open();
      return { cartKey: uuidv7(), openedAt: new Date().toISOString() };
    },

    async pay(raw: PayArgs) {
      open();
      const checked = raw;
      const paid = sales.paidCart(checked.cartKey);
      if (paid !== null) return samePaymentOrRefuse(paid, checked);
      const profile = profiles.read();
      const onTerms = onCatalogTerms(checked, catalog);
      const week =
        checked.beneficiary === undefined
          ? { purchasesMinor: 0, discountMinor: 0 }
          : atLeastThisTill(bnpcWeekAtTill(db, checked.beneficiary.idNumber, new Date(), timezoneOf(profile)), checked.bnpcWeek);
      const benefitMinor = checkBenefits(onTerms, catalog, taxes.byCode(), week, capsOf(profile));
      const args = desk.prepareSale(onTerms, benefitMinor);
      const sale = sales.pay(args, settings.pairing()?.terminalCode ?? null);
      worker.wake();
      board.publish();
      return sale;
    },

    async stepQuantity(raw: StepQuantityArgs) {
      open();
      desk.requireSignedIn('change a quantity');
      return stepLineQuantity(db, raw);
    },

    async listSales(raw: ListSalesArgs) {
      open();
      return sales.list(raw);
    },

    async getSale(raw: IdArgs) {
      open();
      return sales.get(raw.id);
    },

    async queueItems(raw: QueueItemsArgs) {
      open();
      return outbox.items(raw);
    },

    async retry(raw: IdArgs) {
      open();
      const { id } = raw;
      if (!outbox.retry(id)) throw new TerminalError('not_found', `No queue entry ${id}.`);
      worker.retryNow();
      board.publish();
    },

    async retryAll() {
      open();
      outbox.retryAll();
      worker.retryNow();
      board.publish();
    },

    async getSettings() {
      open();
      return settings.settings();
    },

    async updateSettings(raw: SettingsPatch) {
      open();
      const patch = raw;
      // The discount limit and void rule are what a cashier must not lift; a till still being set up (no manager yet) has no one to ask.
      if (desk.hasManager()) desk.requireManagerHere('change the settings');
      return settings.updateSettings(patch);
    },
  };
  return withStorageFaults(core);
}

/**
 * Every method of the core, with a failed write to the terminal's own database (disk
 * full, read-only, locked too long) turned into a TerminalError the screens show in words.
 * Each write is one transaction, rolled back whole: the code says nothing was saved, and
 * the screens keep what they had (the cart, with its key, so paying again is the same sale).
 */
function withStorageFaults<T extends object>(core: T): T {
  const translate = (error: unknown): never => {
    const fault = storageFaultOf(error);
    throw fault === null ? error : new TerminalError(fault.code, fault.message);
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(core)) {
    if (typeof member !== 'function') {
      wrapped[name] = member;
      continue;
    }
    const method = member as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      try {
        const result = method(...args);
        return result instanceof Promise ? result.catch(translate) : result;
      } catch (error) {
        return translate(error);
      }
    };
  }
  return wrapped as T;
}
