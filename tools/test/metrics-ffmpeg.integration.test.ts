import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { condition, skipEachUnless } from '@codec-lab/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tools/metrics-ffmpeg.mjs is plain JavaScript in no project (start.mjs runs it on any Node from 18), tested here
import { ensureMetricsFfmpeg, installedPath, readDescription, supportedHost } from '../metrics-ffmpeg.mjs';

// The metrics ffmpeg installer for real: pip downloads the pinned wheel (from the configured
// index), the binary comes out of it, is checked and renamed into place; a hash that is not the
// pinned one installs nothing. Each test installs into a cache folder of its own.
const pinned = readDescription();
const FAKE = 'f'.repeat(64);

describe('ensureMetricsFfmpeg: pip download, extract, check, install', () => {
  skipEachUnless(
    condition(supportedHost(), `the metrics ffmpeg is for linux x86_64, this is ${process.platform} ${process.arch}`),
    // .ci/run installs python3-pip.
    condition(spawnSync('python3', ['-m', 'pip', '--version']).status === 0, 'python3 -m pip does not run (apt-get install python3-pip)', true),
  );

  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'metrics-ffmpeg-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('installs the pinned ffmpeg, which runs and has libvmaf; a second call finds it there', async () => {
    const lines: string[] = [];
    const cold = await ensureMetricsFfmpeg({ cacheDir, log: (line) => lines.push(line) });
    expect(cold).toMatchObject({ path: join(cacheDir, `ffmpeg-${pinned.ffmpegVersion}`), installed: true });
    expect(lines.at(-1)).toContain(`metrics ffmpeg installed at ${cold.path}`);
    expect(execFileSync(cold.path, ['-hide_banner', '-version'], { encoding: 'utf8' })).toMatch(/^ffmpeg version 7\.0\.2/);
    const filters = execFileSync(cold.path, ['-hide_banner', '-filters'], { encoding: 'utf8' });
    expect(filters.split('\n').some((line) => line.trim().split(/\s+/)[1] === 'libvmaf')).toBe(true);
    // Nothing but the binary and its check stamp: the work folder is gone.
    expect(readdirSync(cacheDir).sort()).toEqual([`ffmpeg-${pinned.ffmpegVersion}`, `ffmpeg-${pinned.ffmpegVersion}.verified`]);

    const warm = await ensureMetricsFfmpeg({ cacheDir });
    expect(warm).toMatchObject({ path: cold.path, installed: false });
  });

  it('refuses a binary whose sha256 is not the pinned one, naming both, and installs nothing', async () => {
    const description = { ...pinned, binarySha256: FAKE };
    const install = ensureMetricsFfmpeg({ cacheDir, description });
    await expect(install).rejects.toThrow(`${pinned.member} in ${pinned.wheel} has sha256 ${pinned.binarySha256}, not the pinned ${FAKE}`);
    await expect(install).rejects.toThrow('nothing was installed');
    expect(existsSync(installedPath({ cacheDir, description }))).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('refuses a wheel whose sha256 is not the pinned one (pip, in hash-checking mode), naming both, and installs nothing', async () => {
    const description = { ...pinned, wheelSha256: FAKE };
    await expect(ensureMetricsFfmpeg({ cacheDir, description })).rejects.toThrow(
      `the wheel ${pinned.wheel} has sha256 ${pinned.wheelSha256}, not the pinned ${FAKE}`,
    );
    expect(existsSync(installedPath({ cacheDir, description }))).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
