import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { localArtifacts, noArtifacts } from './artifact-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'codeclab-artifacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('artifact downloads on one machine (ARTIFACT_DIR)', () => {
  it('opens an artifact under the folder, and names it for a download', async () => {
    mkdirSync(join(dir, 'a', 'c-001'), { recursive: true });
    writeFileSync(join(dir, 'a', 'c-001', 'artifact.mp4'), 'video bytes');
    const opened = await localArtifacts(join(dir, 'a')).open('c-001', pathToFileURL(join(dir, 'a', 'c-001', 'artifact.mp4')).href);
    expect(opened).toMatchObject({ bytes: 11, name: 'c-001-artifact.mp4', contentType: 'video/mp4' });
    opened.body.destroy();
  });

  it('refuses what is outside the folder, gone, or in an object store, with 404s naming why', async () => {
    const artifacts = localArtifacts(join(dir, 'a'));
    writeFileSync(join(dir, 'outside.mp4'), 'x');
    await expect(artifacts.open('c-002', pathToFileURL(join(dir, 'outside.mp4')).href)).rejects.toMatchObject({ kind: 'not_found', message: expect.stringContaining('outside') });
    await expect(artifacts.open('c-003', pathToFileURL(join(dir, 'a', 'c-003', 'artifact.mp4')).href)).rejects.toMatchObject({ kind: 'not_found', message: expect.stringContaining('no longer on disk') });
    await expect(artifacts.open('c-004', 's3://b/k/artifact.mp4')).rejects.toMatchObject({ kind: 'not_found', message: expect.stringContaining('ARTIFACT_STORE') });
  });

  it('without any artifact source, says how to configure one (503)', async () => {
    await expect(noArtifacts().open('c-001', 'file:///x')).rejects.toMatchObject({ kind: 'unavailable', code: 'ERR_NO_ARTIFACT_STORE' });
  });
});
