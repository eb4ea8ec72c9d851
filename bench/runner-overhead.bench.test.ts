import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts, type AgentRunnerClient, type WireRunEventOutput } from '@codec-lab/contracts';
import type { ExperimentResult } from '@codec-lab/domain';
import { CLIENT_OPTIONS, configToWire, resultFromWire, sourceToWire } from '@codec-lab/rpc';
import { startRunner, type RunnerApp } from '../apps/agent-runner/src/app.ts';
import { loadConfig } from '../apps/agent-runner/src/config.ts';
import { probeVideo } from '../apps/agent-runner/src/media/probe.ts';
import * as bare from './support/bare-ffmpeg.ts';
import { sample, type Sample } from './support/cpu.ts';
import { load, machine, median, ratio, seconds, sumOrNull, table } from './support/report.ts';

// RunExperiment over real gRPC on loopback vs the bare ffmpeg/ffprobe commands it stands for, on
// the whole 1080p clip; then our one-pass PSNR+SSIM measurement vs the plain one-metric passes.
// Run: npx vitest run --project bench bench/runner-overhead.bench.test.ts (see bench/README.md).

const CLIP = 'bbb_1920x1080_24fps_10s_upscaled.mp4';
const MEDIA_DIR = fileURLToPath(new URL('../../shared/media/', import.meta.url));
// Even by default, so that each way runs first in half the rounds.
const REPS = Math.max(1, Number.parseInt(process.env.BENCH_REPS ?? '4', 10) || 4);
const ENFORCE = process.env.BENCH_ENFORCE === '1';
const OVERHEAD_TARGET = 1.05;
const MEASURE_TARGET = 1.0;
const PSNR_TOLERANCE_DB = 0.01;
const LONG = 30 * 60_000;

// Fast enough at 1080p on two cores to repeat each config several times within a few minutes.
const CONFIGS: readonly bare.BenchConfig[] = [
  { label: 'x264 veryfast crf23', encoder: 'libx264', preset: 'veryfast', crf: 23 },
  { label: 'x264 faster crf28', encoder: 'libx264', preset: 'faster', crf: 28 },
  { label: 'x265 ultrafast crf28', encoder: 'libx265', preset: 'ultrafast', crf: 28 },
];

let dir: string;
let source: bare.SourceInfo;
let app: RunnerApp;
let client: AgentRunnerClient;
const about: string[] = [];
/** The bare artifact of each config, kept for the measurement benchmark. */
const artifacts = new Map<string, string>();

beforeAll(async () => {
  const clip = join(MEDIA_DIR, CLIP);
  if (!existsSync(clip)) throw new Error(`benchmark clip not found: ${clip} (expected at <repo>/../shared/media/${CLIP})`);
  dir = await mkdtemp(join(tmpdir(), 'codeclab-bench-'));
  source = await bare.probeSource(await realpath(clip));
  about.push(
    `machine: ${machine()}`,
    `ffmpeg:  ${await bare.ffmpegVersion()}`,
    `code:    ${await bare.revision(fileURLToPath(new URL('..', import.meta.url)))}`,
    `clip:    ${CLIP}, ${source.width}x${source.height} ${source.fps.num}/${source.fps.den} fps, ${source.frames} frames (whole clip, both ways)`,
    `timing:  ${REPS} run(s) per way and config, order alternated (AB, BA, ...), medians`,
  );

  const config = loadConfig({
    ...{ HOST: '127.0.0.1', GRPC_PORT: '0', HTTP_PORT: '0', LOG_LEVEL: 'silent' },
    ...{ MEDIA_ROOTS: MEDIA_DIR, ARTIFACT_DIR: join(dir, 'artifacts'), MAX_CONCURRENT: '1' },
  });
  app = await startRunner(config, pino({ level: 'silent' }));
  if (app.runner.capabilities.vmafModels.length > 0) {
    throw new Error('this ffmpeg has libvmaf, so the runner also computes VMAF; the bare baseline does not: not the same work');
  }
  const address = `127.0.0.1:${app.grpc.port}`;
  client = new (loadContracts().codeclab.v1.AgentRunner)(address, credentials.createInsecure(), CLIENT_OPTIONS) as AgentRunnerClient;
  // Connect once and pull the clip into the page cache, so neither way pays for that alone.
  await new Promise((resolve, reject) => client.GetCapabilities({}, (e, r) => (e ? reject(e) : resolve(r))));
  await readFile(clip);
}, LONG);

