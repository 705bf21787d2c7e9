import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { TOKEN_CACHE_MS } from '../../server/auth/callers';
import { openDatabase, type BackOfficeDb } from '../../server/db/database';
import { pairTerminal } from '../../server/terminals/pairing';
import { issuePairingCodeNow, revokeTerminalNow } from '../../server/terminals/revocation';
import { aSale, startBackOffice, type PairedTerminal, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';
import { post } from '../support/stock-documents';

/**
 * The server keeps a till's token for a second after looking it up (callers.ts). A
 * revocation or a new pairing made by ANOTHER process (the CLI `terminal revoke`, another
 * instance on the same PostgreSQL) does not clear that; a sale must still not be recorded
 * once the revocation has committed: the write pipeline checks the token again inside the
 * group's transaction.
 */
describe.each(databaseKinds)("a till's cached token, revoked or replaced by another process, on %s", (kind) => {
  let office: TestBackOffice;
  /** The other process's connection to the same database. */
  let other: BackOfficeDb;
  beforeAll(async () => {
    office = await startBackOffice(kind);
    other = openDatabase(office.database.url);
  });
  afterAll(async () => {
    await other.close();
    await office.close();
  });

  const sell = (till: PairedTerminal, key: string) => post(office, '/v1/sales', till.headers(key), aSale());
  const beat = (till: PairedTerminal) =>
    post(office, '/v1/terminals/heartbeat', till.headers(), { queueDepth: 0, oldestPendingAt: null, needsAttention: 0, appVersion: '1.0.0' });
  const salesWithKey = (key: string) => office.store.db.selectFrom('sales').select('id').where('idempotency_key', '=', key).execute();

  it('refuses the next sale of a till revoked elsewhere at once, its token still cached, and stores nothing for it', async () => {
    const till = await office.pairTerminal({ name: 'Till left on the bus' });
    expect((await sell(till, uuidv7())).statusCode).toBe(201);
    expect((await beat(till)).statusCode).toBe(204);

    await revokeTerminalNow(other, till.id, 'left on the bus');
    const key = uuidv7();
    const refused = await sell(till, key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'terminal_revoked' });
    expect(await salesWithKey(key)).toHaveLength(0);
    const answers = await office.store.db.selectFrom('idempotency_responses').select('key').where('key', '=', key).execute();
    expect(answers).toHaveLength(0);

    // Its other calls see the revocation once the cached token has expired.
    await new Promise((resolve) => setTimeout(resolve, TOKEN_CACHE_MS + 100));
    expect((await beat(till)).json()).toMatchObject({ code: 'terminal_revoked' });
  });

  it('refuses a sale sent with the old token of a till paired again elsewhere, and records the new token’s', async () => {
    const till = await office.pairTerminal({ name: 'Till paired again' });
    expect((await sell(till, uuidv7())).statusCode).toBe(201);

    const { pairingCode } = await issuePairingCodeNow(other, till.id);
    const { token } = await pairTerminal(other, pairingCode);
    const oldKey = uuidv7();
    const refused = await sell(till, oldKey);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'unauthorized' });
    expect(await salesWithKey(oldKey)).toHaveLength(0);

    const repaired: PairedTerminal = { ...till, token, headers: (key) => ({ ...till.headers(key), authorization: `Bearer ${token}` }) };
    const newKey = uuidv7();
    expect((await sell(repaired, newKey)).statusCode).toBe(201);
    expect(await salesWithKey(newKey)).toHaveLength(1);
  });

  it('forgets the cached tokens at once when this process revokes a till', async () => {
    const till = await office.pairTerminal({ name: 'Till revoked here' });
    expect((await beat(till)).statusCode).toBe(204);
    const revoked = await post(office, `/v1/admin/terminals/${till.id}/revoke`, office.adminHeaders(uuidv7()), { reason: 'stolen' });
    expect(revoked.statusCode).toBe(200);
    expect((await beat(till)).json()).toMatchObject({ code: 'terminal_revoked' });
  });
});
