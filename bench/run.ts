/**
 * `npm run bench`: every benchmark, one after another, each in its own process so that
 * one's memory does not colour the next. `npm run bench -- server` runs those whose path
 * contains "server".
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHMARKS = [
  'bench/server/ingest.ts',
  'bench/server/monitoring.ts',
  'bench/server/count-import.ts',
  'bench/terminal/commit-latency.ts',
  'bench/terminal/drain-latency.ts',
  'bench/terminal/drain-memory.ts',
  'bench/terminal/search.ts',
  'bench/terminal/outage-notice.ts',
];

const filter = process.argv[2];
let failed = 0;
for (const file of BENCHMARKS.filter((f) => !filter || f.includes(filter))) {
  if (!existsSync(file)) {
    console.log(`\n== ${file}: not present`);
    continue;
  }
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
