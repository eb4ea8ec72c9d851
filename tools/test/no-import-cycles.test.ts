import { fileURLToPath } from 'node:url';
// @ts-expect-error -- madge 8 ships no type declarations; the part used here is typed below.
import madgeUntyped from 'madge';
import { describe, expect, it } from 'vitest';

interface MadgeResult {
  circular(): string[][];
  obj(): Record<string, string[]>;
}
const madge = madgeUntyped as (paths: string[], config: Record<string, unknown>) => Promise<MadgeResult>;

// No module of the tree imports itself back through others: a cycle makes load order matter and
// hides which module owns what. Type-only imports count too (madge follows them).
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('import graph', () => {
  it('has no cycles in apps, libs or tools', async () => {
    const graph = await madge(['apps', 'libs', 'tools'], {
      baseDir: root,
      fileExtensions: ['ts'],
      tsConfig: `${root}/tsconfig.base.json`,
      excludeRegExp: [/node_modules/, /\/dist\//],
    });
    expect(graph.circular()).toEqual([]);
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(100);
  }, 120_000);
});
