import { commitGroup, type GroupMember, type Outcome, type Settled } from './group-transaction';

export interface GroupQueueOptions {
  /** The most writes one group (one transaction, one commit) takes. */
  maxGroupWrites: number;
  /** Groups in their transaction at once (SQLite: 1, one writer; PostgreSQL: 2). */
  concurrentGroups: number;
}

/** A group whose transaction ended: its writes and how each ended (none sent to the next group), and how often it ran again. */
export interface EndedGroup {
  members: GroupMember[];
  settled: Settled[];
  retries: number;
}

/**
 * The writes waiting for a group, and the groups being written. A write that arrives while
 * every slot is taken waits and joins the next group, up to maxGroupWrites, so under load
 * each commit carries many writes; a lone write on an idle writer starts at the next turn
 * of the event loop (writes that arrived in the same turn join it; no wait window). When a
 * group's transaction ends, the next group starts at once with every write that waits; the
 * writes its checks sent to the next group go first, in arrival order. `ended` hears of
 * each group once its transaction has ended (committed, not yet synced: the pipeline syncs
 * before it answers anyone).
 */
export class GroupQueue {
  private readonly waiting: GroupMember[] = [];
  private readonly running = new Set<Promise<void>>();
  private scheduled = false;

  constructor(
    private readonly transaction: (group: readonly GroupMember[], oneByOne: boolean) => Promise<Outcome[]>,
    private readonly options: GroupQueueOptions,
    private readonly ended: (group: EndedGroup) => void,
  ) {}

  add(members: readonly GroupMember[]): void {
    this.waiting.push(...members);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  /** Resolves once no write waits and no group runs. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0 || this.waiting.length > 0) {
      await Promise.allSettled([...this.running]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private dispatch(): void {
    while (this.running.size < this.options.concurrentGroups && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroupWrites);
      const run = this.run(group).finally(() => {
        this.running.delete(run);
        this.dispatch();
      });
      this.running.add(run);
    }
  }

  private async run(group: GroupMember[]): Promise<void> {
    let retries = 0;
    const settled = await commitGroup(this.transaction, group, () => (retries += 1));
    const later = group.filter((_, i) => settled[i]!.kind === 'next-group');
    if (later.length > 0) this.waiting.unshift(...later);
    const done = group.flatMap((member, i) => {
      const s = settled[i]!;
      return s.kind === 'next-group' ? [] : [{ member, settled: s }];
    });
    if (done.length > 0)
      this.ended({
        members: done.map((d) => d.member),
        settled: done.map((d) => d.settled),
        retries,
      });
  }
}
