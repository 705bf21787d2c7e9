import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * What the outbox knows of each kind of queued write (sale, refund, and what comes later):
 * how the back office's acknowledgement reads, and how to write it back onto the local
 * document. Each kind is registered by the module that owns its documents (LocalSales
 * registers `sale`, LocalRefunds `refund`); the outbox and the sync worker just ask.
 */
export interface OutboxKind {
  /** The acknowledgement's body as this kind's receipt schema reads it; null when it is not one. */
  readReceipt(body: unknown): unknown;
  /** Writes the acknowledgement onto the document. Runs inside the outbox's settle transaction. */
  acknowledge(documentId: string, receipt: unknown): void;
  /** Sent on its own, never inside POST /v1/sync/batch (which carries sales and refunds only). */
  alone: boolean;
  /**
   * Numbers the document again after 409 local_number_reused (sales/renumbering.ts): its new
   * number, or null where this kind cannot (the entry then needs a person). In the settle transaction.
   */
  numberAgain: (documentId: string, lastLocalNumber: string) => string | null;
}

export class OutboxKinds {
  private readonly kinds = new Map<string, OutboxKind>();

  register<S extends TSchema>(
    kind: string,
    receiptSchema: S,
    acknowledge: (documentId: string, receipt: Static<S>) => void,
    options: { alone?: boolean; numberAgain?: (documentId: string, lastLocalNumber: string) => string | null } = {},
  ): void {
    if (this.kinds.has(kind)) throw new Error(`Outbox kind "${kind}" is registered twice.`);
    const check = Compile(receiptSchema);
    this.kinds.set(kind, {
      readReceipt: (body) => (check.Check(body) ? body : null),
      acknowledge: (documentId, receipt) => acknowledge(documentId, receipt as Static<S>),
      alone: options.alone === true,
      numberAgain: options.numberAgain ?? (() => null),
    });
  }

  /** The handler of a kind; an entry of a kind nobody registered is a bug, not a state. */
  of(kind: string): OutboxKind {
    const handler = this.kinds.get(kind);
    if (handler === undefined) throw new Error(`No outbox kind "${kind}" is registered (known: ${[...this.kinds.keys()].join(', ') || 'none'}).`);
    return handler;
  }
}
