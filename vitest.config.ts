import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Resolve the workspace's path aliases from tsconfig.base.json, the one place they are declared.
const tsconfig = JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const alias = Object.entries(tsconfig.compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({
    find: new RegExp(`^${find.replace(/[/.]/g, '\\$&')}$`),
    replacement: fileURLToPath(new URL(`./${target}`, import.meta.url)),
  }));

export default defineConfig({
  resolve: { alias },
  test: {
    // The summary reporter lists each skipped test with its reason and ends the output with
    // `tests: N passed, N failed, N skipped` (also written to test-results/summary.json for .ci/run).
    reporters: ['default', 'json', ['./tools/testing/summary-reporter.ts', { outputFile: 'test-results/summary.json' }]],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts', 'tools/test/**/*.test.ts'],
          // The workspace checks that start processes or download (tools/test/*.integration.test.ts).
          exclude: [...configDefaults.exclude, 'tools/test/**/*.integration.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['apps/*/test/**/*.test.ts', 'libs/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts', 'tools/test/**/*.integration.test.ts'],
          globalSetup: ['tools/testing/build-bundles.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Integration tests start real processes and ffmpeg; on two cores, one file at a time.
          fileParallelism: false,
        },
      },
      {
        // Benchmarks: run on demand (`npm run bench`), never part of `npm test`.
        extends: true,
        test: {
          name: 'bench',
          include: ['bench/**/*.bench.test.ts'],
          globalSetup: ['tools/testing/build-bundles.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
