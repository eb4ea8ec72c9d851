import { describe, expect, it } from 'vitest';
import { condition, executable, NO_REASON, reportLines, skipsByReason, summarise, testsLine, underCi, unexplainedSkips, type CaseOutcome } from '@codec-lab/testing';

// The end of every test run: what tools/testing/summary-reporter.ts prints and .ci/run repeats.

const cases: CaseOutcome[] = [
  { file: 'apps/a/test/a.test.ts', name: 'a > works', outcome: 'passed' },
  { file: 'apps/a/test/a.test.ts', name: 'a > breaks', outcome: 'failed' },
  { file: 'tools/lab/test/p.test.ts', name: 'p > scrapes', outcome: 'skipped', reason: 'no Prometheus at /usr/bin/prometheus (apt-get install prometheus)' },
  { file: 'tools/lab/test/p.test.ts', name: 'p > checks rules', outcome: 'skipped', reason: 'no Prometheus at /usr/bin/prometheus (apt-get install prometheus)' },
  { file: 'apps/b/test/b.test.ts', name: 'b > later', outcome: 'skipped' },
];

describe('test run summary', () => {
  it('counts passed, failed and skipped tests, and failures outside tests as failed', () => {
    const summary = summarise(cases, ['apps/c/test/c.test.ts: Error: Cannot find module']);
    expect(summary).toMatchObject({ passed: 1, failed: 2, skipped: 3 });
    expect(testsLine(summary)).toBe('tests: 1 passed, 2 failed, 3 skipped');
  });

  it('counts a run that tested nothing as a failure', () => {
    expect(testsLine(summarise([]))).toBe('tests: 0 passed, 1 failed, 0 skipped');
  });

  it('lists each skipped test with its reason, and says when a skip gave none, then ends with the tests line', () => {
    const lines = reportLines(summarise(cases, ['apps/c/test/c.test.ts: Error: Cannot find module']));
    expect(lines).toEqual([
      'failed outside a test (1):',
      '  - apps/c/test/c.test.ts: Error: Cannot find module',
      'skipped (3):',
      '  - tools/lab/test/p.test.ts > p > scrapes: no Prometheus at /usr/bin/prometheus (apt-get install prometheus)',
      '  - tools/lab/test/p.test.ts > p > checks rules: no Prometheus at /usr/bin/prometheus (apt-get install prometheus)',
      `  - apps/b/test/b.test.ts > b > later: ${NO_REASON}`,
      'tests: 1 passed, 2 failed, 3 skipped',
    ]);
    expect(reportLines(summarise(cases.slice(0, 1)))).toEqual(['tests: 1 passed, 0 failed, 0 skipped']);
  });

  it('groups skips by reason for CI, and finds the skips without one', () => {
    const summary = summarise(cases);
    expect(skipsByReason(summary)).toEqual([
      { reason: 'no Prometheus at /usr/bin/prometheus (apt-get install prometheus)', count: 2 },
      { reason: NO_REASON, count: 1 },
    ]);
    expect(unexplainedSkips(summary)).toBe(1);
    expect(unexplainedSkips(summarise(cases.slice(0, 4)))).toBe(0);
  });
});

describe('prerequisites', () => {
  it('say what is missing and how to get it', () => {
    expect(executable('Chromium', '/nonexistent/chromium', 'apt-get install chromium')).toEqual({ missing: 'no Chromium at /nonexistent/chromium (apt-get install chromium)', ciProvides: true });
    expect(executable('sh', '/bin/sh', 'it is always there').missing).toBeUndefined();
    expect(condition(false, 'no NVIDIA GPU')).toEqual({ missing: 'no NVIDIA GPU', ciProvides: false });
  });

  it('know CI by CI=true or CI=1', () => {
    expect(underCi({ CI: 'true' })).toBe(true);
    expect(underCi({ CI: '1' })).toBe(true);
    expect(underCi({ CI: 'false' })).toBe(false);
    expect(underCi({})).toBe(false);
  });
});
