import { rowId } from '../db/row-ids';
import type { PairResponse, TerminalCreated } from '../../protocol';
import { hashSecret, newPairingCode, newTerminalToken, normalizePairingCode } from '../auth/tokens';
import type { BackOfficeDb, Tx } from '../db/database';
import { takeNextNumber } from '../numbering/number-series';
import { withTransactionRetries } from '../idempotency/retry-transaction';
import { businessByCode, foldCode, storeByCode } from '../place-codes';
import { notFound, Problem } from '../problem';
import { businessTime } from '../business-time';

export const PAIRING_CODE_TTL_MS = 24 * 3600 * 1000;

/** Registers a terminal in a store and issues its one-time pairing code. */
export async function addTerminal(
  trx: Tx,
  input: { businessCode: string; storeCode: string; name: string },
  now = new Date(),
): Promise<TerminalCreated> {
  const pairingCode = newPairingCode();
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS).toISOString();
  // Codes as a person types them, whatever their case: --store cainta is the store CAINTA.
  const business = await businessByCode(trx, input.businessCode);
  if (!business) throw notFound(`Business ${input.businessCode}`);
  const store = await storeByCode(trx, business.id, input.storeCode);
  if (!store) {
    throw new Problem(
      404,
      'not_found',
      'Not found',
      `Business ${business.code} has no store ${input.storeCode}: add it first (counter-server store add, or POST /v1/admin/stores).`,
    );
  }
  const place = { store_id: store.id, business_id: business.id, timezone: business.timezone };
  const code = await takeNextNumber(trx, { id: place.business_id, timezone: place.timezone }, 'terminal', now);
  const terminalId = rowId();
  await trx
    .insertInto('terminals')
    .values({
      id: terminalId,
      business_id: place.business_id,
      store_id: place.store_id,
      code: code.number,
      name: input.name,
      token_hash: null,
      pairing_code_hash: hashSecret(normalizePairingCode(pairingCode)),
      pairing_expires_at: expiresAt,
      paired_at: null,
      last_contact_at: null,
      queue_depth: null,
      oldest_pending_at: null,
      needs_attention: null,
      pending_value_minor: null,
      app_version: null,
      created_at: now.toISOString(),
      revoked_at: null,
      revoked_reason: null,
    })
    .execute();
  return { terminalId, terminalCode: code.number, pairingCode, pairingExpiresAt: expiresAt };
}

/** The same, in a transaction of its own (the CLI's `terminal add`). */
export function addTerminalNow(store: BackOfficeDb, input: { businessCode: string; storeCode: string; name: string }): Promise<TerminalCreated> {
  return withTransactionRetries(() => store.db.transaction().execute((trx) => addTerminal(trx, input)));
}

/**
 * A refused code, in the words that say what to ask for. A used code and an expired one are
 * still their terminal's: their holder had the slip naming that terminal, so the answer names
 * it and the command for a new code of the same terminal (`terminal add` would register
 * another one). A used code is known by its hash, kept when it pairs (retired_pairing_codes,
 * migration 0019); an unknown one names nothing, so a guess learns nothing from the answer.
 */
const UNKNOWN =
  'This pairing code is unknown: check it is typed as printed (a code used before this back office kept used codes reads the same). For a till that already has its terminal, ask the back office for a new code for it: counter-server terminal pairing-code --terminal Txx (its terminal code); for a new till, counter-server terminal add.';
const invalidCode = (detail: string) => new Problem(400, 'pairing_code_invalid', 'Pairing code not valid', detail);

/** 409 pairing_code_used for a code that paired already, naming the terminal and when; else 400 pairing_code_invalid. */
async function refusedCode(trx: Tx, codeHash: string): Promise<Problem> {
  const used = await trx
    .selectFrom('retired_pairing_codes as r')
    .innerJoin('terminals as t', 't.id', 'r.terminal_id')
    .innerJoin('businesses as b', 'b.id', 't.business_id')
    .select(['t.code', 'r.used_at', 'b.timezone'])
    .where('r.code_hash', '=', codeHash)
    .executeTakeFirst();
  if (!used) return invalidCode(UNKNOWN);
  return new Problem(
    409,
    'pairing_code_used',
    'Pairing code already used',
    `This pairing code was already used: it paired terminal ${used.code} at ${businessTime(used.used_at, used.timezone)}, and a code works once. For a till that is terminal ${used.code}, ask the back office for a new code: counter-server terminal pairing-code --terminal ${used.code}.`,
  );
}

