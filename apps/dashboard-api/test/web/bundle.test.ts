import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build.ts';

// The page reads the domain's types and the routes' answer types as types only: its bundle holds
// uPlot and the page, nothing of zod or the schemas, and stays the size it was (about 72 kB).

let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'codeclab-web-bundle-'));
  await buildWeb(out);
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the dashboard bundle', () => {
  it('bundles nothing of zod and stays small', () => {
    const js = readFileSync(join(out, 'app.js'), 'utf8');
    expect(js).not.toMatch(/\$Zod|ZodError|invalid_type/);
    expect(statSync(join(out, 'app.js')).size).toBeLessThan(100_000);
  });
});
