// A vitest reporter, beside 'default' and 'json' (vitest.config.ts): at the end of the run it lists
// every skipped test with its reason and prints one plain last line, `tests: N passed, N failed, N
// skipped`. It writes the same summary as JSON (test-results/summary.json by default) for .ci/run.
import { mkdirSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule, Vitest } from 'vitest/node';
import { reportLines, summarise, type CaseOutcome } from './summary.ts';

const firstLine = (error: SerializedError) => `${error.name ?? 'Error'}: ${(error.message ?? '').split('\n')[0]}`;

/** Why a test left out on purpose was not run: a name filter (`-t`) or an `.only` elsewhere. */
type Selection = (test: TestCase) => string | undefined;

function outcomeOf(file: string, test: TestCase, notSelected: Selection): CaseOutcome {
  const result = test.result();
  const name = test.fullName;
  switch (result.state) {
    case 'passed':
      return { file, name, outcome: 'passed' };
    case 'failed':
      return { file, name, outcome: 'failed' };
    case 'skipped':
      return { file, name, outcome: 'skipped', reason: result.note ?? (test.options.mode === 'todo' ? 'todo' : (failedParent(test) ?? notSelected(test))) };
    default:
      return { file, name, outcome: 'skipped', reason: 'did not run: the run ended before it' };
  }
}

/** A test skipped because its suite or file failed (a beforeAll hook): that failure is its reason. */
function failedParent(test: TestCase): string | undefined {
  for (let parent: TestCase['parent'] | undefined = test.parent; parent; parent = parent.type === 'suite' ? parent.parent : undefined) {
    const [error] = parent.errors();
    if (error) return `not run: ${parent.type === 'suite' ? `"${parent.fullName}"` : 'the file'} failed (${firstLine(error)})`;
  }
  return undefined;
}

export default class SummaryReporter implements Reporter {
  private root = process.cwd();
  private namePattern: RegExp | undefined;
  private watching = false;
  private lines: string[] | undefined;
  private readonly outputFile: string;

  constructor(options: { outputFile?: string } = {}) {
    this.outputFile = options.outputFile ?? 'test-results/summary.json';
  }

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.namePattern = vitest.config.testNamePattern;
    this.watching = vitest.config.watch;
    // Reporters end the run side by side (the json reporter logs after its file is written), so the
    // last line is printed when the process exits, after everything else.
    if (!this.watching) process.once('exit', () => this.lines && writeSync(process.stdout.fd, `\n${this.lines.join('\n')}\n`));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const cases: CaseOutcome[] = [];
    const other: string[] = [];
    for (const module of testModules) {
      const file = relative(this.root, module.moduleId);
      // A file that did not load, or whose top-level hooks failed; then the same for each suite.
      for (const error of module.errors()) other.push(`${file}: ${firstLine(error)}`);
      for (const suite of module.children.allSuites()) for (const error of suite.errors()) other.push(`${file} > ${suite.fullName}: ${firstLine(error)}`);
      const only = [...module.children.allTests()].some((t) => t.options.mode === 'only') || [...module.children.allSuites()].some((s) => s.options.mode === 'only');
      const notSelected: Selection = (test) =>
        this.namePattern ? `not selected by -t ${this.namePattern}` : only && test.options.mode === 'skip' ? 'not selected: .only elsewhere in the file' : undefined;
      for (const test of module.children.allTests()) cases.push(outcomeOf(file, test, notSelected));
    }
    for (const error of unhandledErrors) other.push(`unhandled: ${firstLine(error)}`);
    const summary = summarise(cases, other);
    const path = resolve(this.root, this.outputFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(summary, null, 2)}\n`);
    this.lines = reportLines(summary);
    if (this.watching) process.stdout.write(`\n${this.lines.join('\n')}\n`);
  }
}
