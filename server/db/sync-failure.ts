/**
 * What a back office does when the disk refuses to sync its WAL or fails an I/O (walSyncer in database.ts):
 * it stops, as PostgreSQL stops on a failed fsync. Nothing was acknowledged after the
 * failure (every later sync fails too), the 500s of the group are on their way out, and a
 * service manager starts it again: SQLite then recovers from what is on disk, and the tills
 * send again what they still hold. `exit` is the process's own, replaced by tests.
 */
export function stopOnSyncFailure(report: (error: unknown) => void, exit: (code: number) => void = (code) => process.exit(code)) {
  // walSyncer tells its onFailure once, at the first failure: nothing to count here.
  return (error: unknown): void => {
    report(error);
    // A quarter of a second for the answers already written to reach their tills.
    setTimeout(() => exit(1), 250);
  };
}
