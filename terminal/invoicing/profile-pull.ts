import { Compile } from 'typebox/compile';
import { TillProfileSchema } from '../../protocol';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';
import type { InvoiceProfileStore } from './invoice-profile-store';

const ProfileCheck = Compile(TillProfileSchema);

export type ProfilePullOutcome = { kind: 'done' } | { kind: 'failed'; outcome: 'no_answer' | 'unauthorized' | 'server_error' | 'bad_answer' };

/** GET /v1/terminals/profile, kept on the till; pulled with the catalog. A back office without the route (404) changes nothing. */
export async function pullInvoiceProfile(client: BackOfficeClient, connection: Connection, store: InvoiceProfileStore): Promise<ProfilePullOutcome> {
  const outcome = await client.send(connection, 'GET', '/v1/terminals/profile');
  if (outcome.kind === 'no_answer') return { kind: 'failed', outcome: 'no_answer' };
  if (outcome.status === 401) return { kind: 'failed', outcome: 'unauthorized' };
  if (outcome.status >= 500) return { kind: 'failed', outcome: 'server_error' };
  if (outcome.status !== 200 || !ProfileCheck.Check(outcome.body)) return { kind: 'failed', outcome: 'bad_answer' };
  store.save(outcome.body);
  return { kind: 'done' };
}
