// The end of a test run in plain words: each skipped test with its reason, and one last line,
// `tests: N passed, N failed, N skipped`, which .ci/run repeats as its own last line. Pure: the
// reporter (summary-reporter.ts) feeds it vitest's results, .ci/run (ci-summary.ts) the file the
// reporter wrote.

export type Outcome = 'passed' | 'failed' | 'skipped';

/** One test case as the run left it. */
export interface CaseOutcome {
  /** The test file, relative to the repository. */
  readonly file: string;
  /** Suite and test names, joined with " > ". */
  readonly name: string;
  readonly outcome: Outcome;
  /** Why it was skipped (vitest's skip note); undefined when no reason was given. */
  readonly reason?: string;
}

export interface RunSummary {
  readonly passed: number;
  /** Failed tests, plus every file, suite or hook that failed outside a test, plus unhandled errors. */
  readonly failed: number;
  readonly skipped: number;
  readonly skips: readonly { readonly test: string; readonly reason: string | undefined }[];
  /** What failed outside any test: a file that did not load, a beforeAll hook, an unhandled error. */
  readonly otherFailures: readonly string[];
}

export function summarise(cases: readonly CaseOutcome[], otherFailures: readonly string[] = []): RunSummary {
  const count = (outcome: Outcome) => cases.filter((c) => c.outcome === outcome).length;
  return {
    passed: count('passed'),
    failed: count('failed') + otherFailures.length,
    skipped: count('skipped'),
    skips: cases.filter((c) => c.outcome === 'skipped').map((c) => ({ test: `${c.file} > ${c.name}`, reason: c.reason })),
    otherFailures: [...otherFailures],
  };
}

/** The run's last line. An empty run counts as one failure: a run that tested nothing proves nothing. */
export function testsLine(summary: Pick<RunSummary, 'passed' | 'failed' | 'skipped'>): string {
  const failed = summary.failed + (summary.passed + summary.failed + summary.skipped === 0 ? 1 : 0);
  return `tests: ${summary.passed} passed, ${failed} failed, ${summary.skipped} skipped`;
}

export const NO_REASON = 'no reason given (skip through tools/testing/prerequisites.ts, which says why)';

/** Skips without a reason: a plain `it.skip` or `describe.skipIf` that says nothing. */
export function unexplainedSkips(summary: RunSummary): number {
  return summary.skips.filter((s) => !s.reason).length;
}

/** What the reporter prints at the end: the failures outside tests, each skip with its reason, then the tests line. */
export function reportLines(summary: RunSummary): string[] {
  const lines: string[] = [];
  if (summary.otherFailures.length) {
    lines.push(`failed outside a test (${summary.otherFailures.length}):`);
    for (const failure of summary.otherFailures) lines.push(`  - ${failure}`);
  }
  if (summary.skips.length) {
    lines.push(`skipped (${summary.skips.length}):`);
    for (const skip of summary.skips) lines.push(`  - ${skip.test}: ${skip.reason ?? NO_REASON}`);
  }
  lines.push(testsLine(summary));
  return lines;
}

/** Skips grouped by reason, most frequent first, for a short, loud notice in CI's summary. */
export function skipsByReason(summary: RunSummary): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const skip of summary.skips) counts.set(skip.reason ?? NO_REASON, (counts.get(skip.reason ?? NO_REASON) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
