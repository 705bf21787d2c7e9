import type { StoreBranch } from '../../protocol';
import { escapeHtml as e, page, table } from './html';

/** A branch's row as the manager typed it, back on a refused save: the fields are not lost. */
export interface BranchTyped {
  storeCode: string;
  address: string;
  branchCode: string;
}

/**
 * The stores of a business and what their tills print at the head of every invoice, return slip
 * and reading: the store's own address and TIN branch code once set, else the business's (as
 * `counter-server store branch` and `PUT …/stores/{storeCode}/branch` set them).
 */
export function branchesPage(
  businessCode: string,
  headOffice: { address: string; tin: string } | null,
  branches: StoreBranch[],
  message?: { ok: boolean; text: string },
  typed?: BranchTyped,
): string {
  const tinWith = (branchCode: string) => (headOffice ? `${headOffice.tin.replace(/-[0-9]{3,5}$/, '')}-${branchCode}` : `…-${branchCode}`);
  const prints = (b: StoreBranch) =>
    b.address === null || b.branchCode === null
      ? `<span class="empty">The business's: ${headOffice ? `${e(headOffice.address)}, TIN ${e(headOffice.tin)}` : 'not set yet (the sales invoice profile)'}</span>`
      : `${e(b.address)}, TIN ${e(tinWith(b.branchCode))}`;
  const form = (b: StoreBranch) => {
    const mine = typed?.storeCode === b.storeCode ? typed : undefined;
    const address = mine ? mine.address : (b.address ?? '');
    const branchCode = mine ? mine.branchCode : (b.branchCode ?? '');
    return `<form method="post" action="/fleet/branches" id="branch-${e(b.storeCode)}">
<input type="hidden" name="businessCode" value="${e(businessCode)}"><input type="hidden" name="storeCode" value="${e(b.storeCode)}">
<label>Address <input name="address" value="${e(address)}" size="44" maxlength="300"></label>
<label>TIN branch code <input name="branchCode" value="${e(branchCode)}" size="6" maxlength="5" placeholder="00001" inputmode="numeric"></label>
<button type="submit">Save</button></form>`;
  };
  return page(
    'Branches',
    `<header><h1>Branches: ${e(businessCode)}</h1><a href="/fleet/invoice-profile?business=${e(encodeURIComponent(businessCode))}" style="color:#fff">Sales invoice profile</a> <a href="/fleet" style="color:#fff">Back to the fleet</a></header>
<main><section>
${message ? `<p id="message" class="${message.ok ? '' : 'error'}">${e(message.text)}</p>` : ''}
<p>A branch prints its own name, address and the branch code of the business's TIN (its last group) on every invoice, return slip and reading of its tills. Leave both blank to print the business's address and TIN. The tills take a change with their next pull (within a minute).</p>
${table(
  'branches',
  [
    { title: 'Store', cell: (b) => `${e(b.storeCode)}<br>${e(b.name)}` },
    { title: 'Prints', cell: prints },
    { title: 'Change', cell: form },
  ],
  branches,
  (b) => (typed?.storeCode === b.storeCode && message && !message.ok ? 'bad' : ''),
  'No stores yet.',
)}
</section></main>`,
  );
}
