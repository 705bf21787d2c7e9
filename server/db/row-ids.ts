import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/**
 * The random bits of row ids, taken from the OS 4 KiB at a time. uuidv7's own generator asks
 * for 32 bytes at a time: at full ingest a group of 13 five-line sales takes some 80 ids
 * (a sale's, each ledger row's), and those refills were 2.3% of the writer thread's time
 * (CPU profile, docs/benchmark-history.md). Each thread has its own buffer (its own module).
 */
class BufferedRandom {
  private readonly buffer = new Uint32Array(1024);
  private cursor = this.buffer.length;
  nextUint32(): number {
    if (this.cursor >= this.buffer.length) {
      randomFillSync(this.buffer);
      this.cursor = 0;
    }
    return this.buffer[this.cursor++]!;
  }
}

const generator = new V7Generator(new BufferedRandom());

/** A new row id: a UUIDv7 (time first, so ids of one table land at the end of its primary key's B-tree). */
export const rowId = (): string => generator.generate().toString();
