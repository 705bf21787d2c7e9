import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walSyncer } from '../../server/db/database';
import { countCheckpoint, type CheckpointStats } from '../../server/db/wal-checkpoints';

/** The WAL's fdatasync (server/db/database.ts), its failures injected. */
describe('the sync of the WAL before any write is answered', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const aWalFile = (create = true) => {
    const dir = mkdtempSync(join(tmpdir(), 'counter-wal-'));
    dirs.push(dir);
    const file = join(dir, 'server.db-wal');
    if (create) writeFileSync(file, 'frames');
    return file;
  };

  it('a failed fdatasync fails every sync after it, even one the disk would accept: nothing more is acknowledged until a restart', async () => {
    const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    const answers = [undefined, eio, undefined, undefined];
    let calls = 0;
    const syncer = walSyncer(aWalFile(), async () => {
      const answer = answers[calls++];
      if (answer) throw answer;
    });
    await expect(syncer.sync()).resolves.toBeUndefined();
    await expect(syncer.sync()).rejects.toBe(eio);
    // The disk would say yes now; the frames the failed sync lost may be gone: still no.
    await expect(syncer.sync()).rejects.toBe(eio);
    await expect(syncer.sync()).rejects.toBe(eio);
    expect(calls).toBe(2);
    await syncer.close();
  });

  it('a WAL file that cannot be opened fails that sync only (nothing was synced, nothing lost)', async () => {
    const file = aWalFile(false);
    let calls = 0;
    const syncer = walSyncer(file, async () => {
      calls += 1;
    });
    await expect(syncer.sync()).rejects.toMatchObject({ code: 'ENOENT' });
    writeFileSync(file, 'frames');
    await expect(syncer.sync()).resolves.toBeUndefined();
    expect(calls).toBe(1);
    await syncer.close();
  });

  it('a checkpoint the disk fails (an I/O error) counts as a failed sync; any other checkpoint error is only counted', async () => {
    let calls = 0;
    const syncer = walSyncer(aWalFile(), async () => {
      calls += 1;
    });
    const stats: CheckpointStats = { runs: 0, walFrames: 0, checkpointedFrames: 0, errors: 0 };
    countCheckpoint(stats, { log: 12, checkpointed: 12 }, syncer.fail);
    countCheckpoint(stats, { error: 'database is locked', code: 'SQLITE_BUSY' }, syncer.fail);
    await expect(syncer.sync()).resolves.toBeUndefined();
    countCheckpoint(stats, { error: 'disk I/O error', code: 'SQLITE_IOERR_FSYNC' }, syncer.fail);
    await expect(syncer.sync()).rejects.toMatchObject({ code: 'SQLITE_IOERR_FSYNC' });
    expect(syncer.failure()).toMatchObject({ message: 'disk I/O error' });
    expect(calls).toBe(1);
    expect(stats).toMatchObject({ runs: 1, errors: 2, lastError: 'disk I/O error' });
    await syncer.close();
  });
});
