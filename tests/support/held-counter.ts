import pg from 'pg';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A number counter row held FOR UPDATE by a transaction of the test's own (PostgreSQL), so
 * that the server's next write of that series stops where it takes its number, in the middle
 * of its transaction: a group of sales after its stock levels (its ledger rows, rows and
 * commit still to come), a count's approval after its ledger rows. The server can then be
 * killed with the write half done.
 */
export class HeldCounter {
  private held = true;
  private constructor(private readonly client: pg.Client) {}

  static async hold(databaseUrl: string, series: string): Promise<HeldCounter> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('select last_value from number_counters where series = $1 for update', [series]);
    } catch (error) {
      await client.end();
      throw error;
    }
    return new HeldCounter(client);
  }

  /** How many other connections wait for a lock, once there is one (bounded: 60 s on a loaded machine), else 0. */
  async untilSomeoneWaits(): Promise<number> {
    for (let tries = 0; tries < 2400; tries++) {
      await sleep(25);
      const waiting = await this.count("wait_event_type = 'Lock'");
      if (waiting > 0) return waiting;
    }
    return 0;
  }

  /** Lets the row go (the waiting write goes on, unless its server is gone). */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.client.query('rollback');
  }

  /**
   * Once its server is killed, a backend notices its client is gone only when it runs again:
   * waits (bounded, 5 s) until no other connection is left idle in a transaction.
   */
  async untilKilledTransactionsEnd(): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      if ((await this.count("state like 'idle in transaction%'")) === 0) return;
      await sleep(25);
    }
  }

  async close(): Promise<void> {
    await this.release().catch(() => undefined);
    await this.client.end();
  }

  private async count(condition: string): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and ${condition} and pid <> pg_backend_pid()`,
    );
    return rows[0]?.n ?? 0;
  }
}
