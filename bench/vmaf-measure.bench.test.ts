import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VmafScore } from '@codec-lab/domain';
import { FFMPEG_PATH, metricsFfmpegPath } from '@codec-lab/testing';
import { resolveInput, type InputSpec } from '../apps/agent-runner/src/media/input.ts';
import { measure } from '../apps/agent-runner/src/media/measure.ts';
import { ffmpegBinaries, type Meter } from '../apps/agent-runner/src/media/meter.ts';
import { probeVideo } from '../apps/agent-runner/src/media/probe.ts';
import { timedExec } from './support/bare-ffmpeg.ts';
import { load, machine, median, ratio, seconds, table } from './support/report.ts';

// The runner's one-pass measurement (PSNR + SSIM + VMAF from one decode of each stream, with the
// metrics ffmpeg) against a plain ffmpeg libvmaf pass on the same files, and their VMAF values.
// Run: npx vitest run --project bench bench/vmaf-measure.bench.test.ts --reporter=default

const MEDIA_DIR = fileURLToPath(new URL('../../shared/media/', import.meta.url));
const CLIPS = ['bbb_1280x720_24fps_10s.mp4', 'crystal_720x480_30fps_12s.mp4'] as const;
// Artifacts made once, by the encoding (Debian) ffmpeg; the timed work is measurement only.
const ENCODES = [
  { label: 'svt-av1 p10 crf40', args: ['-c:v', 'libsvtav1', '-preset', '10', '-crf', '40'] },
  { label: 'x264 veryfast crf28', args: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28'] },
] as const;
const REPS = Math.max(1, Number.parseInt(process.env.BENCH_REPS ?? '4', 10) || 4);
const ENFORCE = process.env.BENCH_ENFORCE === '1';
const TARGET = 1.05;
const AGREEMENT = 0.01;
const LONG = 30 * 60_000;
const THREADS = availableParallelism();

let dir: string;
let meter: Meter;
const about: string[] = [];

beforeAll(async () => {
  const metrics = metricsFfmpegPath();
  if (!metrics) throw new Error('no metrics ffmpeg: run `node tools/metrics-ffmpeg.mjs` (npm test installs it)');
  for (const clip of CLIPS) if (!existsSync(join(MEDIA_DIR, clip))) throw new Error(`benchmark clip not found: ${join(MEDIA_DIR, clip)}`);
  dir = await mkdtemp(join(tmpdir(), 'codeclab-vmaf-bench-'));
  ({ meter } = await ffmpegBinaries(FFMPEG_PATH, metrics));
  if (meter.vmafModels.length === 0) throw new Error(`the metrics ffmpeg has no working libvmaf: ${meter.vmafUnavailable}`);
  about.push(
    `machine: ${machine()}, ${THREADS} threads for libvmaf both ways`,
    `meter:   ffmpeg ${meter.binary.version} (${meter.binary.path}); artifacts encoded by ffmpeg at ${FFMPEG_PATH}`,
    `clips:   ${CLIPS.join(', ')} (whole clips)`,
    `timing:  ${REPS} run(s) per way, order alternated, medians; model vmaf_v0.6.1, every frame`,
  );
}, LONG);
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

/** The plain pass a person runs: the two files, libvmaf, nothing else (threads as given). */
function plainArgs(artifact: string, source: string, threads: number | null): string[] {
  const options = threads === null ? '' : `=n_threads=${threads}`;
  return ['-hide_banner', '-nostdin', '-i', artifact, '-i', source, '-lavfi', `[0:v][1:v]libvmaf${options}`, '-f', 'null', '-'];
}
const score = (stderr: string) => Number(/VMAF score: (\S+)/.exec(stderr)?.[1]);

async function ours(artifact: string, input: InputSpec, workDir: string) {
  const probe = await probeVideo(`file:${artifact}`);
  await mkdir(workDir, { recursive: true });
  return measure({ artifactPath: artifact, artifactRange: probe.colorRange, input, workDir, meter, vmaf: { model: 'vmaf_v0.6.1', subsample: 1 } });
}

describe('VMAF measurement with the metrics ffmpeg', () => {
  it(
    'one pass of PSNR + SSIM + VMAF takes at most 1.05x a plain libvmaf pass, and its VMAF agrees to 0.01',
    async () => {
      const startLoad = load();
      const rows: string[][] = [];
      const ratios: number[] = [];
      for (const clip of CLIPS) {
        const source = await realpath(join(MEDIA_DIR, clip));
        const input = await resolveInput({ kind: 'file', path: clip }, [MEDIA_DIR]);
        for (const encode of ENCODES) {
          const artifact = join(dir, `${clip}.${encode.label.replace(/\W+/g, '-')}.mp4`);
          execFileSync(FFMPEG_PATH, ['-v', 'error', '-y', '-i', source, '-map', '0:v:0', '-an', ...encode.args, '-fps_mode', 'passthrough', artifact], { stdio: ['ignore', 'ignore', 'pipe'] });
          const oursRuns: { seconds: number; vmaf: VmafScore; psnr: number }[] = [];
          const plain: { seconds: number; vmaf: number }[] = [];
          const plainDefault: number[] = [];
          for (let rep = 0; rep < REPS; rep++) {
            const ways = rep % 2 === 0 ? ['ours', 'plain'] : ['plain', 'ours'];
            for (const way of ways) {
              if (way === 'ours') {
                const m = await ours(artifact, input, join(dir, `ours-${rep}`));
                oursRuns.push({ seconds: m.measureSeconds, vmaf: m.vmaf as VmafScore, psnr: m.psnr.avg });
              } else {
                const run = await timedExec(meter.binary.path, plainArgs(artifact, source, THREADS));
                plain.push({ seconds: run.seconds, vmaf: score(run.value.stderr) });
              }
            }
          }
          // The pass a person types without setting threads, once, for reference.
          plainDefault.push((await timedExec(meter.binary.path, plainArgs(artifact, source, null))).seconds);
          const ourVmaf = oursRuns[0]!.vmaf.mean;
          const diff = Math.abs(ourVmaf - plain[0]!.vmaf);
          expect(diff, `${clip} ${encode.label}: VMAF ${ourVmaf} vs plain ${plain[0]!.vmaf}`).toBeLessThanOrEqual(AGREEMENT);
          const r = median(oursRuns.map((o, i) => o.seconds / plain[i]!.seconds));
          ratios.push(r);
          rows.push([
            clip.split('_')[0]!,
            encode.label,
            String(input.frames),
            ourVmaf.toFixed(4),
            plain[0]!.vmaf.toFixed(4),
            diff.toFixed(4),
            `${oursRuns[0]!.vmaf.harmonicMean.toFixed(2)} / ${oursRuns[0]!.vmaf.low1Percent.toFixed(2)} / ${oursRuns[0]!.vmaf.low5Percent.toFixed(2)}`,
            seconds(median(oursRuns.map((o) => o.seconds))),
            seconds(median(plain.map((p) => p.seconds))),
            `${ratio(r)} ${r <= TARGET ? 'ok' : 'MISSED'}`,
            seconds(plainDefault[0]!),
          ]);
        }
      }
      const overall = median(ratios);
      console.log(
        [
          `VMAF measurement vs plain libvmaf, ${new Date().toISOString()}`,
          ...about,
          `load:    ${startLoad} at the start, ${load()} at the end`,
          '',
          table(
            ['clip', 'artifact', 'frames', 'VMAF ours', 'VMAF plain', '|diff|', 'ours: harm / 1% / 5% low', 'ours s', 'plain s', 'ours/plain', `plain, default threads s`],
            rows,
          ),
          '',
          `median ratio over ${ratios.length} artifacts: ${ratio(overall)} (target at most ${TARGET}x); ours also computes PSNR and SSIM and writes per-frame logs`,
        ].join('\n'),
      );
      if (ENFORCE) expect(overall).toBeLessThanOrEqual(TARGET);
    },
    LONG,
  );
});