afterAll(async () => {
  client?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Way 1: one RunExperiment call, from the call to the end of the stream (the result is last). */
async function viaGrpc(c: bare.BenchConfig, experimentId: string): Promise<ExperimentResult> {
  const call = client.RunExperiment({
    experimentId,
    source: sourceToWire({ kind: 'file', path: CLIP }),
    config: configToWire(bare.toExperimentConfig(c)),
  });
  const events = await new Promise<WireRunEventOutput[]>((resolve, reject) => {
    const seen: WireRunEventOutput[] = [];
    call.on('data', (event: WireRunEventOutput) => seen.push(event));
    call.on('error', reject);
    call.on('end', () => resolve(seen));
  });
  return resultFromWire(events.at(-1)?.result);
}

function report(title: string, startLoad: string, samples: readonly Sample<unknown>[], body: string[]): void {
  const others = sumOrNull(samples.map((s) => s.others));
  const wall = samples.reduce((sum, s) => sum + s.wall, 0);
  const busy = others === null ? 'unknown (no /proc)' : `${seconds(others)} core-s, ${((others / wall) * 100).toFixed(0)}% of one core on average`;
  console.log(
    [
      `${title}, ${new Date().toISOString()}`,
      ...about,
      `load:    ${startLoad} at the start, ${load()} at the end (1/5/15 min; ffmpeg's own threads count too)`,
      `others:  CPU used by other processes while timed: ${busy}`,
      '',
      ...body,
    ].join('\n'),
  );
}

const mark = (r: number | null, target: number) => (r === null ? '-' : `${ratio(r)} ${r <= target ? 'ok' : 'MISSED'}`);
const medianOf = (xs: readonly (number | null)[]) => (xs.some((x) => x === null) ? null : median(xs as number[]));
const orDash = (n: number | null) => (n === null ? '-' : seconds(n));

describe('agent-runner overhead on a 1080p clip', () => {
  it(
    'RunExperiment over gRPC costs at most 5% more than the bare encode + ffprobe + measure commands',
    async () => {
      const startLoad = load();
      const rows: string[][] = [];
      const all: Sample<unknown>[] = [];
      const total = { grpc: 0, bare: 0, grpcCpu: 0 as number | null, bareCpu: 0 as number | null, excess: 0 };
      const runnerProbe: number[] = [];
      const repWall = { grpc: [] as number[], bare: [] as number[] };
      const nodeCpu = { grpc: [] as number[], bare: [] as number[] };
      for (const c of CONFIGS) {
        const grpc: Sample<ExperimentResult>[] = [];
        const plain: Sample<bare.BareRun>[] = [];
        const workDir = join(dir, 'bare', `${c.encoder}-${c.preset}-${c.crf}`);
        await mkdir(workDir, { recursive: true });
        for (let rep = 0; rep < REPS; rep++) {
          const id = `bench-${c.encoder}-${c.preset}-${c.crf}-${rep}`;
          const ways = rep % 2 === 0 ? ['grpc', 'bare'] : ['bare', 'grpc'];
          for (const way of ways) {
            if (way === 'bare') plain.push(await sample(() => bare.runBare(source, c, workDir)));
            else grpc.push(await sample(() => viaGrpc(c, id)));
          }
          await rm(join(dir, 'artifacts', id), { recursive: true, force: true });
          const g = grpc.at(-1)!.value;
          const b = plain.at(-1)!.value;
          expect(g.bytes, `${c.label}: artifact bytes differ between the two ways`).toBe(b.bytes);
          expect(g.frames, `${c.label}: frame counts differ`).toBe(b.frames);
          expect(Math.abs(g.psnr.avg - b.psnrAvg), `${c.label}: PSNR ${g.psnr.avg} vs ${b.psnrAvg}`).toBeLessThanOrEqual(PSNR_TOLERANCE_DB);
          // The runner probes the source and the artifact on every call; time its probe, untimed above.
          runnerProbe.push((await sample(() => probeVideo(`file:${source.path}`))).wall);
        }
        artifacts.set(c.label, join(workDir, 'artifact.mp4'));
        all.push(...grpc, ...plain);

        const gWall = median(grpc.map((s) => s.wall));
        const bWall = median(plain.map((s) => s.wall));
        const gCpu = medianOf(grpc.map((s) => s.cpu));
        const bCpu = medianOf(plain.map((s) => s.cpu));
        const gRest = median(grpc.map((s) => s.wall - s.value.encodeSeconds - s.value.measureSeconds));
        const bRest = median(plain.map((s) => s.wall - s.value.encodeSeconds - s.value.measureSeconds));
        const pair = (g: number, b: number) => `${seconds(g)}/${seconds(b)}`;
        const spread = (xs: readonly Sample<unknown>[]) => seconds(Math.max(...xs.map((x) => x.wall)) - Math.min(...xs.map((x) => x.wall)));
        grpc.forEach((s, rep) => {
          repWall.grpc[rep] = (repWall.grpc[rep] ?? 0) + s.wall;
          repWall.bare[rep] = (repWall.bare[rep] ?? 0) + plain[rep]!.wall;
        });
        total.grpc += gWall;
        total.bare += bWall;
        total.grpcCpu = gCpu === null || total.grpcCpu === null ? null : total.grpcCpu + gCpu;
        total.bareCpu = bCpu === null || total.bareCpu === null ? null : total.bareCpu + bCpu;
        total.excess += gRest - bRest;
        nodeCpu.grpc.push(...grpc.map((s) => s.node));
        nodeCpu.bare.push(...plain.map((s) => s.node));
        const first = grpc[0]!.value;
        rows.push([
          c.label,
          String(first.bytes),
          first.psnr.avg.toFixed(3),
          pair(gWall, bWall),
          mark(median(grpc.map((s, rep) => s.wall / plain[rep]!.wall)), OVERHEAD_TARGET),
          `${orDash(gCpu)}/${orDash(bCpu)}`,
          mark(gCpu === null || bCpu === null ? null : gCpu / bCpu, OVERHEAD_TARGET),
          pair(median(grpc.map((s) => s.value.encodeSeconds)), median(plain.map((s) => s.value.encodeSeconds))),
          pair(median(grpc.map((s) => s.value.measureSeconds)), median(plain.map((s) => s.value.measureSeconds))),
          pair(gRest, bRest),
          mark((bWall + gRest - bRest) / bWall, OVERHEAD_TARGET),
          `${spread(grpc)}/${spread(plain)}`,
        ]);
      }
      // Each g run and the b run beside it saw much the same background load: ratio per pair, then the median.
      const wallRatio = median(repWall.grpc.map((g, rep) => g / repWall.bare[rep]!));
      const cpuRatio = total.grpcCpu === null || total.bareCpu === null ? null : total.grpcCpu / total.bareCpu;
      rows.push([
        'total',
        '',
        '',
        `${seconds(total.grpc)}/${seconds(total.bare)}`,
        mark(wallRatio, OVERHEAD_TARGET),
        `${orDash(total.grpcCpu)}/${orDash(total.bareCpu)}`,
        mark(cpuRatio, OVERHEAD_TARGET),
        '',
        '',
        '',
        mark((total.bare + total.excess) / total.bare, OVERHEAD_TARGET),
        '',
      ]);
      report('runner overhead: RunExperiment over gRPC (g) vs the bare commands (b)', startLoad, all, [
        `ratio = g / b, target <= ${OVERHEAD_TARGET}; every figure a median over ${REPS} run(s); wall ratio = median of the`,
        '  ratios of back-to-back g and b runs (total: of the per-round sums), which cancels slow drifts in background load',
        table(['config', 'bytes', 'PSNR dB', 'wall g/b s', 'wall ratio', 'CPU g/b s', 'CPU ratio', 'encode g/b', 'measure g/b', 'rest g/b', 'rest-only ratio', 'spread g/b'], rows),
        'wall: call to result (g), first spawn to last exit (b). CPU: this process and the ffmpeg/ffprobe it ran.',
        'encode, measure: ffmpeg process wall times. rest = wall - encode - measure: for g the probes of source and',
        '  artifact, checks, sha256 and gRPC; for b one ffprobe of the artifact. rest-only ratio = (b + rest g - rest b) / b:',
        '  the overhead outside ffmpeg alone, free of ffmpeg run-to-run noise. spread = slowest - fastest run.',
        `CPU of this Node process alone per run (gRPC, fluent-ffmpeg, parsing, hashing): g ${seconds(median(nodeCpu.grpc))} s, b ${seconds(median(nodeCpu.bare))} s`,
        `the runner's probeVideo(), which it runs on the source and on the artifact in each call: median ${seconds(median(runnerProbe))} s`,
        `bytes and frames identical both ways, PSNR within ${PSNR_TOLERANCE_DB} dB, on every run.`,
      ]);
      if (ENFORCE) expect(wallRatio).toBeLessThanOrEqual(OVERHEAD_TARGET);
    },
    LONG,
  );

  it(
    'our one-pass PSNR+SSIM measurement is no slower than plain ffmpeg psnr and ssim passes',
    async () => {
      const startLoad = load();
      const rows: string[][] = [];
      const all: Sample<unknown>[] = [];
      const total = { ours: 0, psnr: 0, ssim: 0, oursCpu: 0 as number | null, plainCpu: 0 as number | null };
      const kinds = ['ours', 'psnr', 'ssim'] as const;
      for (const c of CONFIGS) {
        const workDir = join(dir, 'measure', `${c.encoder}-${c.preset}-${c.crf}`);
        await mkdir(workDir, { recursive: true });
        let artifact = artifacts.get(c.label);
        if (!artifact) {
          // Run on its own (-t): make the artifact with the bare encode.
          artifact = join(workDir, 'artifact.mp4');
          await bare.timedExec('ffmpeg', bare.encodeCommand(source, c, artifact));
        }
        const range = await bare.probeRange(artifact);
        const runs: Record<(typeof kinds)[number], Sample<string>[]> = { ours: [], psnr: [], ssim: [] };
        for (let rep = 0; rep < REPS; rep++) {
          // Rotate the order each round so no pass always runs first.
          for (let k = 0; k < kinds.length; k++) {
            const kind = kinds[(k + rep) % kinds.length]!;
            const args = kind === 'ours' ? bare.measureCommand(source, artifact, range, workDir) : bare.plainMetricCommand(source, artifact, kind);
            runs[kind].push(await sample(async () => (await bare.timedExec('ffmpeg', args)).value.stderr));
          }
        }
        all.push(...runs.ours, ...runs.psnr, ...runs.ssim);
        const ours = median(runs.ours.map((s) => s.wall));
        const psnr = median(runs.psnr.map((s) => s.wall));
        const ssim = median(runs.ssim.map((s) => s.wall));
        const oursCpu = medianOf(runs.ours.map((s) => s.cpu));
        const psnrCpu = medianOf(runs.psnr.map((s) => s.cpu));
        const ssimCpu = medianOf(runs.ssim.map((s) => s.cpu));
        const plainCpu = psnrCpu === null || ssimCpu === null ? null : psnrCpu + ssimCpu;
        total.ours += ours;
        total.psnr += psnr;
        total.ssim += ssim;
        total.oursCpu = oursCpu === null || total.oursCpu === null ? null : total.oursCpu + oursCpu;
        total.plainCpu = plainCpu === null || total.plainCpu === null ? null : total.plainCpu + plainCpu;
        const dPsnr = bare.parsePsnr(runs.ours[0]!.value) - bare.parsePsnr(runs.psnr[0]!.value);
        rows.push([
          c.label,
          `${seconds(ours)}/${seconds(psnr)}/${seconds(ssim)}`,
          mark(ours / (psnr + ssim), MEASURE_TARGET),
          ratio(ours / psnr),
          `${orDash(oursCpu)}/${orDash(plainCpu)}`,
          mark(oursCpu === null || plainCpu === null ? null : oursCpu / plainCpu, MEASURE_TARGET),
          dPsnr.toFixed(4),
        ]);
      }
      const wallRatio = total.ours / (total.psnr + total.ssim);
      rows.push([
        'total',
        `${seconds(total.ours)}/${seconds(total.psnr)}/${seconds(total.ssim)}`,
        mark(wallRatio, MEASURE_TARGET),
        ratio(total.ours / total.psnr),
        `${orDash(total.oursCpu)}/${orDash(total.plainCpu)}`,
        mark(total.oursCpu === null || total.plainCpu === null ? null : total.oursCpu / total.plainCpu, MEASURE_TARGET),
        '',
      ]);
      report('measurement pass: ours (one process, psnr+ssim) vs plain ffmpeg psnr and ssim passes', startLoad, all, [
        `plain = ffmpeg -i artifact -i source -lavfi psnr|ssim -f null -, one process per metric; target ours/(psnr+ssim) <= ${MEASURE_TARGET}`,
        table(['artifact', 'wall ours/psnr/ssim s', 'ours/(psnr+ssim)', 'ours/psnr', 'CPU ours/(psnr+ssim) s', 'CPU ratio', 'dPSNR dB'], rows),
        `medians over ${REPS} run(s), order rotated. ours = the runner's graph (aligned, range-converted, stats files written).`,
        'dPSNR = our PSNR average - the plain psnr average (0: the alignment changes nothing on this clip).',
      ]);
      if (ENFORCE) expect(wallRatio).toBeLessThanOrEqual(MEASURE_TARGET);
    },
    LONG,
  );
});