/**
 * A till locked to a store (the desktop admin file's `locked.storeCode`) names the store it
 * takes; a code of another store's terminal is refused before it is spent, so that terminal
 * keeps its token and its code (store codes are one whatever their case).
 */
function refuseOtherStore(tillStore: string | undefined, terminal: { code: string; store_code: string }): void {
  if (tillStore === undefined || foldCode(tillStore) === foldCode(terminal.store_code)) return;
  throw new Problem(
    409,
    'store_locked',
    'Pairing code of another store',
    `This pairing code is for store ${terminal.store_code} (terminal ${terminal.code}), but this till takes only codes of store ${tillStore}: the code was not used, and terminal ${terminal.code} is as it was. For this till, get a code of a ${tillStore} terminal (counter-server terminal add --store ${tillStore}).`,
  );
}

/**
 * Trades a pairing code for the terminal's token. The code works once: the update that
 * hands out the token also clears the code, so two racing pair calls cannot both win, and
 * its hash is kept as used, in the same transaction.
 * `storeCode`, when the till sends it, is the only store it takes (checked before the code is spent).
 */
export async function pairTerminal(
  store: BackOfficeDb,
  pairingCode: string,
  { storeCode, now = new Date() }: { storeCode?: string | undefined; now?: Date } = {},
): Promise<PairResponse> {
  const codeHash = hashSecret(normalizePairingCode(pairingCode));
  const token = newTerminalToken();
  return store.db.transaction().execute(async (trx) => {
    const terminal = await trx
      .selectFrom('terminals as t')
      .innerJoin('businesses as b', 'b.id', 't.business_id')
      .innerJoin('stores as s', 's.id', 't.store_id')
      .select(['t.id', 't.code', 't.pairing_expires_at', 'b.code as business_code', 'b.timezone', 's.code as store_code'])
      .where('t.pairing_code_hash', '=', codeHash)
      .executeTakeFirst();
    if (!terminal || !terminal.pairing_expires_at) throw await refusedCode(trx, codeHash);
    if (terminal.pairing_expires_at < now.toISOString()) {
      throw invalidCode(
        `This pairing code expired at ${businessTime(terminal.pairing_expires_at, terminal.timezone)}. Ask the back office for a new code for the same terminal: counter-server terminal pairing-code --terminal ${terminal.code}.`,
      );
    }
    refuseOtherStore(storeCode, terminal);
    const updated = await trx
      .updateTable('terminals')
      // A new token replaces the old one (a lost till's token stops working) and lifts a revocation.
      .set({
        token_hash: hashSecret(token),
        pairing_code_hash: null,
        pairing_expires_at: null,
        paired_at: now.toISOString(),
        last_contact_at: now.toISOString(),
        revoked_at: null,
        revoked_reason: null,
      })
      .where('id', '=', terminal.id)
      .where('pairing_code_hash', '=', codeHash)
      .executeTakeFirst();
    // Another pair call with the same code won the row first: by now its pairing is what the code did.
    if (Number(updated.numUpdatedRows) !== 1) throw await refusedCode(trx, codeHash);
    await trx
      .insertInto('retired_pairing_codes')
      .values({ code_hash: codeHash, terminal_id: terminal.id, used_at: now.toISOString() })
      // A new code whose hash meets a used one's (about one in 2^50): the latest pairing is what it did.
      .onConflict((oc) => oc.column('code_hash').doUpdateSet({ terminal_id: terminal.id, used_at: now.toISOString() }))
      .execute();
    return { terminalId: terminal.id, token, storeCode: terminal.store_code, businessCode: terminal.business_code, terminalCode: terminal.code };
  });
}
