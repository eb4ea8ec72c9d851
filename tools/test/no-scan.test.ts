import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The store reads with Query and GetItem only, never Scan (DEVELOPERS.md, "Rules of the house"): a
// Scan reads the whole table, so its cost grows with every campaign ever run. The store is the only
// code that talks to DynamoDB (lint enforces that), so no Scan in it means none on any request path.
const store = fileURLToPath(new URL('../../libs/store/src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('store access patterns', () => {
  it('never scans a table', () => {
    const offenders = sources(store).filter((file) => /\bScan(Command|Input)\b|\.scan\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
    expect(sources(store).length).toBeGreaterThan(5);
  });
});
