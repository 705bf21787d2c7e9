import { Compile } from 'typebox/compile';
import { CatalogPageSchema } from '../../protocol';
import type { BackOfficeClient, Connection } from '../sync/back-office-client';
import type { CatalogCache } from './catalog-cache';

const PageCheck = Compile(CatalogPageSchema);
/** A bound on one pull, so a server that never stops paging cannot hold the loop forever. */
const MAX_PAGES_PER_PULL = 1000;

export type PullOutcome =
  | { kind: 'done'; pages: number }
  | { kind: 'failed'; outcome: 'no_answer' | 'unauthorized' | 'server_error' | 'bad_answer'; cause?: 'no_network' | 'server_unreachable' };

/** GET /v1/catalog?since=<cursor>, page after page, until a page brings no products. */
export async function pullCatalog(client: BackOfficeClient, connection: Connection, cache: CatalogCache): Promise<PullOutcome> {
  for (let pages = 0; pages < MAX_PAGES_PER_PULL; pages += 1) {
    const since = cache.cursor();
    const outcome = await client.send(connection, 'GET', `/v1/catalog?since=${encodeURIComponent(since)}`);
    if (outcome.kind === 'no_answer') return { kind: 'failed', outcome: 'no_answer', cause: outcome.cause };
    if (outcome.status === 401) return { kind: 'failed', outcome: 'unauthorized' };
    if (outcome.status >= 500) return { kind: 'failed', outcome: 'server_error', cause: 'server_unreachable' };
    if (outcome.status !== 200 || !PageCheck.Check(outcome.body)) return { kind: 'failed', outcome: 'bad_answer' };
    // Taxes travel whole on every page, so even an empty page is worth applying.
    cache.applyPage(outcome.body);
    if (outcome.body.products.length === 0 || outcome.body.cursor === since) return { kind: 'done', pages: pages + 1 };
  }
  return { kind: 'done', pages: MAX_PAGES_PER_PULL };
}
