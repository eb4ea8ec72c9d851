// .ci/run's summary of `npm test`, from the file the summary reporter wrote: the skips, loudly and
// grouped by reason, on stderr; the `tests: N passed, N failed, N skipped` line on stdout. Exits 1
// when the summary is missing (the run did not finish) and 2 when a test was skipped without a
// reason (a skip that does not go through tools/testing/prerequisites.ts).
//   node tools/testing/ci-summary.ts [test-results/summary.json]
import { readFileSync } from 'node:fs';
import { skipsByReason, testsLine, unexplainedSkips, type RunSummary } from './summary.ts';

const file = process.argv[2] ?? 'test-results/summary.json';
let summary: RunSummary;
try {
  summary = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
} catch (error) {
  process.stderr.write(`no test summary at ${file}: ${(error as Error).message}\n`);
  process.stdout.write(`${testsLine({ passed: 0, failed: 1, skipped: 0 })}\n`);
  process.exit(1);
}

if (summary.skipped > 0) {
  process.stderr.write(`\n!! ${summary.skipped} test${summary.skipped === 1 ? ' was' : 's were'} skipped:\n`);
  for (const { reason, count } of skipsByReason(summary)) process.stderr.write(`!!   ${count} x ${reason}\n`);
}
process.stdout.write(`${testsLine(summary)}\n`);
process.exit(unexplainedSkips(summary) > 0 ? 2 : 0);
