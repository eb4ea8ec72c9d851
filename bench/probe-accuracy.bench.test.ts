import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CodecConfig, ExperimentResult, ProbeSpec } from '@codec-lab/domain';
import { detectCapabilities } from '../apps/agent-runner/src/media/capabilities.ts';
import { runExperiment } from '../apps/agent-runner/src/media/run-experiment.ts';

// How well probe mode (3 x 2 s segments) predicts a full run's bitrate and PSNR, and what it
// saves, on real clips. Run on demand: npx vitest run --project bench bench/probe-accuracy.bench.test.ts

const MEDIA_DIR = fileURLToPath(new URL('../../shared/media/', import.meta.url));
const CLIPS = ['crystal_720x480_30fps_12s.mp4', 'traffic_768x432_12.5fps_30s.mp4', 'bbb_1280x720_24fps_10s.mp4'];
const PROBE: ProbeSpec = { segments: 3, segmentSeconds: 2 };
const x264 = (crf: number): CodecConfig => ({ strategy: 'codec', encoder: 'libx264', preset: 'medium', rateControl: { mode: 'crf', crf }, pixelFormat: 'yuv420p' });
const CONFIGS: readonly (readonly [string, CodecConfig])[] = [
  ['x264 medium crf23', x264(23)],
  ['x264 medium crf30', x264(30)],
];

let dir: string;
let ffmpegVersion: string;

beforeAll(async () => {
  for (const clip of CLIPS) if (!existsSync(join(MEDIA_DIR, clip))) throw new Error(`benchmark clip not found: ${join(MEDIA_DIR, clip)}`);
  dir = await mkdtemp(join(tmpdir(), 'codeclab-probe-bench-'));
  ffmpegVersion = (await detectCapabilities()).ffmpegVersion;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function timed(clip: string, config: CodecConfig, id: string, probe: ProbeSpec | undefined) {
  const started = performance.now();
  const result = await runExperiment({
    source: { kind: 'file', path: clip },
    config,
    mediaRoots: [MEDIA_DIR],
    artifactDir: dir,
    experimentId: id,
    probe,
  });
  return { result, seconds: (performance.now() - started) / 1000 };
}

it('probe mode against full runs', { timeout: 30 * 60_000 }, async () => {
  const rows: string[][] = [];
  const errors: { bitrate: number; psnr: number; speedUp: number }[] = [];
  for (const clip of CLIPS) {
    for (const [label, config] of CONFIGS) {
      const id = `${clip.split('_')[0]}-${config.rateControl.mode === 'crf' ? config.rateControl.crf : 0}`;
      const full = await timed(clip, config, `${id}-full`, undefined);
      const probe = await timed(clip, config, `${id}-probe`, PROBE);
      expect(full.result.mode).toBe('full');
      expect(probe.result.mode).toBe('probe');
      const bitrate = (probe.result.bitrateBps / full.result.bitrateBps - 1) * 100;
      const psnr = probe.result.psnr.avg - full.result.psnr.avg;
      const speedUp = full.seconds / probe.seconds;
      errors.push({ bitrate, psnr, speedUp });
      rows.push([
        clip.replace(/\.mp4$/, ''),
        label,
        kbps(full.result),
        kbps(probe.result),
        signed(bitrate, 1),
        full.result.psnr.avg.toFixed(2),
        probe.result.psnr.avg.toFixed(2),
        signed(psnr, 2),
        full.seconds.toFixed(1),
        probe.seconds.toFixed(1),
        `${speedUp.toFixed(2)}x`,
      ]);
      const phases = (r: ExperimentResult) => `encode ${r.encodeSeconds.toFixed(1)} s + measure ${r.measureSeconds.toFixed(1)} s`;
      console.log(
        `${clip} ${label}: probe segments at ${probe.result.segments!.map((s) => `${s.startSeconds.toFixed(2)} s (${s.frames} f)`).join(', ')}; ` +
          `${probe.result.frames} of ${full.result.frames} frames; full ${phases(full.result)}, probe ${phases(probe.result)}`,
      );
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(
    [
      `probe ${PROBE.segments} x ${PROBE.segmentSeconds} s vs full; ffmpeg ${ffmpegVersion}; times are runExperiment wall time (encode, probe, measure, hash)`,
      table(
        ['clip', 'config', 'full kbps', 'probe kbps', 'bitrate err %', 'full PSNR', 'probe PSNR', 'PSNR err dB', 'full s', 'probe s', 'speed-up'],
        rows,
      ),
      `mean |bitrate error| ${mean(errors.map((e) => Math.abs(e.bitrate))).toFixed(1)} %, ` +
        `mean |PSNR error| ${mean(errors.map((e) => Math.abs(e.psnr))).toFixed(2)} dB, ` +
        `mean speed-up ${mean(errors.map((e) => e.speedUp)).toFixed(2)}x`,
    ].join('\n'),
  );
});

function kbps(result: ExperimentResult): string {
  return (result.bitrateBps / 1000).toFixed(0);
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
