import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tools/metrics-ffmpeg.mjs is plain JavaScript in no project (start.mjs runs it on any Node from 18), tested here
import { ensureMetricsFfmpeg, installedPath, readDescription, type MetricsFfmpegDescription } from '../metrics-ffmpeg.mjs';

// What the metrics ffmpeg installer decides without downloading anything; the download itself is
// tools/test/metrics-ffmpeg.integration.test.ts.
const root = fileURLToPath(new URL('../../', import.meta.url));
const pinned = readDescription();
const linux = { platform: 'linux', arch: 'x64' };
const noPython = '/nonexistent/python3';

describe('tools/metrics-ffmpeg.json', () => {
  it('pins the wheel and the binary by sha256, and installs under .cache/ (ignored by git)', () => {
    expect(pinned.wheel).toBe(`${pinned.package.replace('-', '_')}-${pinned.version}-py3-none-${pinned.platform}.whl`);
    expect(pinned.member).toContain(`v${pinned.ffmpegVersion}`);
    expect(installedPath()).toBe(join(root, '.cache', 'metrics-ffmpeg', `ffmpeg-${pinned.ffmpegVersion}`));
    expect(readFileSync(join(root, '.gitignore'), 'utf8').split('\n')).toContain('.cache/');
  });

  it('is the one place the hashes are written down', () => {
    for (const hash of [pinned.wheelSha256, pinned.binarySha256]) {
      // git grep exits 0 with the files that hold the string (tracked or not, ignored ones aside).
      const files = execFileSync('git', ['grep', '-l', '--untracked', hash], { cwd: root, encoding: 'utf8' }).trim().split('\n');
      expect(files).toEqual(['tools/metrics-ffmpeg.json']);
    }
  });

  it('is read by the Dockerfile (the agent-runner image), which checks the binary against it', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('tools/metrics-ffmpeg.json');
    expect(dockerfile).toContain('--require-hashes');
    expect(dockerfile).toContain('ENV METRICS_FFMPEG_PATH=');
  });
});

describe('ensureMetricsFfmpeg without a download', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'metrics-ffmpeg-unit-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  /** A small executable at the install path, and a description that pins it. */
  function installFake(): { path: string; description: MetricsFfmpegDescription } {
    const path = installedPath({ cacheDir, description: pinned });
    writeFileSync(path, '#!/bin/sh\necho ffmpeg version 7.0.2-fake\n');
    chmodSync(path, 0o755);
    const binarySha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    return { path, description: { ...pinned, binarySha256 } };
  }

  it('accepts a binary already there with the pinned hash (no python needed), and records that it checked it', async () => {
    const { path, description } = installFake();
    const result = await ensureMetricsFfmpeg({ cacheDir, description, python: noPython, host: linux });
    expect(result).toMatchObject({ path, installed: false });
    expect(readdirSync(cacheDir).sort()).toEqual(['ffmpeg-7.0.2', 'ffmpeg-7.0.2.verified']);
    expect(JSON.parse(readFileSync(`${path}.verified`, 'utf8'))).toMatchObject({ sha256: description.binarySha256 });
    // The stamp holds while the file is the one it recorded; a changed file is hashed again.
    expect(await ensureMetricsFfmpeg({ cacheDir, description, python: noPython, host: linux })).toMatchObject({ installed: false });
    chmodSync(path, 0o644);
    expect(await ensureMetricsFfmpeg({ cacheDir, description, python: noPython, host: linux })).toMatchObject({ installed: false });
    expect(statSync(path).mode & 0o777).toBe(0o755);
  });

  it('removes a binary whose hash is not the pinned one, and says why it cannot fetch the right one', async () => {
    const { path } = installFake();
    await expect(ensureMetricsFfmpeg({ cacheDir, description: pinned, python: noPython, host: linux })).rejects.toThrow(
      `${noPython} -m pip does not run (${noPython}: not found), and pip fetches the metrics ffmpeg`,
    );
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('says on another platform that it exists for linux x86_64 only, and what to do instead', async () => {
    const error = ensureMetricsFfmpeg({ cacheDir, description: pinned, host: { platform: 'darwin', arch: 'arm64' } });
    await expect(error).rejects.toThrow('exists for linux x86_64 only, and this is darwin arm64');
    await expect(error).rejects.toThrow('set METRICS_FFMPEG_PATH to an ffmpeg built with libvmaf');
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('says without pip how to get it', async () => {
    await expect(ensureMetricsFfmpeg({ cacheDir, description: pinned, python: noPython, host: linux })).rejects.toThrow(
      'install it (Debian/Ubuntu: sudo apt-get install -y python3-pip)',
    );
  });
});
