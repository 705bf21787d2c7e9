import { uuidv7 } from 'uuidv7';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  CountLinesAnswerSchema,
  PurchaseReceiptSchema,
  StockCountListSchema,
  StockDocumentListSchema,
  TransferSchema,
  type CountLines,
  type ReceiptApproval,
  type TransferReceive,
  type TransferSend,
} from '../../protocol';
import { withoutUnseen } from '../../protocol/manager-name';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';
import type { Outbox } from '../sync/outbox';
import type { TerminalDb } from '../store/terminal-db';
import { refuseFractionsOfCounted, refuseUnstorableText } from '../sales/till-quantities';
import { qtyToMilli } from '../../protocol/sale-total';
import { quantityText, type SoldBy } from '../../protocol/sold-by';
import { TerminalError } from '../terminal-error';
import { documentContextOf } from '../invoicing/document-head';
import { businessDayAndTime } from '../invoicing/document-dates';
import type { CountedLine, DeskDocument, StockDesk, StockWork } from './stock-desk-schemas';

/** The catalog's product for a counted code (catalog-cache.ts). */
export interface CodeNames {
  productOfCode(code: string): { sku: string; name: string; soldBy: SoldBy | null } | null;
}

type WorkKind = StockWork['kind'];

/** The longest name the back office records for who counted or received (ManagerName); the till keeps names of 80. */
const RECORDED_NAME_CHARS = 64;

/**
 * A person as the back office records them on a stock document: without the invisible and
 * control characters it refuses in a name (a cashier's name typed at the till may hold them),
 * a longer name shortened with "…", not refused there.
 */
