/** Where a piece of the till's work is on its way to the back office, in a manager's words (the stock desk's tables). */
const SYNC_WORDS: Record<string, string> = {
  pending: 'waiting to be sent',
  sending: 'sending',
  synced: 'at the back office',
  needs_attention: 'refused: see the sync queue',
  voided: 'voided at the till, never sent',
};

/** A state this screen does not know (a newer core's) is shown as it is. */
export const syncWords = (state: string): string => SYNC_WORDS[state] ?? state;
