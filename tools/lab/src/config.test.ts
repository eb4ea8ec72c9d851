import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveMetricsFfmpeg } from './config.ts';

// A stand-in repository: its tools/metrics-ffmpeg.json names where the metrics ffmpeg is installed.
describe('resolveMetricsFfmpeg: which ffmpeg measures for agent-runner', () => {
  const linux = { platform: 'linux', arch: 'x64' };
  let root: string;
  let installed: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lab-metrics-ffmpeg-'));
    installed = join(root, '.cache', 'metrics-ffmpeg', 'ffmpeg-7.0.2');
    mkdirSync(join(root, 'tools'));
    writeFileSync(join(root, 'tools', 'metrics-ffmpeg.json'), JSON.stringify({ installPath: '.cache/metrics-ffmpeg/ffmpeg-7.0.2' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const install = (mode: number) => {
    mkdirSync(dirname(installed), { recursive: true });
    writeFileSync(installed, '#!/bin/sh\n');
    chmodSync(installed, mode);
  };

  it('is the installed one when METRICS_FFMPEG_PATH is not set', () => {
    install(0o755);
    expect(resolveMetricsFfmpeg(undefined, root, linux)).toEqual({ path: installed, from: 'installed' });
  });

  it('is none, saying where it would be, when it is not installed or not executable', () => {
    const missing = resolveMetricsFfmpeg(undefined, root, linux);
    expect(missing.path).toBeUndefined();
    expect(missing).toMatchObject({ reason: expect.stringContaining(`not installed at ${installed}`) });
    install(0o644);
    expect(resolveMetricsFfmpeg(undefined, root, linux).path).toBeUndefined();
  });

  it('is none on a platform the pinned binary is not built for, saying so', () => {
    install(0o755);
    expect(resolveMetricsFfmpeg(undefined, root, { platform: 'darwin', arch: 'arm64' })).toMatchObject({
      path: undefined,
      reason: expect.stringContaining('linux x86_64, this is darwin arm64'),
    });
  });

  it('is METRICS_FFMPEG_PATH when set, passed on as it is, with a note when it is not executable', () => {
    install(0o755);
    expect(resolveMetricsFfmpeg(installed, root, linux)).toEqual({ path: installed, from: 'METRICS_FFMPEG_PATH' });
    expect(resolveMetricsFfmpeg('/nonexistent/ffmpeg', root, linux)).toEqual({
      path: '/nonexistent/ffmpeg',
      from: 'METRICS_FFMPEG_PATH',
      problem: 'not an executable file',
    });
  });
});