export function recordedName(typed: string): string {
  const name = withoutUnseen(typed);
  if (name.length <= RECORDED_NAME_CHARS) return name;
  const cut = name.slice(0, RECORDED_NAME_CHARS - 1);
  // Never half of a character written as two (an emoji): the back office refuses a lone half.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

interface WorkRow {
  id: string;
  work_key: string;
  kind: WorkKind;
  document_id: string;
  number: string | null;
  created_at: string;
  created_by: string;
  sync_state: string | null;
  body: string | null;
  label: string | null;
}

/** Open documents of each kind fetched for the desk: the most the back office lists at once. */
const DESK_LIMIT = 500;
const CountList = Compile(StockCountListSchema);
const DocumentList = Compile(StockDocumentListSchema);
const Lines = Compile(Type.Array(Type.Object({ sku: Type.String(), qty: Type.Number() })));
const CountedBody = Compile(
  Type.Object({ countedBy: Type.String(), lines: Type.Array(Type.Object({ code: Type.String(), qty: Type.Number(), countedAt: Type.String() })) }),
);

/**
 * The manager's desk for stock: the back office's open work for this store (counts,
 * deliveries to receive, transfers to send or receive), kept from the last fetch so it works
 * offline, and what the till does with it. Each piece of work is committed locally with its
 * outbox entry in ONE transaction, under the key the screen minted when the form opened, and
 * goes out like a sale: exactly once, the back office's number written back on its answer.
 */
export class StockDeskWork {
  constructor(
    private readonly db: TerminalDb,
    private readonly outbox: Outbox,
    private readonly names: CodeNames,
  ) {
    // Each answer writes its number back; these go alone (the batch route carries sales and refunds only).
    outbox.kinds.register('count_lines', CountLinesAnswerSchema, (id) => this.acknowledge(id, null), { alone: true });
    outbox.kinds.register('receipt_approval', PurchaseReceiptSchema, (id, receipt) => this.acknowledge(id, receipt.receiptNumber), { alone: true });
    outbox.kinds.register('transfer_send', TransferSchema, (id, transfer) => this.acknowledge(id, transfer.transferNumber), { alone: true });
    outbox.kinds.register('transfer_receive', TransferSchema, (id, transfer) => this.acknowledge(id, transfer.transferNumber), { alone: true });
  }

  desk(): StockDesk {
    const rows = this.db
      .prepare('SELECT id, kind, number, status, direction, label, lines, fetched_at FROM stock_desk_documents ORDER BY kind, label')
      .all() as {
      id: string;
      kind: DeskDocument['kind'];
      number: string | null;
      status: string;
      direction: DeskDocument['direction'];
      label: string;
      lines: string;
      fetched_at: string;
    }[];
    const fetchedAt =
      (this.db.prepare("SELECT value FROM terminal_settings WHERE name = 'stock_desk_fetched_at'").pluck().get() as string | undefined) ?? null;
    return {
      fetchedAt,
      documents: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        number: r.number,
        status: r.status,
        direction: r.direction,
        label: r.label,
        lines: (JSON.parse(r.lines) as { sku: string; qty: number }[]).map((l) => {
          const product = this.names.productOfCode(l.sku);
          return { sku: l.sku, name: product?.name ?? null, soldBy: product?.soldBy ?? null, qty: l.qty };
        }),
      })),
    };
  }

  /** Fetches the store's open stock work; offline, the last list stays (and the screens say since when). */
  async refresh(client: BackOfficeClient, connection: Connection | null, storeCode: string, now: Date = new Date()): Promise<StockDesk> {
    if (connection === null) throw new TerminalError('not_paired', 'Pair this till before working on stock.');
    // Times said on the business's clock, as its documents print them, whatever this machine's time zone.
    const { timeOf, timeZone } = documentContextOf(this.db);
    const dayAndTime = (iso: string) => businessDayAndTime(iso, timeZone);
    const get = async (path: string) => {
      const outcome = await client.send(connection, 'GET', path);
      if (outcome.kind === 'no_answer')
        throw new TerminalError(
          outcome.cause,
          this.desk().fetchedAt === null
            ? 'The back office could not be reached, and this till has no list of its stock work yet: try again once it is back.'
            : `The back office could not be reached; the list fetched ${timeOf(this.desk().fetchedAt ?? '')} is shown.`,
        );
      if (outcome.status !== 200) throw new TerminalError('server_unreachable', `The back office answered ${outcome.status} for ${path}.`);
      return outcome.body;
    };
    const counts = await get('/v1/stock-counts?status=open');
    // Only what is still open, asked for by state: a store's hundred newest transfers, received
    // ones included, would otherwise push an older one still on its way out of the list.
    const receipts = await get(`/v1/stock-documents?kind=receipt&status=draft&limit=${DESK_LIMIT}`);
    const outgoing = await get(`/v1/stock-documents?kind=transfer&status=draft&limit=${DESK_LIMIT}`);
    const incoming = await get(`/v1/stock-documents?kind=transfer&status=sent&limit=${DESK_LIMIT}`);
    if (!CountList.Check(counts) || !DocumentList.Check(receipts) || !DocumentList.Check(outgoing) || !DocumentList.Check(incoming))
      throw new TerminalError('server_unreachable', 'The back office sent a stock list this till cannot read.');
    const transfers = { items: [...outgoing.items, ...incoming.items] };
    const documents: (Omit<DeskDocument, 'lines'> & { lines: { sku: string; qty: number }[] })[] = [
      ...counts.items.map((c) => ({
        id: c.id,
        kind: 'count' as const,
        number: null,
        status: c.status,
        direction: null,
        label: `Count started ${timeOf(c.startedAt)} by ${c.startedBy}`,
        lines: [],
      })),
      ...receipts.items.map((r) => ({
        id: r.id,
        kind: 'receipt' as const,
        number: r.number,
        status: r.status,
        direction: null,
        // Two deliveries of one supplier are told apart by when they were drafted (found by a manager's walk).
        label: `Delivery from ${r.supplier ?? 'a supplier'}, drafted ${dayAndTime(r.createdAt)}`,
        lines: r.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
      })),
      ...transfers.items
        .filter((t) => (t.status === 'draft' && t.storeCode === storeCode) || (t.status === 'sent' && t.toStoreCode === storeCode))
        .map((t) => ({
          id: t.id,
          kind: 'transfer' as const,
          number: t.number,
          status: t.status,
          direction: t.status === 'draft' ? ('out' as const) : ('in' as const),
          label: t.status === 'draft' ? `Transfer to ${t.toStoreCode ?? ''}` : `Transfer from ${t.storeCode}`,
          lines: t.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
        })),
    ];
    const at = now.toISOString();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM stock_desk_documents').run();
      const insert = this.db.prepare(
        'INSERT INTO stock_desk_documents (id, kind, number, status, direction, label, lines, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const d of documents)
        insert.run(d.id, d.kind, d.number, d.status, d.direction, d.label, JSON.stringify(Lines.Check(d.lines) ? d.lines : []), at);
      this.db
        .prepare(
          "INSERT INTO terminal_settings (name, value) VALUES ('stock_desk_fetched_at', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .run(at);
    })();
    return this.desk();
  }

  countScan(workKey: string, countId: string, lines: { code: string; qty: number }[], by: string, now: Date = new Date()): StockWork {
    this.refuseFractionsOfPieces(lines.map((l) => ({ sku: this.names.productOfCode(l.code)?.sku ?? l.code, qty: l.qty })));
    const body: CountLines = { countedBy: recordedName(by), lines: lines.map((l) => ({ code: l.code, qty: l.qty, countedAt: now.toISOString() })) };
    // Named in the sync queue by what was counted, so two entries can be told apart.
    const counted = this.named(lines);
    const label = counted.length > 60 ? `${counted.slice(0, 59)}…` : counted;
    return this.queue('count_lines', workKey, countId, `/v1/stock-counts/${encodeURIComponent(countId)}/lines`, body, label, by, now);
  }

  receiveDelivery(workKey: string, receiptId: string, lines: ReceiptApproval['lines'], by: string, now: Date = new Date()): StockWork {
    this.refuseFractionsOfPieces((lines ?? []).map((l) => ({ sku: l.sku, qty: l.qtyReceived })));
    // Named as the one who received it: the back office records "Mario (till T02)".
    const body: ReceiptApproval = lines && lines.length > 0 ? { by: recordedName(by), lines } : { by: recordedName(by) };
    return this.queue(
      'receipt_approval',
      workKey,
      receiptId,
      `/v1/purchase-receipts/${encodeURIComponent(receiptId)}/approve`,
      body,
      this.labelOf(receiptId, 'Delivery'),
      by,
      now,
    );
  }

  sendTransfer(workKey: string, transferId: string, by: string, now: Date = new Date()): StockWork {
    return this.queue(
      'transfer_send',
      workKey,
      transferId,
      `/v1/transfers/${encodeURIComponent(transferId)}/send`,
      // Named as the one who sent it, as a delivery's receiver (found by a walk: the stock page said only "till T02").
      { by: recordedName(by) } satisfies TransferSend,
      this.labelOf(transferId, 'Transfer'),
      by,
      now,
    );
  }

  receiveTransfer(workKey: string, transferId: string, lines: TransferReceive['lines'], by: string, now: Date = new Date()): StockWork {
    this.refuseFractionsOfPieces((lines ?? []).map((l) => ({ sku: l.sku, qty: l.qtyReceived })));
    const body: TransferReceive = lines && lines.length > 0 ? { by: recordedName(by), lines } : { by: recordedName(by) };
    return this.queue(
      'transfer_receive',
      workKey,
      transferId,
      `/v1/transfers/${encodeURIComponent(transferId)}/receive`,
      body,
      this.labelOf(transferId, 'Transfer'),
      by,
      now,
    );
  }

  /**
   * 2.5 of a product the catalog sells by the piece is refused here, before it is queued: the
   * back office refuses it (server/inventory/whole-pieces.ts), later, where nobody is looking.
   */
  private refuseFractionsOfPieces(lines: { sku: string; qty: number }[]): void {
    refuseFractionsOfCounted(
      this.db,
      lines,
      lines.map((l) => qtyToMilli(l.qty) ?? 0),
    );
  }

  work(): StockWork[] {
    return (this.db.prepare(`${WORK_SELECT} ORDER BY w.created_at DESC, w.rowid DESC LIMIT 200`).all() as WorkRow[]).map((row) => this.workOf(row));
  }

  /**
   * Every line this till counted for a count, in the order scanned, read from the queued
   * work itself (its outbox body): it survives a restart and whatever the screen forgot.
   * Work voided in the sync queue counted nothing and is left out.
   */
  countedLines(countId: string): CountedLine[] {
    const rows = this.db
      .prepare(
        `SELECT w.id, w.created_by, o.state, o.body FROM stock_work w JOIN outbox o ON o.document_id = w.id
         WHERE w.kind = 'count_lines' AND w.document_id = ? AND o.state <> 'voided' ORDER BY w.created_at, o.seq`,
      )
      .all(countId) as { id: string; created_by: string; state: string; body: string }[];
    return rows.flatMap((row) => {
      const body: unknown = JSON.parse(row.body);
      if (!CountedBody.Check(body)) return [];
      return body.lines.map((line) => {
        const product = this.names.productOfCode(line.code);
        return {
          workId: row.id,
          code: line.code,
          sku: product?.sku ?? null,
          name: product?.name ?? null,
          soldBy: product?.soldBy ?? null,
          qty: line.qty,
          countedAt: line.countedAt,
          countedBy: row.created_by,
          syncState: row.state,
        };
      });
    });
  }

  /** Counted lines by the product's name where the catalog has it ("Fresh Egg × 30"), else by the code scanned. */
  private named(lines: { code: string; qty: number }[]): string {
    return lines
      .map((l) => {
        const product = this.names.productOfCode(l.code);
        return `${product?.name ?? l.code} × ${quantityText(product?.soldBy, l.qty)}`;
      })
      .join(', ');
  }

  private workOf(row: WorkRow): StockWork {
    const body: unknown = row.kind === 'count_lines' && row.body !== null ? JSON.parse(row.body) : null;
    const what = CountedBody.Check(body) ? this.named(body.lines) : (row.label ?? '');
    return { ...workOf(row), what };
  }

  /** How the sync queue names work on a document: its number, else what the desk calls it ("Delivery from Mega Foods"). */
  private labelOf(documentId: string, fallback: string): string {
    const known = this.db.prepare('SELECT COALESCE(number, label) FROM stock_desk_documents WHERE id = ?').pluck().get(documentId) as
      string | null | undefined;
    return known ?? fallback;
  }

  /** The work and its outbox entry in ONE transaction; the same work key again returns the first. */
  private queue(kind: WorkKind, workKey: string, documentId: string, path: string, body: unknown, label: string, by: string, now: Date): StockWork {
    // Text the back office would refuse (NUL) or store other than typed is refused here, before it is queued.
    refuseUnstorableText({ by, body });
    const id = this.db.transaction(() => {
      const existing = this.db.prepare('SELECT id FROM stock_work WHERE work_key = ?').pluck().get(workKey) as string | undefined;
      if (existing !== undefined) return existing;
      const workId = uuidv7();
      const at = now.toISOString();
      this.db
        .prepare('INSERT INTO stock_work (id, work_key, kind, document_id, number, created_at, created_by) VALUES (?, ?, ?, ?, NULL, ?, ?)')
        .run(workId, workKey, kind, documentId, at, by);
      this.outbox.enqueue({ key: workKey, kind, path, body: JSON.stringify(body), documentId: workId, documentNumber: label, valueMinor: 0 }, at);
      return workId;
    })();
    return this.workOf(this.db.prepare(`${WORK_SELECT} WHERE w.id = ?`).get(id) as WorkRow);
  }

  /** Runs in the outbox's settle transaction: the number onto the work, the queue entry and the cached document. */
  private acknowledge(workId: string, number: string | null): void {
    if (number === null) return;
    this.db.prepare('UPDATE stock_work SET number = ? WHERE id = ?').run(number, workId);
    this.db.prepare('UPDATE outbox SET document_number = ? WHERE document_id = ?').run(number, workId);
    this.db.prepare('UPDATE stock_desk_documents SET number = ? WHERE id = (SELECT document_id FROM stock_work WHERE id = ?)').run(number, workId);
  }
}

const WORK_SELECT = `SELECT w.id, w.work_key, w.kind, w.document_id, w.number, w.created_at, w.created_by,
  o.state AS sync_state, o.body, COALESCE((SELECT d.label FROM stock_desk_documents d WHERE d.id = w.document_id), o.document_number) AS label
  FROM stock_work w LEFT JOIN outbox o ON o.document_id = w.id`;

function workOf(row: WorkRow): Omit<StockWork, 'what'> {
  return {
    id: row.id,
    workKey: row.work_key,
    kind: row.kind,
    documentId: row.document_id,
    number: row.number,
    createdAt: row.created_at,
    createdBy: row.created_by,
    syncState: row.sync_state ?? 'pending',
  };
}
